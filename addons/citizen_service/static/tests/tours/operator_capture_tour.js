import { registry } from "@web/core/registry";

/**
 * Operator of the 072 line, in es_MX: a known caller (phone typed in another format)
 * and a new caller registered on the spot, each with a report saved with folio and
 * deadline.
 */
function fileLampReport() {
    return [
        {
            content: "Petition found by typing 'lampara' (no accent)",
            trigger: ".o_field_widget[name=category_id] input",
            run: "edit lampara",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Lámpara apagada)",
            run: "click",
        },
        {
            content: "The petition's extra fields are in Spanish",
            trigger: ".o_field_widget[name=petition_properties]:contains(Número de poste)",
        },
        {
            trigger: ".o_field_widget[name=description] textarea",
            run: "edit La lámpara frente al número 214 no enciende desde el lunes.",
        },
        {
            trigger: ".o_form_sheet button[name=action_save]:contains(Guardar reporte)",
            run: "click",
        },
        {
            content: "Folio and deadline told to the operator",
            trigger: ".o_notification:contains(guardado):contains(Fecha límite)",
        },
        {
            content: "The saved report shows its folio and deadline",
            trigger: ".o_form_view h1:contains(Folio) .o_field_widget[name=number]:contains(0)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=date_deadline] input:not(:value(''))",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=channel_id] input:value(Línea 072)",
        },
    ];
}

registry.category("web_tour.tours").add("citizen_service_operator_capture", {
    url: "/odoo/action-citizen_service.action_citizen_report_capture",
    steps: () => [
        {
            content: "The capture screen starts with the caller's phone",
            trigger: ".o_breadcrumb:contains(Captura rápida)",
        },
        {
            trigger: ".o_form_view label:contains(Teléfono o número de ciudadano)",
        },
        {
            content: "Known caller, phone typed without spaces",
            trigger: ".o_field_widget[name=lookup] input",
            run: "edit 4771234567 && press Tab",
        },
        {
            trigger: ".o_field_widget[name=lookup_state]:contains(Ciudadano encontrado)",
        },
        {
            trigger: ".o_field_widget[name=partner_id] input:value(Guadalupe Martínez Rocha)",
        },
        {
            content: "Their open reports are listed",
            trigger: "h3:contains(Reportes abiertos del ciudadano)",
        },
        {
            trigger: ".o_field_widget[name=open_ticket_ids] .o_data_row",
        },
        ...fileLampReport(),
        {
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains(Guadalupe Martínez Rocha), .o_form_view .o_field_widget[name=partner_id] input:value(Guadalupe Martínez Rocha)",
        },
        // ---- next call: a new caller -------------------------------------------------
        {
            content: "Next call from the menu",
            trigger: ".o_main_navbar a:contains(Captura rápida), .o_main_navbar button:contains(Captura rápida)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=lookup] input",
            run: "edit +52 477 555 8899 && press Tab",
        },
        {
            trigger: ".o_field_widget[name=lookup_state]:contains(Nuevo ciudadano)",
        },
        {
            trigger: ".o_field_widget[name=new_phone]:contains(+524775558899), .o_field_widget[name=new_phone] input:value(+524775558899)",
        },
        {
            trigger: ".o_field_widget[name=new_name] input",
            run: "edit Guadalupe Martinez Ortega && press Tab",
        },
        {
            content: "Duplicate warning: a similar citizen is registered",
            trigger: ".o_citizen_capture_duplicates:contains(Posible duplicado):contains(Guadalupe Martínez Rocha)",
        },
        {
            trigger: ".o_field_widget[name=new_email] input",
            run: "edit lupita.ortega@example.com",
        },
        {
            trigger: ".o_field_widget[name=new_colonia_id] input",
            run: "edit Obregón",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Obregón)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=street] input",
            run: "edit Calle Madero 214",
        },
        ...fileLampReport(),
        {
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains(Guadalupe Martinez Ortega), .o_form_view .o_field_widget[name=partner_id] input:value(Guadalupe Martinez Ortega)",
        },
        {
            content: "The report has its place: colonia and coordinates of its centre",
            trigger: ".o_notebook a:contains(Ubicación)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=location_display]:contains(Centro de la colonia)",
        },
    ],
});
