import {registry} from "@web/core/registry";

// The coordinator (demo user "coordinador", es_MX) opens the map of reports from the
// Reportes menu: the located reports are drawn as markers (tiles need the internet).
registry.category("web_tour.tours").add("citizen_service_map", {
    url: "/odoo/action-citizen_service.action_citizen_reports",
    steps: () => [
        {
            content: "Open the Reports menu",
            trigger: ".o_menu_sections button:contains(Reportes)",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains(Mapa de reportes)",
            run: "click",
        },
        {
            content: "The map is drawn, with the same filters as Asuntos del día",
            trigger: ".o_citizen_map .leaflet-container",
        },
        {
            trigger: ".o_searchview_facet:contains(Capturado)",
        },
        {
            content: "Markers (single reports or clusters) are on the map",
            trigger: ".o_citizen_map .leaflet-marker-pane .leaflet-marker-icon",
        },
        {
            content: "The legend counts the reports in Spanish",
            trigger: ".o_citizen_map_summary:contains(reportes en el mapa)",
        },
        {
            trigger: ".o_citizen_map_legend:contains(Vencido):contains(Por vencer)",
        },
        {
            content: "A report's marker opens its popup",
            trigger: ".o_citizen_map .o_citizen_map_marker",
            run: "click",
        },
        {
            trigger: ".o_citizen_map_popup .o_citizen_map_popup_folio:contains(Folio)",
        },
        {
            content: "... with a link to the report",
            trigger: ".o_citizen_map_popup_open:contains(Abrir reporte)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_breadcrumb:contains(Mapa de reportes)",
        },
        {
            content: "The report's place is on a map in its Location tab",
            trigger: ".o_notebook .nav-link:contains(Ubicación)",
            run: "click",
        },
        {
            trigger: ".o_citizen_geo_picker .o_citizen_geo_picker_map.leaflet-container",
        },
        {
            trigger: ".o_citizen_geo_picker_coords",
        },
        {
            content: "Clicking the map moves the point",
            trigger: ".o_citizen_geo_picker_map",
            run: "click",
        },
        {
            trigger: ".o_citizen_geo_picker_hint:contains(Haga clic en otro lugar)",
        },
        {
            content: "Leave the report unchanged",
            trigger: ".o_form_button_cancel",
            run: "click",
        },
        {
            content: "Back to the map",
            trigger: ".o_breadcrumb a:contains(Mapa de reportes)",
            run: "click",
        },
        {
            trigger: ".o_citizen_map .leaflet-container",
        },
        {
            content: "The service zones are drawn and can be hidden",
            trigger: ".o_citizen_map_zones_toggle:contains(Zonas de servicio)",
        },
        {
            content: "Reports per colonia",
            trigger: ".o_citizen_map_mode_colonias:contains(Por colonia)",
            run: "click",
        },
        {
            trigger: ".o_citizen_map_summary:contains(colonias con reportes)",
        },
        {
            content: "The period is chosen next to the mode (last 30 days by default)",
            trigger: ".o_citizen_map_days:contains(Últimos 30 días)",
        },
        {
            content: "A colonia's circle (or polygon) opens its figures",
            trigger: ".o_citizen_map .leaflet-marker-icon.o_citizen_map_colonia",
            run: "click",
        },
        {
            trigger: ".o_citizen_map_colonia_popup .o_citizen_map_colonia_count:contains(reportes)",
        },
        {
            content: "... and the list of those reports",
            trigger: ".o_citizen_map_colonia_open:contains(Ver estos reportes)",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_breadcrumb:contains(Reportes de)",
        },
        {
            trigger: ".o_list_view .o_data_row",
        },
    ],
});
