import { registry } from "@web/core/registry";

// The coordinator opens the statistics dashboard from the Reporting menu (es_MX): the
// spreadsheet loads with its filters and charts, without errors.
registry.category("web_tour.tours").add("citizen_service_dashboard", {
    url: "/odoo/action-citizen_service.action_citizen_reports",
    steps: () => [
        {
            content: "Open the statistics menu",
            trigger: ".o_menu_sections button:contains(Estadísticas)",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains(Tablero de estadísticas)",
            run: "click",
        },
        {
            content: "Our dashboard is the active one, in its own group",
            trigger:
                ".o_search_panel_section:contains(Atención Ciudadana) .o_search_panel_category_value.active:contains(Estadísticas de atención ciudadana)",
        },
        {
            content: "The global filters are in Spanish",
            trigger: '.o_spreadsheet_dashboard_action input[placeholder*="Dependencia"]',
        },
        {
            content: "The spreadsheet is drawn with its charts",
            trigger: ".o_spreadsheet_dashboard_action .o-spreadsheet .o-figure canvas",
        },
        {
            content: "No loading error",
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status.error))",
        },
    ],
});
