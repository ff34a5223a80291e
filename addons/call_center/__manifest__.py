# Copyright 2026 Atención Ciudadana
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Call Center",
    "summary": "Call log, PBX integration, screen pop, callback queue, KPIs, "
    "Erlang C staffing planner and attention protocols",
    "version": "18.0.1.1.0",
    "license": "LGPL-3",
    "author": "Atención Ciudadana",
    "website": "https://github.com/atencion-ciudadana/atencion-ciudadana",
    "category": "Services/Helpdesk",
    "depends": ["citizen_service", "base_phone", "bus", "mail", "queue_job"],
    "external_dependencies": {"python": ["pytz"]},
    "data": [
        "security/call_center_security.xml",
        "security/ir.model.access.csv",
        "data/call_center_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "data/queue_job_data.xml",
        "views/call_center_call_views.xml",
        "views/call_center_config_views.xml",
        "views/call_center_pbx_event_views.xml",
        "views/call_center_report_views.xml",
        "views/call_center_staffing_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/res_users_views.xml",
        "views/res_partner_views.xml",
        "views/call_center_menus.xml",
    ],
    "demo": [
        "demo/call_center_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "call_center/static/src/js/call_center_service.js",
        ],
        "web.assets_tests": [
            "call_center/static/tests/tours/*.js",
        ],
    },
    "application": True,
}
