# Copyright 2026 Atención Ciudadana
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Citizen Perception Surveys",
    "summary": "Auditable daily 10% sample of finished reports, phone perception "
    "survey, self-rating for web/app reports, post-call service survey, results",
    "version": "18.0.1.1.0",
    "license": "LGPL-3",
    "author": "Atención Ciudadana",
    "website": "https://github.com/atencion-ciudadana/atencion-ciudadana",
    "category": "Services/Helpdesk",
    "depends": ["citizen_service", "survey", "rating", "mail", "report_xlsx"],
    "data": [
        "security/citizen_survey_security.xml",
        "security/ir.model.access.csv",
        "data/survey_data.xml",
        "data/mail_template_data.xml",
        "data/helpdesk_channel_data.xml",
        "data/ir_config_parameter_data.xml",
        "data/ir_cron_data.xml",
        "views/citizen_survey_sample_views.xml",
        "views/citizen_survey_sample_line_views.xml",
        "views/citizen_survey_result_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_channel_views.xml",
        "views/res_config_settings_views.xml",
        "views/helpdesk_ticket_templates.xml",
        "report/citizen_survey_report.xml",
        "views/citizen_monthly_closing_views.xml",
        "views/citizen_survey_menus.xml",
    ],
    "demo": [
        "demo/citizen_survey_demo.xml",
    ],
}
