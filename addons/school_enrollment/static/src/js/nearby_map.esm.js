/* global L */
import {loadCSS, loadJS} from "@web/core/assets";
import publicWidget from "@web/legacy/js/public/public_widget";

const LEAFLET = "/web_leaflet_lib/static/lib/leaflet/leaflet";

/**
 * "Schools near home" map of the parents' portal: the home and the schools with seats left
 * (the same rows as the list below it); a marker's popup takes the seat through the row's form.
 */
publicWidget.registry.SchoolEnrollmentNearbyMap = publicWidget.Widget.extend({
    selector: ".o_enrollment_nearby_map",

    async start() {
        await this._super(...arguments);
        const data = JSON.parse(this.el.dataset.map || "{}");
        await Promise.all([loadCSS(`${LEAFLET}.css`), loadJS(`${LEAFLET}.js`)]);
        if (!window.L || !this.el.isConnected) {
            return;
        }
        this.map = L.map(this.el, {scrollWheelZoom: false});
        if (data.tile_url) {
            L.tileLayer(data.tile_url, {attribution: data.copyright, maxZoom: 19}).addTo(
                this.map
            );
        }
        const markers = data.markers || [];
        const points = markers.map((m) => [m.lat, m.lon]);
        if (data.home) {
            points.push(data.home);
        }
        // the view first: leaflet adds layers to a map only once it has one
        if (points.length === 1) {
            this.map.setView(points[0], 15);
        } else if (points.length) {
            this.map.fitBounds(points, {padding: [24, 24], maxZoom: 16});
        } else {
            return;
        }
        if (data.home) {
            L.circleMarker(data.home, {radius: 9, color: "#d63384", fillOpacity: 0.8})
                .addTo(this.map)
                .bindTooltip(data.labels.home, {permanent: true, direction: "top"});
        }
        for (const m of markers) {
            const marker = L.marker([m.lat, m.lon], {title: `${m.cct} ${m.name}`}).addTo(
                this.map
            );
            marker.bindPopup(() => this._popup(m, data.labels));
            const icon = marker.getElement();
            icon.classList.add("o_enrollment_nearby_marker");
            icon.dataset.schoolId = m.id;
            if (this._takeForm(m.id)) {
                icon.classList.add("o_enrollment_nearby_marker_take");
            }
        }
        this.el.classList.add("o_enrollment_nearby_map_ready");
    },

    destroy() {
        if (this.map) {
            this.map.remove();
            this.map = null;
        }
        this._super(...arguments);
    },

    _takeForm(schoolId) {
        return document.querySelector(
            `form.o_enrollment_nearby_take[data-school-id="${schoolId}"]`
        );
    },

    _popup(m, labels) {
        const div = document.createElement("div");
        div.className = "o_enrollment_nearby_popup";
        const title = document.createElement("strong");
        title.textContent = m.name;
        div.append(title, document.createElement("br"));
        const km = m.km === null ? "" : ` - ${m.km} km`;
        div.append(`${m.cct} - ${m.shift}${km}`, document.createElement("br"));
        div.append(`${labels.seats}: ${m.seats}`);
        const form = this._takeForm(m.id);
        if (form) {
            const button = document.createElement("button");
            button.type = "button";
            button.className = "btn btn-primary btn-sm d-block mt-2 o_enrollment_nearby_popup_take";
            button.textContent = labels.take;
            button.addEventListener("click", () => form.requestSubmit());
            div.append(button);
        }
        return div;
    },
});

export default publicWidget.registry.SchoolEnrollmentNearbyMap;
