# Copyright 2026 Atención Ciudadana
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Citizen Appointments (cita previa)",
    "summary": "In-person attention by appointment at the offices of the directory, "
    "built on OCA resource_booking: portal booking, reminders, QR confirmation, "
    "check-in and no-shows",
    "version": "18.0.1.0.1",
    "license": "AGPL-3",
    "author": "Atención Ciudadana",
    "website": "https://github.com/atencion-ciudadana/atencion-ciudadana",
    "category": "Services/Helpdesk",
    "depends": ["citizen_service", "resource_booking"],
    "data": [
        "security/citizen_appointment_security.xml",
        "security/ir.model.access.csv",
        "report/appointment_confirmation.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "data/holiday_sync_data.xml",
        "views/resource_booking_views.xml",
        "views/resource_booking_type_views.xml",
        "wizards/citizen_appointment_wizard_views.xml",
        "views/res_partner_views.xml",
        "views/citizen_inbound_message_views.xml",
        "templates/portal_templates.xml",
        "views/citizen_appointment_menus.xml",
    ],
    "demo": [
        "demo/citizen_appointment_demo.xml",
    ],
    "assets": {
        "web.assets_tests": ["citizen_appointment/static/tests/tours/*.js"],
    },
}
