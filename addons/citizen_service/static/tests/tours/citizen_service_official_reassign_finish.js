import { registry } from "@web/core/registry";

// A department official (demo user "alumbrado", es_MX) sends a misrouted report to
// another department, then takes another report through Proceso to Terminado.
registry.category("web_tour.tours").add("citizen_service_official_reassign_finish", {
    url: "/odoo/action-citizen_service.action_citizen_reports",
    steps: () => [
        // --- reassign a misrouted report to a department he does not belong to -------
        {
            content: "The daily list shows the misrouted report",
            trigger: ".o_breadcrumb:contains(Asuntos del día)",
        },
        {
            content: "Open the misrouted report",
            trigger: ".o_data_row td:contains(Tour Ciudadana Reasignación)",
            run: "click",
        },
        {
            content: "It is still captured",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Capturado)",
        },
        {
            content: "Reassign",
            trigger: ".o_form_statusbar button:contains(Reasignar)",
            run: "click",
        },
        {
            content: "Choose the water department",
            trigger: ".modal .o_field_widget[name=team_id] input",
            run: "edit SAPAL",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(SAPAL)",
            run: "click",
        },
        {
            content: "The reason is required",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Es una fuga de agua; la atiende SAPAL.",
        },
        {
            trigger: ".modal button[name=action_apply]:contains(Aplicar)",
            run: "click",
        },
        {
            content: "Back on the daily list, the report has left it",
            trigger:
                ".o_list_view:not(:has(.modal)) .o_data_row td:contains(Tour Ciudadano Proceso)",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row td:contains(Tour Ciudadana Reasignación)))",
        },
        // --- Capturado -> Proceso (first response) -> Terminado ---------------------
        {
            content: "Open the report to attend",
            trigger: ".o_data_row td:contains(Tour Ciudadano Proceso)",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Capturado)",
        },
        {
            content: "Start the process",
            trigger: ".o_form_statusbar button[name=action_citizen_process]:contains(Iniciar proceso)",
            run: "click",
        },
        {
            content: "Proceso asks for the department's first response",
            trigger: ".modal label:contains(Respuesta o acción inicial)",
        },
        {
            trigger: ".modal .o_field_widget[name=text] textarea",
            run: "edit La cuadrilla revisará la luminaria el martes.",
        },
        {
            trigger: ".modal button[name=action_confirm]:contains(Iniciar proceso)",
            run: "click",
        },
        {
            content: "The report is in Proceso",
            trigger:
                "body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current:contains(Proceso)",
        },
        {
            content: "Finish it",
            trigger: ".o_form_statusbar button[name=action_citizen_finish]:contains(Terminar)",
            run: "click",
        },
        {
            content: "Finishing asks for the written response to the citizen",
            trigger: ".modal label:contains(Respuesta al ciudadano)",
        },
        {
            trigger: ".modal .o_field_widget[name=text] textarea",
            run: "edit Se reemplazó la luminaria; ya enciende.",
        },
        {
            trigger: ".modal button[name=action_confirm]:contains(Terminar)",
            run: "click",
        },
        {
            content: "The report shows Terminado",
            trigger:
                "body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current:contains(Terminado)",
        },
        {
            content: "Open the response tab",
            trigger: ".o_notebook .nav-link:contains(Respuesta)",
            run: "click",
        },
        {
            content: "Who finished it is recorded",
            trigger: ".o_field_widget[name=finished_by_id]:contains(Claudia Noemí Bernal Soto)",
        },
    ],
});
