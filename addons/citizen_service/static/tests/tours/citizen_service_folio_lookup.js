import { registry } from "@web/core/registry";

// An anonymous visitor (es_MX) follows a report: the folio typed without its leading
// zeros (99539 for 0099539) shows the status; with the verification code printed on the
// receipt, also the description and the response. Data: TestFolioLookupTour.
registry.category("web_tour.tours").add("citizen_service_folio_lookup", {
    url: "/atencion/folio",
    steps: () => [
        { trigger: "h1:contains(Consulte su reporte)" },
        { trigger: "input#citizen_folio", run: "edit 99539" },
        { trigger: ".o_citizen_folio_form button[type=submit]", run: "click" },
        { trigger: ".o_citizen_folio_result h4:contains(0099539)" },
        { trigger: ".o_citizen_folio_result .badge:contains(Terminado)" },
        { trigger: ".o_citizen_folio_code_hint:contains(código de verificación)" },
        { trigger: ".o_citizen_folio_result:not(:has(.o_citizen_folio_description))" },
        { trigger: "input#citizen_folio_code", run: "edit k7q2m9xp" },
        { trigger: ".o_citizen_folio_form button[type=submit]", run: "click" },
        { trigger: ".o_citizen_folio_description:contains(luminaria frente a la escuela)" },
        { trigger: ".o_citizen_folio_response:contains(Se reemplazó la luminaria)" },
    ],
});
