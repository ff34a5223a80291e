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
    ],
});
