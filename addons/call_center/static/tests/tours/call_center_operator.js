import { registry } from "@web/core/registry";

// The demo operator answers the phone in Spanish: opens the app from the home menu,
// creates a report from a ringing call and links another call to an existing report.
registry.category("web_tour.tours").add("call_center_operator", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the call center from its app icon",
            trigger: ".o_app[data-menu-xmlid='call_center.menu_call_center_root']",
            run: "click",
        },
        { trigger: ".o_main_navbar .o_menu_brand:contains(Centro de Atención Telefónica)" },
        { trigger: ".o_main_navbar .o_menu_sections button:contains(Llamadas)", run: "click" },
        { trigger: ".o-dropdown--menu .dropdown-item:contains(Cola de devolución de llamadas)" },
        { trigger: ".o-dropdown--menu .dropdown-item:contains(Todas las llamadas)", run: "click" },
        {
            content: "Open a ringing call",
            trigger:
                ".o_list_view .o_data_row:has(td[name=partner_id]:contains(Martha Elena Ramírez Zúñiga)) td[name=state]:contains(Timbrando)",
            run: "click",
        },
        { trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Timbrando)" },
        { trigger: ".o_form_view .o_statusbar_buttons button:contains(Vincular a reporte existente)" },
        {
            content: "Create the report from the call",
            trigger: ".o_form_view .o_statusbar_buttons button:contains(Crear reporte)",
            run: "click",
        },
        {
            content: "The report shows its origin and the call",
            trigger: ".o_form_view .o_field_widget[name=channel_id] input:value(Centro de Atención Telefónica)",
        },
        { trigger: ".o_form_view .o_field_widget[name=call_center_call_id] :contains(Martha Elena Ramírez Zúñiga)" },
        {
            trigger: ".o_form_view .o_field_widget[name=description] .odoo-editor-editable",
            run: "editor La lámpara del poste frente al número 120 está apagada desde el lunes.",
        },
        { trigger: ".o_form_view .o_form_button_save", run: "click" },
        { trigger: ".o_form_view .o_form_saved" },
        {
            content: "The report links back to the call",
            trigger: ".o_form_view .oe_stat_button[name=action_view_call_center_calls]:contains(Llamadas)",
        },
        {
            content: "Back to the call",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Martha Elena Ramírez Zúñiga)",
            run: "click",
        },
        { trigger: ".o_form_view .oe_stat_button[name=action_open_report]:contains(Reporte)" },
        { trigger: ".o_form_view .o_field_widget[name=outcome] select:has(option:selected:contains(Reporte creado))" },
        { trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(En curso)" },
        { trigger: ".o_form_view .o_statusbar_buttons:not(:has(button:contains(Crear reporte)))" },
        {
            content: "Back to the calls",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Llamadas)",
            run: "click",
        },
        {
            content: "Open another ringing call",
            trigger:
                ".o_list_view .o_data_row:has(td[name=partner_id]:contains(Rosa Isela Campos Hernández)) td[name=state]:contains(Timbrando)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button:contains(Vincular a reporte existente)",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=report_id] input",
            run: "edit Lámpara",
        },
        {
            content: "The results of the search typed (not an earlier list) are shown",
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains(ámpara):not(:contains(Buscar más))",
            run: "click",
        },
        {
            content: "The report is chosen before linking",
            trigger: ".modal .o_field_widget[name=report_id] input:value(ámpara)",
        },
        { trigger: ".modal .modal-footer button:contains(Vincular)", run: "click" },
        {
            content: "The call is linked and no longer rings",
            trigger: ".o_form_view:not(:has(.modal)) .oe_stat_button[name=action_open_report]:contains(Reporte)",
        },
        { trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(En curso)" },
    ],
});
