# Copyright 2026 Atención Ciudadana
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Call Center - School Enrollment",
    "summary": "Link a call to the enrollment change request it created (bridge between "
    "call_center and school_enrollment)",
    "version": "18.0.1.0.0",
    "license": "LGPL-3",
    "author": "Atención Ciudadana",
    "website": "https://github.com/atencion-ciudadana/atencion-ciudadana",
    "category": "Services/Helpdesk",
    "depends": ["call_center", "school_enrollment"],
    "data": [
        "views/call_center_call_views.xml",
        "views/school_enrollment_change_request_views.xml",
    ],
    "auto_install": True,
}
