# Copyright 2026 Atención Ciudadana
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Citizen Campaigns – Call Center",
    "summary": "Segments of the citizens who called a line of the call center",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "author": "Atención Ciudadana",
    "website": "https://github.com/atencion-ciudadana/atencion-ciudadana",
    "category": "Services/Helpdesk",
    "depends": ["citizen_campaign", "call_center"],
    "data": ["views/citizen_segment_views.xml"],
    "auto_install": True,
}
