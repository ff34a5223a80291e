# Copyright 2026 Atención Ciudadana
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Citizen Campaigns (proactive service)",
    "summary": "Segments of citizens defined without code, counted live, and campaigns "
    "and alerts to them by e-mail, SMS or WhatsApp with consent, opt-out, delivery "
    "figures and replies",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "author": "Atención Ciudadana",
    "website": "https://github.com/atencion-ciudadana/atencion-ciudadana",
    "category": "Services/Helpdesk",
    "depends": ["citizen_service", "mail", "phone_validation", "website"],
    "data": [
        "security/citizen_campaign_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/citizen_segment_views.xml",
        "views/citizen_campaign_views.xml",
        "views/res_partner_views.xml",
        "views/citizen_campaign_templates.xml",
        "views/citizen_campaign_menus.xml",
    ],
    "demo": ["demo/citizen_campaign_demo.xml"],
    "assets": {
        "web.assets_tests": ["citizen_campaign/static/tests/tours/*.js"],
    },
}
