import {Component, onMounted, onPatched, onWillStart, onWillUnmount, useRef} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {session} from "@web/session";
import {standardFieldProps} from "@web/views/fields/standard_field_props";
import {useService} from "@web/core/utils/hooks";

/* global L */

/**
 * Point of a report picked by clicking a map (widget of the latitude field; the longitude
 * field is named in the options). The server fills the colonia from the point (onchange).
 */
export class CitizenGeoPicker extends Component {
    static template = "citizen_service_map.GeoPicker";
    static props = {...standardFieldProps, longitudeField: {type: String}};

    setup() {
        this.orm = useService("orm");
        this.mapRef = useRef("map");
        onWillStart(async () => {
            this.home = await this.orm.call("res.users", "get_default_leaflet_position", [
                "helpdesk.ticket",
            ]);
        });
        onMounted(() => this.initMap());
        onPatched(() => this.syncMarker());
        onWillUnmount(() => this.map && this.map.remove());
    }

    get lat() {
        return this.props.record.data[this.props.name] || 0;
    }

    get lng() {
        return this.props.record.data[this.props.longitudeField] || 0;
    }

    get hasPoint() {
        return Boolean(this.lat || this.lng);
    }

    get hint() {
        if (this.props.readonly) {
            return this.hasPoint ? "" : _t("No point on the map.");
        }
        return this.hasPoint
            ? _t("Click elsewhere to move the point.")
            : _t("Click the map where the problem is: the colonia is filled in.");
    }

    initMap() {
        const center = this.hasPoint
            ? [this.lat, this.lng]
            : [this.home.lat || 21.1221, this.home.lng || -101.6824];
        this.map = L.map(this.mapRef.el, {scrollWheelZoom: false}).setView(
            center,
            this.hasPoint ? 16 : 12
        );
        L.tileLayer(session["leaflet.tile_url"], {
            maxZoom: 19,
            attribution: session["leaflet.copyright"],
        }).addTo(this.map);
        this.map.on("click", (ev) => this.onClickMap(ev));
        this.syncMarker();
    }

    syncMarker() {
        if (!this.map) {
            return;
        }
        if (!this.hasPoint) {
            if (this.marker) {
                this.map.removeLayer(this.marker);
                this.marker = null;
            }
            return;
        }
        const latlng = L.latLng(this.lat, this.lng);
        if (this.marker) {
            this.marker.setLatLng(latlng);
        } else {
            this.marker = L.marker(latlng, {
                icon: L.divIcon({className: "o_citizen_map_marker", iconSize: L.point(18, 18)}),
                title: _t("Place of the report"),
            }).addTo(this.map);
            this.map.setView(latlng, Math.max(this.map.getZoom(), 15));
        }
    }

    async onClickMap(ev) {
        if (this.props.readonly) {
            return;
        }
        await this.props.record.update({
            [this.props.name]: Math.round(ev.latlng.lat * 1e7) / 1e7,
            [this.props.longitudeField]: Math.round(ev.latlng.lng * 1e7) / 1e7,
        });
    }

    async onClear() {
        await this.props.record.update({[this.props.name]: 0, [this.props.longitudeField]: 0});
    }
}

export const citizenGeoPicker = {
    component: CitizenGeoPicker,
    displayName: _t("Point on the map"),
    supportedTypes: ["float"],
    extractProps: ({options}) => ({longitudeField: options.longitude_field || "longitude"}),
};

registry.category("fields").add("citizen_geo_picker", citizenGeoPicker);
