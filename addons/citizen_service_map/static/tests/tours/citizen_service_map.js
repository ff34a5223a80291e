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
            trigger: ".o_citizen_map_legend:contains(Vencido)",
        },
    ],
});
