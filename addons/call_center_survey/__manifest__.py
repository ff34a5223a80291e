# Copyright 2026 Atención Ciudadana
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Call Center - Service Survey",
    "summary": "Send the post-call service survey from a call (bridge between call_center "
    "and citizen_survey)",
    "version": "18.0.1.0.0",
    "license": "LGPL-3",
    "author": "Atención Ciudadana",
    "website": "https://github.com/atencion-ciudadana/atencion-ciudadana",
    "category": "Services/Helpdesk",
    "depends": ["call_center", "citizen_survey"],
    "data": ["views/call_center_call_views.xml"],
    "auto_install": True,
}
