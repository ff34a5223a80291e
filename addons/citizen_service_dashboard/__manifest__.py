# Copyright 2026 Atención Ciudadana
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Citizen Service Dashboard",
    "summary": "Spreadsheet dashboard with the citizen service statistics: reports, origins, "
    "status by department, compliance, chatbot, productivity and colonias",
    "version": "18.0.1.0.0",
    "license": "LGPL-3",
    "author": "Atención Ciudadana",
    "website": "https://github.com/atencion-ciudadana/atencion-ciudadana",
    "category": "Services/Helpdesk",
    "depends": ["spreadsheet_dashboard", "citizen_service"],
    "data": [
        "data/dashboards.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "citizen_service_dashboard/static/tests/tours/*.js",
        ],
    },
    "auto_install": True,
}
