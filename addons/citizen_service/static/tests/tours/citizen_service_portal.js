import { registry } from "@web/core/registry";

// The demo citizen ("ciudadano"), in Spanish: the city's landing page, her reports, a new
// report from the portal form, and withdrawing it with a reason.
registry.category("web_tour.tours").add("citizen_service_portal", {
    url: "/",
    steps: () => [
        {
            content: "The home page is the city's citizen service",
            trigger: ".o_citizen_home_hero h1:contains(Municipio de León)",
        },
        {
            content: "The home page has the folio box",
            trigger: ".o_citizen_home_folio_form input[name=folio]",
        },
        {
            content: "The folio box searches",
            trigger: ".o_citizen_home_folio_form button:contains(Consultar)",
        },
        {
            content: "No sample company data on the page",
            trigger: "body:not(:contains(YourLogo)):not(:contains(555-555)):not(:contains(Productos))",
        },
        {
            content: "Go to my reports",
            trigger: ".o_citizen_home_hero a[href='/my/tickets']:contains(Mis reportes)",
            run: "click",
        },
        {
            content: "My reports, in Spanish, with the citizen status",
            trigger: "table th[name=th_number]:contains(Folio)",
        },
        {
            content: "The report in process is listed with its status",
            trigger: "tr:has(a:contains(Bache frente a la primaria)) .o_citizen_status:contains(Proceso)",
        },
        {
            content: "Open the report",
            trigger: "a:contains(Bache frente a la primaria)",
            run: "click",
        },
        {
            content: "The report shows its folio",
            trigger: ".o_citizen_folio_title:contains(Folio)",
        },
        {
            content: "The status is the citizen's word",
            trigger: "#card_header .o_citizen_status:contains(Proceso)",
        },
        {
            content: "No internal id beside the folio",
            trigger: "#card_header h3:contains(Bache frente a la primaria):not(:contains(#))",
        },
        {
            content: "A report in process cannot be withdrawn, and there are no close buttons",
            trigger: "body:not(:has(.o_citizen_withdraw)):not(:has(form[action='/ticket/close']))",
        },
        {
            content: "Back to my reports",
            trigger: ".o_portal_submenu a:contains(Mis reportes)",
            run: "click",
        },
        {
            content: "File a new report",
            trigger: "button.o_citizen_new_report:contains(Nuevo reporte)",
            run: "click",
        },
        {
            content: "The form asks for the petition",
            trigger: "h1:contains(Nuevo reporte)",
        },
        {
            trigger: "select[name=category]",
            run: "selectByLabel Fuga de agua en vía pública",
        },
        {
            trigger: "select[name=colonia]",
            run: "selectByLabel Barrio de San Juan de Dios",
        },
        {
            trigger: "input[name=street]",
            run: "edit Calle Hidalgo 214",
        },
        {
            trigger: "textarea[name=description]",
            run: "edit Sale agua limpia de la banqueta desde ayer.",
        },
        {
            content: "Send the report",
            trigger: "button[type=submit]:contains(Enviar reporte)",
            run: "click",
        },
        {
            content: "The new report is Captured",
            trigger: "#card_header .o_citizen_status:contains(Capturado)",
        },
        {
            content: "It has a folio and no internal id",
            trigger: "#card_header h3:contains(Fuga de agua en vía pública):not(:contains(#))",
        },
        {
            content: "A Captured report can be withdrawn",
            trigger: "button.o_citizen_withdraw_toggle:contains(Retirar mi reporte)",
            run: "click",
        },
        {
            trigger: "textarea[name=reason]:visible",
            run: "edit Los vecinos ya cerraron la llave.",
        },
        {
            trigger: "button.o_citizen_withdraw_submit:contains(Retirar reporte)",
            run: "click",
        },
        {
            content: "The report is withdrawn: Cancelled, with the reason",
            trigger: ".o_citizen_withdrawn",
        },
        {
            trigger: "#card_header .o_citizen_status:contains(Cancelado)",
        },
        {
            trigger: ".o_citizen_portal_reason:contains(Los vecinos ya cerraron la llave.)",
        },
        {
            content: "No more withdraw button",
            trigger: "body:not(:has(.o_citizen_withdraw))",
        },
    ],
});
