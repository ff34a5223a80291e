import {Layout} from "@web/search/layout";
import {SearchBar} from "@web/search/search_bar/search_bar";
import {useSearchBarToggler} from "@web/search/search_bar/search_bar_toggler";
import {MapController} from "@web_view_leaflet_map/views/leaflet_map/leaflet_map_controller.esm";
import {MapRenderer} from "@web_view_leaflet_map/views/leaflet_map/leaflet_map_renderer.esm";
import {_t} from "@web/core/l10n/translation";
import {leafletMapView} from "@web_view_leaflet_map/views/leaflet_map/leaflet_map_view.esm";
import {onWillUpdateProps} from "@odoo/owl";
import {registry} from "@web/core/registry";

/* global L, document */

// worst first: a cluster takes the colour of its most urgent report
const LIGHTS = ["overdue", "due_soon", "on_time", "closed"];

/**
 * Map of citizen reports: the markers come from helpdesk.ticket.citizen_map_markers
 * (only located reports, same search as the lists), coloured by traffic light.
 */
export class CitizenMapRenderer extends MapRenderer {
    static template = "citizen_service_map.MapRenderer";

    setup() {
        super.setup();
        this.summary = {total: 0, unlocated: 0, legend: []};
        onWillUpdateProps(async (nextProps) => {
            await this.loadRecords(nextProps);
        });
    }

    async loadRecords(props = this.props) {
        const result = await this.orm.call("helpdesk.ticket", "citizen_map_markers", [], {
            domain: props.domain || [],
            context: props.context || {},
        });
        this.records = result.markers;
        this.summary = {
            total: result.total,
            unlocated: result.unlocated,
            legend: result.legend,
        };
    }

    get summaryText() {
        const {total, unlocated} = this.summary;
        let text = _t("%(count)s reports on the map", {count: total});
        if (unlocated) {
            text += " · " + _t("%(count)s without location", {count: unlocated});
        }
        return text;
    }

    get legend() {
        return this.summary.legend.map(([light, label]) => ({light, label}));
    }

    renderMarkers() {
        if (!this.leafletMap) {
            return;
        }
        if (this.mainLayer) {
            this.leafletMap.removeLayer(this.mainLayer);
        }
        this.mainLayer = L.markerClusterGroup({
            iconCreateFunction: (cluster) => {
                const lights = new Set(
                    cluster.getAllChildMarkers().map((m) => m.options.trafficLight)
                );
                const worst = LIGHTS.find((light) => lights.has(light)) || "on_time";
                return L.divIcon({
                    html: `<div><span>${cluster.getChildCount()}</span></div>`,
                    className: `marker-cluster o_citizen_map_cluster o_citizen_map_${worst}`,
                    iconSize: L.point(40, 40),
                });
            },
        });
        for (const record of this.records) {
            const marker = this.prepareMarker(record);
            if (marker) {
                this.mainLayer.addLayer(marker);
            }
        }
        const bounds = this.mainLayer.getBounds();
        if (bounds.isValid()) {
            this.leafletMap.fitBounds(bounds.pad(0.1));
        }
        this.leafletMap.addLayer(this.mainLayer);
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
        const root = document.createElement("div");
        root.className = "o_citizen_map_popup";
        const add = (tag, className, text) => {
            const el = document.createElement(tag);
            el.className = className;
            el.textContent = text;
            root.appendChild(el);
            return el;
        };
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
