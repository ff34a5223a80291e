/* Map of the portal's new-report form (plain script: only leaflet.js of web_leaflet_lib,
 * no Odoo assets). A click puts the point in the hidden latitude/longitude inputs and
 * fills the colonia from it (/atencion/mapa/colonia); choosing a colonia without a point
 * centres the map on it. */
/* global L, document, window, fetch */
(function () {
    "use strict";
    function start() {
        const el = document.querySelector(".o_citizen_portal_map");
        if (!el || !window.L || el.dataset.started) {
            return;
        }
        el.dataset.started = "1";
        const config = JSON.parse(el.dataset.config || "{}");
        const block = el.closest(".o_citizen_portal_map_block");
        const form = el.closest("form");
        const latInput = block.querySelector("input[name=latitude]");
        const lngInput = block.querySelector("input[name=longitude]");
        const select = form.querySelector("select[name=colonia]");
        const hint = block.querySelector(".o_citizen_portal_map_hint");
        const done = block.querySelector(".o_citizen_portal_map_done");
        const outside = block.querySelector(".o_citizen_portal_map_outside");
        const found = block.querySelector(".o_citizen_portal_map_colonia");
        const lat0 = parseFloat(latInput.value) || 0;
        const lng0 = parseFloat(lngInput.value) || 0;
        const map = L.map(el, {scrollWheelZoom: false}).setView(
            lat0 || lng0 ? [lat0, lng0] : [config.lat, config.lng],
            lat0 || lng0 ? 16 : 12
        );
        L.tileLayer(config.tile_url, {maxZoom: 19, attribution: config.copyright}).addTo(map);
        let marker = null;
        function place(latlng) {
            if (marker) {
                marker.setLatLng(latlng);
            } else {
                marker = L.marker(latlng, {
                    icon: L.divIcon({
                        className: "o_citizen_portal_marker",
                        html:
                            '<div style="width:18px;height:18px;border-radius:50%;' +
                            "background:#1565c0;border:2px solid #fff;" +
                            'box-shadow:0 0 3px rgba(0,0,0,.6)"></div>',
                        iconSize: L.point(18, 18),
                    }),
                }).addTo(map);
            }
        }
        if (lat0 || lng0) {
            place([lat0, lng0]);
        }
        map.on("click", function (ev) {
            const lat = Math.round(ev.latlng.lat * 1e7) / 1e7;
            const lng = Math.round(ev.latlng.lng * 1e7) / 1e7;
            latInput.value = lat;
            lngInput.value = lng;
            place([lat, lng]);
            hint.classList.add("d-none");
            done.classList.remove("d-none");
            fetch(`/atencion/mapa/colonia?lat=${lat}&lng=${lng}`, {credentials: "same-origin"})
                .then((response) => response.json())
                .then((colonia) => {
                    if (colonia.id && select) {
                        select.value = String(colonia.id);
                        found.textContent = colonia.name;
                        outside.classList.add("d-none");
                    } else {
                        found.textContent = "";
                        outside.classList.remove("d-none");
                    }
                });
        });
        if (select) {
            select.addEventListener("change", function () {
                const option = select.options[select.selectedIndex];
                const lat = parseFloat(option && option.dataset.lat);
                const lng = parseFloat(option && option.dataset.lng);
                if (!latInput.value && (lat || lng)) {
                    map.setView([lat, lng], 15);
                }
            });
        }
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
