# Copyright 2026 Atención Ciudadana
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Citizen Service Map",
    "summary": "Map of citizen reports (OCA web_view_leaflet_map): markers coloured by "
    "traffic light, same filters as the report lists",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "author": "Atención Ciudadana",
    "website": "https://github.com/atencion-ciudadana/atencion-ciudadana",
    "category": "Services/Helpdesk",
    "depends": ["citizen_service", "web_view_leaflet_map"],
    "data": [
        "views/helpdesk_ticket_map_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "citizen_service_map/static/src/views/*",
        ],
        "web.assets_tests": [
            "citizen_service_map/static/tests/tours/*.js",
        ],
    },
    "uninstall_hook": "uninstall_hook",
}
