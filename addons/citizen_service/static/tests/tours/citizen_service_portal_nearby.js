import { registry } from "@web/core/registry";

// The demo citizen ("ciudadano"), in Spanish, reports a water leak that a neighbour already
// reported a few metres away: the form offers that report and she backs it instead of
// filing a duplicate.
registry.category("web_tour.tours").add("citizen_service_portal_nearby", {
    url: "/new/ticket",
    steps: () => [
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
            run: "edit Calle Hidalgo 230",
        },
        {
            trigger: "textarea[name=description]",
            run: "edit Se tira el agua en la esquina.",
        },
        {
            content: "Send the report",
            trigger: "button[type=submit]:contains(Enviar reporte)",
            run: "click",
        },
        {
            content: "The leak was already reported nearby",
            trigger: ".o_citizen_nearby h4:contains(Ya fue reportado cerca)",
        },
        {
            content: "Nothing private of the neighbour's report is shown",
            trigger:
                ".o_citizen_nearby:not(:contains(Vecino Reportante)):not(:contains(Privada del Vecino)):not(:contains(Texto privado))",
        },
        {
            content: "She can still file hers if it is another problem",
            trigger: "button.o_citizen_file_anyway:contains(Es otro problema)",
        },
        {
            content: "She supports the existing report",
            trigger:
                ".o_citizen_nearby_report:contains(Fuga de agua en vía pública) button.o_citizen_back_button:contains(Apoyar este reporte)",
            run: "click",
        },
        {
            content: "Thanked, with the folio she now follows",
            trigger: ".o_citizen_backed h1:contains(Gracias por su apoyo)",
        },
        {
            content: "The report shows its supporters",
            trigger: ".o_citizen_backed .o_citizen_supporter_count:contains(1)",
        },
    ],
});
