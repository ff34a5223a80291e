import {registry} from "@web/core/registry";

// The citizen (demo user "ciudadano", es_MX) files a report by clicking its place on the
// portal's map: the colonia is filled from the point.
registry.category("web_tour.tours").add("citizen_service_map_portal", {
    url: "/new/ticket",
    steps: () => [
        {
            trigger: "h1:contains(Nuevo reporte)",
        },
        {
            content: "The map is drawn under the colonia",
            trigger: ".o_citizen_portal_map.leaflet-container",
        },
        {
            content: "Click the place of the problem",
            trigger: ".o_citizen_portal_map",
            run: "click",
        },
        {
            content: "The point is marked and the colonia found from it",
            trigger: ".o_citizen_portal_map_done:not(.d-none) .o_citizen_portal_map_colonia:not(:empty)",
        },
        {
            trigger: ".o_citizen_portal_map .o_citizen_portal_marker",
        },
        {
            trigger: "select[name=category]",
            run: "selectByLabel Fuga de agua en vía pública",
        },
        {
            trigger: "input[name=street]",
            run: "edit Calle Madero 120",
        },
        {
            trigger: "textarea[name=description]",
            run: "edit Fuga de agua marcada en el mapa.",
        },
        {
            trigger: "button[type=submit]:contains(Enviar reporte)",
            run: "click",
        },
        {
            content: "The new report is Captured",
            trigger: "#card_header .o_citizen_status:contains(Capturado)",
            timeout: 30000,
        },
    ],
});
