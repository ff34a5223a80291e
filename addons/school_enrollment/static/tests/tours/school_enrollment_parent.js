import { registry } from "@web/core/registry";

// The demo parent (portal user "ciudadano", es_MX) follows her children's early enrollment:
// uploads a pending document of a change request, takes a seat for one of her twins, then
// opens the schools near home (list and map) and takes a seat from the map.
registry.category("web_tour.tours").add("school_enrollment_parent", {
    url: "/my/enrollment",
    steps: () => [
        {
            content: "The children's applications are listed",
            trigger: "table:has(th:contains(Escuela asignada)) tbody tr:eq(2)",
        },
        {
            content: "Open the child whose change request waits for documents",
            trigger: "tbody tr:has(.badge:contains(Cambio solicitado)) td a",
            run: "click",
        },
        {
            trigger: ".o_enrollment_pending_documents .o_enrollment_pending_name:contains(Comprobante de domicilio)",
        },
        {
            trigger: ".o_enrollment_pending_documents .o_enrollment_pending_name:contains(INE)",
        },
        {
            content: "Choose the proof of address file",
            trigger:
                ".o_enrollment_pending_document:has(.o_enrollment_pending_name:contains(Comprobante de domicilio)) input[type=file]",
            async run() {
                const input = this.anchor;
                const file = new File(["%PDF-1.4 recibo de luz"], "recibo_luz.pdf", {
                    type: "application/pdf",
                });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Upload it",
            trigger:
                ".o_enrollment_pending_document:has(.o_enrollment_pending_name:contains(Comprobante de domicilio)) button:contains(Subir)",
            run: "click",
        },
        {
            content: "The pending list is updated",
            trigger: ".alert-success:contains(Documento recibido)",
        },
        {
            trigger:
                ".o_enrollment_pending_documents:not(:has(.o_enrollment_pending_name:contains(Comprobante de domicilio))) .o_enrollment_pending_name:contains(INE)",
        },
        {
            content: "Back to the list of children",
            trigger: ".breadcrumb a:contains(Inscripción Anticipada)",
            run: "click",
        },
        {
            content: "Open one of the twins",
            trigger: "tbody tr:has(.badge:contains(Asignado)) td a",
            run: "click",
        },
        {
            content: "Take a seat in another school",
            trigger: "table:has(th:contains(Lugares disponibles)) tbody tr:has(button:contains(Tomar este lugar)):eq(0) button:contains(Tomar este lugar)",
            run: "click",
        },
        {
            content: "A confirmation is asked, with the twins warning",
            trigger: ".o_enrollment_take_confirm h3:contains(Confirme el lugar)",
        },
        { trigger: ".o_enrollment_split_warning:contains(gemel)" },
        { trigger: ".o_enrollment_confirm_seat", run: "click" },
        {
            content: "The seat is confirmed",
            trigger: ".alert-success:contains(confirmado)",
        },
        { trigger: ".o_enrollment_page .badge:contains(Aceptada)" },
        {
            content: "Open the schools near home",
            trigger: "a.o_enrollment_nearby_link:contains(Escuelas cerca de casa)",
            run: "click",
        },
        {
            content: "The list is sorted by distance, with CCT key, shift and seats left",
            trigger:
                ".o_enrollment_nearby_list:has(th:contains(Distancia)):has(th:contains(Turno)) tbody tr:eq(1) td:contains(km)",
        },
        {
            content: "The current school is marked",
            trigger: ".o_enrollment_nearby_list .badge:contains(Escuela actual)",
        },
        {
            content: "The map shows the home and the schools",
            trigger: ".o_enrollment_nearby_map_ready .leaflet-tooltip:contains(Domicilio)",
        },
        {
            content: "Open a school on the map",
            trigger: ".o_enrollment_nearby_map_ready .o_enrollment_nearby_marker_take:eq(0)",
            run: "click",
        },
        {
            content: "Take its seat from the popup",
            trigger: ".o_enrollment_nearby_popup:contains(Lugares disponibles) .o_enrollment_nearby_popup_take:contains(Tomar este lugar)",
            run: "click",
        },
        {
            content: "A confirmation is asked",
            trigger: ".o_enrollment_take_confirm h3:contains(Confirme el lugar)",
        },
        { trigger: ".o_enrollment_confirm_seat", run: "click" },
        {
            content: "The seat is confirmed",
            trigger: ".alert-success:contains(confirmado)",
        },
    ],
});
