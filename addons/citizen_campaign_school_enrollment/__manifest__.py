# Copyright 2026 Atención Ciudadana
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Citizen Campaigns – School Enrollment",
    "summary": "Segments of parents of enrollment applicants, e.g. change requests "
    "with pending documents",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "author": "Atención Ciudadana",
    "website": "https://github.com/atencion-ciudadana/atencion-ciudadana",
    "category": "Services/Education",
    "depends": ["citizen_campaign", "school_enrollment"],
    "data": ["views/citizen_segment_views.xml"],
    "demo": ["demo/citizen_campaign_school_enrollment_demo.xml"],
    "auto_install": True,
}
