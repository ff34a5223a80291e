import { registry } from "@web/core/registry";

// The coordinator defines a segment (sector and age) without writing a domain, sees the
// citizens counted as she goes, and sends an alert to it.
registry.category("web_tour.tours").add("citizen_campaign_coordinator", {
    url: "/odoo/action-citizen_campaign.action_citizen_segment",
    steps: () => [
        { trigger: ".o_breadcrumb:contains(Segmentos)" },
        { trigger: ".o_list_view .o_data_row:contains(Colonias del sector Oriente)" },
        { trigger: ".o_control_panel_main_buttons .o_list_button_add", run: "click" },
        {
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Jóvenes del sector Oriente",
        },
        { trigger: ".o_form_view .o_field_widget[name=sector] input", run: "edit Oriente" },
        { trigger: ".o_form_view .o_field_widget[name=age_max] input", run: "edit 29" },
        {
            content: "The citizens of the segment are counted live",
            trigger: ".o_form_view .oe_stat_button[name=action_view_partners]:contains(Ciudadanos)",
        },
        { trigger: ".o_form_view .o_form_button_save", run: "click" },
        { trigger: ".o_form_view .o_form_saved" },
        {
            content: "A campaign for this segment",
            trigger: ".o_form_view .o_statusbar_buttons button:contains(Nueva campaña)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=segment_id] input:value(Jóvenes del sector Oriente)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Feria del empleo juvenil",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=body] textarea",
            run: "edit Hola {first_name}: el sábado hay feria del empleo juvenil en el parque del Oriente.",
        },
        { trigger: ".o_form_view .o_form_button_save", run: "click" },
        { trigger: ".o_form_view .o_form_saved" },
        { trigger: ".o_form_view .o_statusbar_buttons button:contains(Enviar)", run: "click" },
        { trigger: ".modal-footer .btn-primary", run: "click" },
        {
            content: "Sent: the delivery figures are shown",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:not(:contains(Borrador))",
        },
        { trigger: ".o_form_view .oe_stat_button[name=action_view_recipients]:contains(Destinatarios)" },
        { trigger: ".o_form_view .o_group:contains(Sin consentimiento)" },
    ],
});
