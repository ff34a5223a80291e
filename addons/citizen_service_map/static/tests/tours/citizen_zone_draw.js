import {registry} from "@web/core/registry";

// Clicks on the zone's map at pixel positions (x, y from the top left corner of the map):
// Leaflet turns them into points and Geoman's drawing handler adds a corner at each.
function clickMap(points) {
    const map = document.querySelector(".o_citizen_zone_map_edit .o_citizen_zone_map_map");
    const rect = map.getBoundingClientRect();
    for (const [x, y] of points) {
        const position = {
            bubbles: true,
            cancelable: true,
            view: window,
            clientX: rect.left + x,
            clientY: rect.top + y,
        };
        map.dispatchEvent(new MouseEvent("mousemove", position));
        map.dispatchEvent(new MouseEvent("click", position));
    }
}

// The administrator (es_MX) draws a new service zone next to the department's other zone.
registry.category("web_tour.tours").add("citizen_zone_draw", {
    url: "/odoo/action-citizen_service_map.action_citizen_service_zone",
    steps: () => [
        {
            content: "The list shows each zone on a small map",
            trigger: ".o_list_view .o_data_row .o_citizen_zone_map_compact .leaflet-container",
        },
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit Parque dibujado",
        },
        {
            trigger: ".o_field_widget[name=department_id] input",
            run: "edit Parques (dibujo)",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Parques (dibujo))",
            run: "click",
        },
        {
            content: "The department's other zone is shown faintly for reference",
            trigger: ".o_citizen_zone_map_reference_hint:contains(las otras zonas de Parques (dibujo))",
        },
        {
            trigger: ".o_citizen_zone_map .leaflet-tooltip:contains(Parque existente)",
        },
        {
            content: "Empty zone: the hint explains how to draw",
            trigger: ".o_citizen_zone_map_hint:contains(Dibuje la zona)",
        },
        {
            content: "The drawing tools speak Spanish",
            trigger: ".leaflet-pm-toolbar .button-container[title='Dibujar un polígono'] a",
            run: "click",
        },
        {
            trigger: ".o_citizen_zone_map .leaflet-tooltip:contains(Haga clic para poner la primera esquina)",
        },
        {
            content: "Four corners, then the first one again to close the polygon",
            trigger: ".o_citizen_zone_map_edit .o_citizen_zone_map_map",
            run() {
                clickMap([
                    [120, 120],
                    [320, 120],
                    [320, 300],
                    [120, 300],
                    [120, 120],
                ]);
            },
        },
        {
            trigger: ".o_citizen_zone_map_hint:contains(Polígonos dibujados: 1)",
        },
        {
            content: "Save the zone",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: no pending changes",
            trigger:
                ".o_form_status_indicator:not(.o_form_status_indicator_new_record) .o_form_status_indicator_buttons.invisible:not(:visible)",
        },
        {
            trigger: ".o_breadcrumb:contains(Parque dibujado)",
        },
    ],
});
