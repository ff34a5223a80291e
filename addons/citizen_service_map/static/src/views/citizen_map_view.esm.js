import {Layout} from "@web/search/layout";
import {SearchBar} from "@web/search/search_bar/search_bar";
import {useSearchBarToggler} from "@web/search/search_bar/search_bar_toggler";
import {MapController} from "@web_view_leaflet_map/views/leaflet_map/leaflet_map_controller.esm";
import {MapRenderer} from "@web_view_leaflet_map/views/leaflet_map/leaflet_map_renderer.esm";
import {_t} from "@web/core/l10n/translation";
import {leafletMapView} from "@web_view_leaflet_map/views/leaflet_map/leaflet_map_view.esm";
import {onWillUnmount, onWillUpdateProps, useState} from "@odoo/owl";
import {registry} from "@web/core/registry";

/* global L, document */

// worst first: a cluster takes the colour of its most urgent report
const LIGHTS = ["overdue", "due_soon", "on_time", "closed"];

/**
 * A popup's root element and ``add(tag, className, text)``, which appends a child holding
 * ``text`` (as text, never HTML) and returns it.
 */
function popupBuilder(className) {
    const root = document.createElement("div");
    root.className = className;
    const add = (tag, childClass, text) => {
        const el = document.createElement(tag);
        el.className = childClass;
        el.textContent = text;
        root.appendChild(el);
        return el;
    };
    return {root, add};
}

/**
 * Map of citizen reports: only what is in view is read (helpdesk.ticket.citizen_map_markers
 * with the map's bounds and zoom): single markers coloured by traffic light when few, grid
 * clusters counted by the server when many. Second mode: reports per colonia over a period
 * (circles sized by count, or the colonia's polygon), with the list of those reports.
 * Service zones are drawn on top.
 */
export class CitizenMapRenderer extends MapRenderer {
    static template = "citizen_service_map.MapRenderer";

    setup() {
        super.setup();
        // the OCA renderer parses the attribute nodes, not their values (always zoom 7)
        const attrs = this.props.archInfo.arch.attributes;
        this.defaultZoom = parseInt(attrs.default_zoom?.value, 10) || 13;
        this.maxZoom = parseInt(attrs.max_zoom?.value, 10) || 19;
        this.state = useState({
            mode: "reports",
            days: 30,
            showZones: true,
            summary: {total: 0, unlocated: 0, legend: [], clustered: false},
            colonias: 0,
        });
        this.seq = 0;
        this.withUnlocated = true;
        onWillUpdateProps(async (nextProps) => {
            this.withUnlocated = true;
            await this.refresh(nextProps);
        });
        onWillUnmount(() => {
            this.seq++;
        });
    }

    get periods() {
        return [
            [7, _t("Last 7 days")],
            [30, _t("Last 30 days")],
            [90, _t("Last 90 days")],
            [365, _t("Last 12 months")],
            [0, _t("All time")],
        ];
    }

    // the reports are read once the map knows what is in view
    async loadRecords() {
        this.records = [];
    }

    initMap() {
        super.initMap();
        if (!this.leafletMap) {
            return;
        }
        this.zoneLayer = L.layerGroup();
        this.leafletMap.on("moveend", () => {
            if (this.state.mode === "reports") {
                this.refresh();
            }
        });
        this.loadZones();
        this.refresh();
    }

    // drawing happens when the data of the view arrives (refresh), not on every patch
    renderMarkers() {}

    async refresh(props = this.props) {
        if (!this.leafletMap) {
            return;
        }
        const seq = ++this.seq;
        if (this.state.mode === "colonias") {
            const rows = await this.orm.call("helpdesk.ticket", "citizen_map_colonias", [], {
                domain: props.domain || [],
                days: this.state.days,
                context: props.context || {},
            });
            if (seq === this.seq) {
                this.drawColonias(rows);
            }
            return;
        }
        const b = this.leafletMap.getBounds();
        const result = await this.orm.call("helpdesk.ticket", "citizen_map_markers", [], {
            domain: props.domain || [],
            bounds: [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()],
            zoom: this.leafletMap.getZoom(),
            with_unlocated: this.withUnlocated,
            context: props.context || {},
        });
        if (seq !== this.seq) {
            return;
        }
        const unlocated = this.withUnlocated ? result.unlocated : this.state.summary.unlocated;
        this.withUnlocated = false;
        this.state.summary = {
            total: result.total,
            unlocated,
            legend: result.legend,
            clustered: Boolean(result.clusters.length),
        };
        this.records = result.markers;
        this.drawReports(result.markers, result.clusters);
    }

    clearLayer() {
        if (this.mainLayer) {
            this.leafletMap.removeLayer(this.mainLayer);
            this.mainLayer = null;
        }
    }

    drawReports(markers, clusters) {
        this.clearLayer();
        if (clusters.length) {
            this.mainLayer = L.layerGroup();
            for (const cluster of clusters) {
                this.mainLayer.addLayer(this.prepareServerCluster(cluster));
            }
        } else {
            this.mainLayer = L.markerClusterGroup({
                iconCreateFunction: (cluster) => {
                    const lights = new Set(
                        cluster.getAllChildMarkers().map((m) => m.options.trafficLight)
                    );
                    const worst = LIGHTS.find((light) => lights.has(light)) || "on_time";
                    return this.clusterIcon(cluster.getChildCount(), worst);
                },
            });
            for (const record of markers) {
                const marker = this.prepareMarker(record);
                if (marker) {
                    this.mainLayer.addLayer(marker);
                }
            }
        }
        this.leafletMap.addLayer(this.mainLayer);
    }

    clusterIcon(count, light, extraClass = "") {
        const size = count < 100 ? 40 : count < 1000 ? 48 : 56;
        return L.divIcon({
            html: `<div><span>${count}</span></div>`,
            className: `marker-cluster o_citizen_map_cluster o_citizen_map_${light} ${extraClass}`,
            iconSize: L.point(size, size),
        });
    }

    // a cell counted by the server: clicking it zooms in on its reports
    prepareServerCluster(cluster) {
        const marker = L.marker(L.latLng(cluster.lat, cluster.lng), {
            icon: this.clusterIcon(
                cluster.count,
                cluster.traffic_light,
                "o_citizen_map_server_cluster"
            ),
            title: _t("%(count)s reports", {count: cluster.count}),
        });
        marker.on("click", () => {
            this.leafletMap.setView(
                marker.getLatLng(),
                Math.min(this.leafletMap.getZoom() + 2, this.maxZoom)
            );
        });
        return marker;
    }

    // --- colonia analysis -------------------------------------------------------
    async setMode(mode) {
        if (this.state.mode === mode) {
            return;
        }
        this.state.mode = mode;
        this.withUnlocated = true;
        await this.refresh();
    }

    async onChangeDays(ev) {
        this.state.days = parseInt(ev.target.value, 10) || 0;
        await this.refresh();
    }

    drawColonias(rows) {
        this.clearLayer();
        this.state.colonias = rows.length;
        const max = Math.max(1, ...rows.map((row) => row.count));
        this.mainLayer = L.featureGroup();
        for (const row of rows) {
            const weight = row.count / max;
            if (row.geojson) {
                // the colonia's own outline, shaded by its count
                const area = L.geoJSON(JSON.parse(row.geojson), {
                    style: () => ({
                        color: "#b71c1c",
                        weight: 1,
                        fillColor: "#e53935",
                        fillOpacity: 0.15 + 0.5 * weight,
                        className: "o_citizen_map_colonia_area",
                    }),
                });
                area.bindPopup(() => this.prepareColoniaPopUp(row));
                this.mainLayer.addLayer(area);
            }
            // a circle sized by the count (a small badge on a polygon), with the count
            const size = row.geojson ? 26 : Math.round(18 + 42 * Math.sqrt(weight));
            const marker = L.marker(L.latLng(row.lat, row.lng), {
                icon: L.divIcon({
                    html: `<div style="opacity:${0.45 + 0.5 * weight}"><span>${row.count}</span></div>`,
                    className: "o_citizen_map_colonia",
                    iconSize: L.point(size, size),
                }),
                title: `${row.name}: ${row.count}`,
                riseOnHover: true,
            });
            marker.bindPopup(() => this.prepareColoniaPopUp(row));
            this.mainLayer.addLayer(marker);
        }
        this.leafletMap.addLayer(this.mainLayer);
    }

    prepareColoniaPopUp(row) {
        const {root, add} = popupBuilder("o_citizen_map_popup o_citizen_map_colonia_popup");
        add("div", "fw-bold", row.name);
        add("div", "o_citizen_map_colonia_count", _t("%(count)s reports", {count: row.count}));
        for (const [title, items] of [
            [_t("By department"), row.departments],
            [_t("By petition"), row.petitions],
        ]) {
            if (items.length) {
                add("div", "mt-1 text-muted small", title);
                for (const [name, count] of items) {
                    add("div", "small", `${name}: ${count}`);
                }
            }
        }
        const link = add("a", "o_citizen_map_colonia_open", _t("See these reports"));
        link.href = "#";
        link.addEventListener("click", async (ev) => {
            ev.preventDefault();
            const action = await this.orm.call(
                "helpdesk.ticket",
                "citizen_map_colonia_action",
                [row.id],
                {domain: this.props.domain || [], days: this.state.days}
            );
            this.action.doAction(action);
        });
        return root;
    }

    // --- service zones ---------------------------------------------------------
    async loadZones() {
        const zones = await this.orm.call("helpdesk.ticket", "citizen_map_zones", []);
        if (!this.leafletMap) {
            return;
        }
        this.zoneLayer.clearLayers();
        for (const zone of zones) {
            const layer = L.geoJSON(JSON.parse(zone.geojson), {
                style: () => ({
                    color: zone.color,
                    weight: 2,
                    dashArray: "6 4",
                    fillOpacity: 0.05,
                    className: "o_citizen_map_zone",
                }),
                interactive: false,
            });
            layer.bindTooltip(
                [zone.name, zone.department, zone.petition, zone.user].filter(Boolean).join(" · ")
            );
            this.zoneLayer.addLayer(layer);
        }
        this.state.zoneCount = zones.length;
        if (this.state.showZones) {
            this.zoneLayer.addTo(this.leafletMap);
        }
    }

    toggleZones() {
        this.state.showZones = !this.state.showZones;
        if (this.state.showZones) {
            this.zoneLayer.addTo(this.leafletMap);
        } else {
            this.leafletMap.removeLayer(this.zoneLayer);
        }
    }

    get summaryText() {
        if (this.state.mode === "colonias") {
            return _t("%(count)s colonias with reports", {count: this.state.colonias});
        }
        const {total, unlocated} = this.state.summary;
        let text = _t("%(count)s reports on the map", {count: total});
        if (unlocated) {
            text += " · " + _t("%(count)s without location", {count: unlocated});
        }
        return text;
    }

    get legend() {
        return this.state.summary.legend.map(([light, label]) => ({light, label}));
    }

    prepareMarker(record) {
        if (!record.lat && !record.lng) {
            return null;
        }
        const marker = L.marker(L.latLng(record.lat, record.lng), {
            title: `${record.folio} · ${record.petition}`,
            alt: record.folio,
            riseOnHover: true,
            trafficLight: record.traffic_light,
            icon: L.divIcon({
                className: `o_citizen_map_marker o_citizen_map_${record.traffic_light}`,
                iconSize: L.point(18, 18),
                popupAnchor: L.point(0, -9),
            }),
        });
        marker.bindPopup(() => this.preparePopUp(record));
        return marker;
    }

    preparePopUp(record) {
        const {root, add} = popupBuilder("o_citizen_map_popup");
        add("div", "o_citizen_map_popup_folio fw-bold", _t("Folio %s", record.folio));
        add("div", "o_citizen_map_popup_petition", record.petition);
        if (record.colonia) {
            add("div", "o_citizen_map_popup_colonia text-muted", record.colonia);
        }
        add(
            "div",
            `o_citizen_map_popup_status o_citizen_map_text_${record.traffic_light}`,
            `${record.status} · ${record.traffic_light_label}`
        );
        const link = add("a", "o_citizen_map_popup_open", _t("Open report"));
        link.href = `/odoo/helpdesk.ticket/${record.id}`;
        link.addEventListener("click", (ev) => {
            ev.preventDefault();
            this.onClickLeafletPopup(record);
        });
        return root;
    }
}

// the OCA controller renders its own MapRenderer and has no search bar
export class CitizenMapController extends MapController {
    static template = "citizen_service_map.MapView";
    static components = {Layout, SearchBar, MapRenderer: CitizenMapRenderer};

    setup() {
        super.setup();
        this.searchBarToggler = useSearchBarToggler();
    }
}

export const citizenMapView = {
    ...leafletMapView,
    Controller: CitizenMapController,
    Renderer: CitizenMapRenderer,
    props: (genericProps, view) => ({
        ...leafletMapView.props(genericProps, view),
        Renderer: CitizenMapRenderer,
    }),
};

registry.category("views").add("citizen_service_map", citizenMapView);
