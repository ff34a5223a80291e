import { registry } from "@web/core/registry";

// The coordinator (demo user "coordinador", es_MX) reads the statistics and the
// productivity per official, and finds the work order of a report.
registry.category("web_tour.tours").add("citizen_service_coordinator", {
    url: "/odoo/action-citizen_service.action_citizen_reports",
    steps: () => [
        {
            content: "Open the statistics menu",
            trigger: ".o_menu_sections button:contains(Estadísticas)",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains(Productividad)",
            run: "click",
        },
        {
            content: "Productivity per official: the official who finished reports is counted",
            trigger: ".o_pivot .o_pivot_header_cell_closed:contains(Claudia Noemí Bernal Soto)",
        },
        {
            content: "... and system users who are not officials are not",
            trigger: ".o_pivot:not(:contains(Mitchell Admin)):not(:contains(OdooBot))",
        },
        {
            content: "Reports by department",
            trigger: ".o_menu_sections button:contains(Estadísticas)",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains(Reportes por dependencia)",
            run: "click",
        },
        {
            content: "The chart is drawn",
            trigger: ".o_graph_renderer canvas",
        },
        {
            content: "Switch to the pivot table",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The pivot shows the departments and the statuses",
            trigger: ".o_pivot .o_pivot_header_cell_closed:contains(Alumbrado Público)",
        },
        {
            trigger: ".o_pivot th:contains(Terminado)",
        },
        {
            content: "All reports",
            trigger: ".o_menu_sections button:contains(Reportes)",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains(Todos los reportes)",
            run: "click",
        },
        {
            content: "Open a report",
            trigger: ".o_data_row:first td.o_data_cell:first",
            run: "click",
        },
        {
            content: "The work order can be printed from the report",
            trigger: ".o_form_statusbar button:contains(Orden de trabajo)",
        },
        {
            content: "Back to the list: export to Excel is offered for selected reports",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Todos los reportes)",
            run: "click",
        },
        {
            trigger: ".o_data_row:first .o_list_record_selector input",
            run: "click",
        },
        {
            trigger: ".o_cp_action_menus button:contains(Acciones)",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains(Exportar a Excel)",
        },
    ],
});
