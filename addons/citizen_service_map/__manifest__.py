# Copyright 2026 Atención Ciudadana
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Citizen Service Map",
    "summary": "Map of citizen reports (OCA web_view_leaflet_map) loaded by viewport with "
    "server clusters, reports per colonia, click-to-place, routing by service zone",
    "version": "18.0.1.1.1",
    "license": "AGPL-3",
    "author": "Atención Ciudadana",
    "website": "https://github.com/atencion-ciudadana/atencion-ciudadana",
    "category": "Services/Helpdesk",
    "depends": ["citizen_service", "web_view_leaflet_map"],
    "data": [
        "security/ir.model.access.csv",
        "security/citizen_service_map_security.xml",
        "data/ir_cron_data.xml",
        "views/helpdesk_ticket_map_views.xml",
        "views/citizen_service_zone_views.xml",
        "views/citizen_place_views.xml",
        "views/citizen_portal_map_templates.xml",
    ],
    "demo": ["demo/citizen_map_demo.xml"],
    "assets": {
        # Leaflet-Geoman free 2.20.2 (MIT): drawing of the service zones, 320 KB loaded
        # by the zone widget when it draws (loadBundle), not by every backend page
        "citizen_service_map.assets_geoman": [
            "citizen_service_map/static/lib/leaflet-geoman/leaflet-geoman.min.js",
            "citizen_service_map/static/lib/leaflet-geoman/leaflet-geoman.css",
        ],
        "web.assets_backend": [
            "citizen_service_map/static/src/views/*",
            "citizen_service_map/static/src/fields/*",
        ],
        "web.assets_tests": [
            "citizen_service_map/static/tests/tours/*.js",
        ],
    },
    "uninstall_hook": "uninstall_hook",
}
