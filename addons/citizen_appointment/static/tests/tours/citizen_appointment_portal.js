import { registry } from "@web/core/registry";

/* The demo citizen (portal, es_MX) books an appointment at the Delegación Sur,
 * sees the confirmation with its QR and cancels it. */
registry.category("web_tour.tours").add("citizen_appointment_portal", {
    url: "/my/citas/nueva",
    steps: () => [
        {
            content: "The offices and their kinds of appointment are listed in Spanish",
            trigger: "p.lead:contains(Elija el trámite y la oficina)",
        },
        {
            content: "Choose 'Atención ciudadana – Delegación Sur'",
            trigger:
                ".o_citizen_booking_type:has(strong:contains(Atención ciudadana – Delegación Sur)) button:contains(Elegir día y hora)",
            run: "click",
        },
        {
            content: "Open the first day with free slots",
            trigger: ".o_booking_calendar button.dropdown-toggle:first",
            run: "click",
        },
        {
            content: "Pick the first free time",
            trigger: ".slots-dropdown.show .dropdown-item:first",
            run: "click",
        },
        {
            content: "Confirm the chosen slot",
            trigger: ".modal.show button[type=submit]",
            run: "click",
        },
        {
            content: "The confirmation is shown, with its QR and folio",
            trigger: ".o_citizen_appointment_confirmed:contains(Su cita está confirmada):contains(CITA-) img[alt=QR]",
        },
        {
            content: "The printable confirmation can be downloaded",
            trigger: ".o_citizen_appointment_pdf:contains(Descargar comprobante)",
        },
        {
            content: "Wait for the messages of the appointment to load",
            trigger: "#chatterRoot:shadow .o-mail-Chatter",
            run: async () => {
                await odoo.portalChatterReady;
            },
        },
        {
            content: "Cancel the appointment",
            trigger: "a[data-bs-target='#modal_cancel']",
            run: "click",
        },
        {
            content: "Confirm the cancellation",
            trigger: "#modal_cancel.show a.btn-danger",
            run: "click",
        },
        {
            content: "The citizen is told the appointment was cancelled",
            trigger: ".o_citizen_appointment_cancelled:contains(fue cancelada)",
        },
        {
            content: "and can book a new one",
            trigger: "a.o_citizen_appointment_new:contains(Agendar una cita)",
        },
    ],
});
