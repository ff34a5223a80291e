import {Component, onMounted, onPatched, onWillStart, onWillUnmount, useRef} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {loadBundle} from "@web/core/assets";
import {registry} from "@web/core/registry";
import {session} from "@web/session";
import {standardFieldProps} from "@web/views/fields/standard_field_props";
import {useService} from "@web/core/utils/hooks";

/* global L */

/**
 * Leaflet-Geoman (static/lib/leaflet-geoman, bundle citizen_service_map.assets_geoman) is
 * loaded by the first zone map that draws, not with every backend page; from then on only
 * the maps that ask for it get its tools (opt-in): the map of reports and the point picker
 * keep plain Leaflet layers.
 */
export async function loadGeoman() {
    if (!L.PM) {
        await loadBundle("citizen_service_map.assets_geoman");
    }
    L.PM.setOptIn(true);
}

const DEFAULT_COLOR = "#3f51b5";
const REFERENCE_STYLE = {
    color: "#6c757d",
    weight: 1,
    opacity: 0.7,
    fillOpacity: 0.08,
    dashArray: "4 4",
    interactive: false,
};

/**
 * Polygons (GeoJSON coordinates, [lng, lat]) of a GeoJSON text: Polygon, MultiPolygon,
 * Feature, FeatureCollection or GeometryCollection, as the server reads them
 * (tools/geo.py). Empty list when the text is empty or cannot be read.
 */
export function geojsonPolygons(text) {
    let data = null;
    try {
        data = text ? JSON.parse(text) : null;
    } catch {
        return [];
    }
    const fromGeometry = (geometry) => {
        if (!geometry || typeof geometry !== "object") {
            return [];
        }
        if (geometry.type === "Polygon") {
            return [geometry.coordinates];
        }
        if (geometry.type === "MultiPolygon") {
            return geometry.coordinates || [];
        }
        if (geometry.type === "GeometryCollection") {
            return (geometry.geometries || []).flatMap(fromGeometry);
        }
        if (geometry.type === "Feature") {
            return fromGeometry(geometry.geometry);
        }
        if (geometry.type === "FeatureCollection") {
            return (geometry.features || []).flatMap(fromGeometry);
        }
        return [];
    };
    return fromGeometry(data).filter((polygon) => Array.isArray(polygon) && polygon.length);
}

/** GeoJSON text of polygons: a Polygon for one, a MultiPolygon for several, false for none. */
export function polygonsGeojson(polygons) {
    if (!polygons.length) {
        return false;
    }
    if (polygons.length === 1) {
        return JSON.stringify({type: "Polygon", coordinates: polygons[0]});
    }
    return JSON.stringify({type: "MultiPolygon", coordinates: polygons});
}

function polygonLatLngs(polygon) {
    return polygon.map((ring) => ring.map((pos) => [pos[1], pos[0]]));
}

/**
 * Area of a service zone drawn on the map (widget of its GeoJSON field). Editable: the
 * Leaflet-Geoman toolbar draws polygons and rectangles, edits their corners, moves them,
 * cuts holes and deletes them; the other zones of the department are shown faintly. Read
 * only (lists, no write access): the zone on a small map. The server validates the GeoJSON
 * on save (tools/geo.py: a crossing border or an empty area is refused in Spanish).
 */
export class CitizenZoneMap extends Component {
    static template = "citizen_service_map.ZoneMap";
    static props = {
        ...standardFieldProps,
        showOtherZones: {type: Boolean, optional: true},
        compact: {type: Boolean, optional: true},
    };

    setup() {
        this.orm = useService("orm");
        this.mapRef = useRef("map");
        this.lastValue = this.value;
        this.referenceKey = null;
        onWillStart(async () => {
            if (this.editable) {
                await loadGeoman();
            }
            this.home = {lat: 0, lng: 0};
            if (!geojsonPolygons(this.value).length) {
                this.home = await this.orm.call("res.users", "get_default_leaflet_position", [
                    "helpdesk.ticket",
                ]);
            }
        });
        onMounted(() => {
            this.initMap();
            // a map mounted in a hidden tab or a narrow cell: redraw the tiles at its size
            this.resizeObserver = new ResizeObserver(() => this.map && this.map.invalidateSize());
            this.resizeObserver.observe(this.mapRef.el);
        });
        onPatched(() => this.syncFromRecord());
        onWillUnmount(() => {
            if (this.resizeObserver) {
                this.resizeObserver.disconnect();
            }
            if (this.map) {
                this.map.remove();
                this.map = null;
            }
        });
    }

    get value() {
        return this.props.record.data[this.props.name] || false;
    }

    get editable() {
        return !this.props.readonly && !this.props.compact;
    }

    get color() {
        return this.props.record.data.color || DEFAULT_COLOR;
    }

    get polygonCount() {
        return geojsonPolygons(this.value).length;
    }

    get departmentId() {
        // a many2one value is [id, display name]
        const department = this.props.record.data.department_id;
        return (department && department[0]) || false;
    }

    get hint() {
        const count = this.polygonCount;
        if (!this.editable) {
            return count || this.props.compact ? "" : _t("No area drawn.");
        }
        if (!count) {
            return _t(
                "Draw the zone: choose the polygon (or rectangle) tool at the left of the map, click each corner and click the first one to close it."
            );
        }
        return _t(
            "Polygons drawn: %(count)s. Move their corners, move them, cut holes or delete them with the tools at the left of the map; save the zone to apply the changes.",
            {count}
        );
    }

    get pathStyle() {
        return {color: this.color, weight: 2, fillOpacity: 0.25};
    }

    geomanTexts() {
        return {
            tooltips: {
                firstVertex: _t("Click to place the first corner"),
                continueLine: _t("Click to place the next corner"),
                finishPoly: _t("Click the first corner to close the polygon"),
                finishRect: _t("Click to place the opposite corner"),
            },
            actions: {
                finish: _t("Finish"),
                cancel: _t("Cancel"),
                removeLastVertex: _t("Remove the last corner"),
            },
            buttonTitles: {
                drawPolyButton: _t("Draw a polygon"),
                drawRectButton: _t("Draw a rectangle"),
                editButton: _t("Move the corners"),
                dragButton: _t("Move a polygon"),
                cutButton: _t("Cut a hole or a piece out of a polygon"),
                deleteButton: _t("Delete a polygon"),
            },
        };
    }

    initMap() {
        const compact = this.props.compact;
        this.map = L.map(this.mapRef.el, {
            scrollWheelZoom: false,
            zoomControl: !compact,
            dragging: !compact,
            doubleClickZoom: !compact,
            boxZoom: !compact,
            keyboard: !compact,
            touchZoom: !compact,
            // a thumbnail in a list row: the form's map carries the attribution
            attributionControl: !compact,
            pmIgnore: !this.editable,
        }).setView([this.home.lat || 21.1221, this.home.lng || -101.6824], compact ? 10 : 12);
        L.tileLayer(session["leaflet.tile_url"], {
            maxZoom: 19,
            attribution: session["leaflet.copyright"],
        }).addTo(this.map);
        this.references = L.layerGroup().addTo(this.map);
        this.drawn = L.featureGroup().addTo(this.map);
        if (this.editable) {
            this.initDrawing();
        }
        this.renderGeometry(true);
        this.loadReferences();
    }

    initDrawing() {
        const pm = this.map.pm;
        pm.addControls({
            position: "topleft",
            drawMarker: false,
            drawCircleMarker: false,
            drawPolyline: false,
            drawCircle: false,
            drawText: false,
            rotateMode: false,
            drawPolygon: true,
            drawRectangle: true,
            editMode: true,
            dragMode: true,
            cutPolygon: true,
            removalMode: true,
        });
        // our own words (es_MX.po), whatever Geoman's built-in languages say
        pm.setLang("citizen", this.geomanTexts(), "en");
        pm.setGlobalOptions({
            layerGroup: this.drawn,
            allowSelfIntersection: false,
            snappable: true,
            snapDistance: 12,
            pathOptions: {...this.pathStyle, pmIgnore: false},
        });
        const changed = () => this.pushDrawing();
        this.map.on("pm:create", (ev) => {
            if (!ev.layer.pm) {
                ev.layer.options.pmIgnore = false;
                L.PM.reInitLayer(ev.layer);
            }
            changed();
        });
        this.map.on("pm:remove pm:cut", changed);
        this.drawn.on("pm:edit pm:dragend", changed);
    }

    /** Layers of the record's GeoJSON (again when it changed outside the drawing). */
    renderGeometry(fit) {
        this.drawn.clearLayers();
        const style = {...this.pathStyle, pmIgnore: !this.editable};
        for (const polygon of geojsonPolygons(this.value)) {
            this.drawn.addLayer(L.polygon(polygonLatLngs(polygon), style));
        }
        this.lastValue = this.value;
        if (fit && this.drawn.getLayers().length) {
            this.map.fitBounds(this.drawn.getBounds(), {
                padding: this.props.compact ? [4, 4] : [12, 12],
                maxZoom: 16,
                animate: false,
            });
        }
    }

    /** Polygons of the drawn layers (a cut polygon can be a MultiPolygon layer). */
    drawnPolygons() {
        const polygons = [];
        const collect = (layer) => {
            if (layer instanceof L.LayerGroup) {
                layer.eachLayer(collect);
                return;
            }
            if (!(layer instanceof L.Polygon) || layer._pmTempLayer) {
                return;
            }
            const geometry = layer.toGeoJSON(7).geometry;
            if (geometry.type === "Polygon") {
                polygons.push(geometry.coordinates);
            } else if (geometry.type === "MultiPolygon") {
                polygons.push(...geometry.coordinates);
            }
        };
        this.drawn.eachLayer(collect);
        return polygons.filter((polygon) => polygon.length && polygon[0].length >= 4);
    }

    async pushDrawing() {
        const value = polygonsGeojson(this.drawnPolygons());
        this.lastValue = value;
        if (value !== this.value) {
            await this.props.record.update({[this.props.name]: value});
        }
    }

    syncFromRecord() {
        if (!this.map) {
            return;
        }
        if (this.value !== this.lastValue) {
            this.renderGeometry(true);
        } else {
            this.drawn.eachLayer((layer) => layer.setStyle && layer.setStyle({color: this.color}));
        }
        // the template reads the department and the colour: a change of either patches
        this.loadReferences();
    }

    /** The department's other zones, faint and not editable, to draw next to them. */
    async loadReferences(departmentId = this.departmentId) {
        if (!this.props.showOtherZones || !this.editable) {
            return;
        }
        const recordId = this.props.record.resId || 0;
        const key = `${departmentId}-${recordId}`;
        if (key === this.referenceKey) {
            return;
        }
        this.referenceKey = key;
        const zones = departmentId
            ? await this.orm.searchRead(
                  "citizen.service.zone",
                  [
                      ["department_id", "=", departmentId],
                      ["id", "!=", recordId],
                      ["has_area", "=", true],
                  ],
                  ["name", "geojson"]
              )
            : [];
        if (!this.map || key !== this.referenceKey) {
            return;
        }
        this.references.clearLayers();
        for (const zone of zones) {
            for (const polygon of geojsonPolygons(zone.geojson)) {
                L.polygon(polygonLatLngs(polygon), {...REFERENCE_STYLE})
                    .bindTooltip(zone.name, {
                        permanent: true,
                        direction: "center",
                        className: "o_citizen_zone_map_reference_label",
                    })
                    .addTo(this.references);
            }
        }
        this.referenceCount = zones.length;
        this.render();
    }

    get referenceHint() {
        if (!this.referenceCount) {
            return "";
        }
        const department = this.props.record.data.department_id;
        return _t("Dashed and grey: the other zones of %(department)s.", {
            department: (department && department[1]) || "",
        });
    }
}

export const citizenZoneMap = {
    component: CitizenZoneMap,
    displayName: _t("Zone on the map"),
    supportedTypes: ["text"],
    extractProps: ({options}) => ({
        showOtherZones: Boolean(options.show_other_zones),
        compact: Boolean(options.compact),
    }),
};

registry.category("fields").add("citizen_zone_map", citizenZoneMap);
