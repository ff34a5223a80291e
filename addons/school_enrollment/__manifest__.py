# Copyright 2026 Atención Ciudadana
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "School Enrollment",
    "summary": "Early school enrollment (SEG): automatic equitable assignment of "
    "schools, parents' portal, change requests worked by the call center",
    "version": "18.0.2.0.0",
    "license": "LGPL-3",
    "author": "Atención Ciudadana",
    "website": "https://github.com/atencion-ciudadana/atencion-ciudadana",
    "category": "Services/Education",
    "depends": ["citizen_service", "mail", "portal", "queue_job", "web_leaflet_lib"],
    "external_dependencies": {"python": ["numpy", "ortools", "scipy"]},
    "data": [
        "security/school_enrollment_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/school_enrollment_document_type_data.xml",
        "data/queue_job_data.xml",
        "views/school_enrollment_school_views.xml",
        "views/school_enrollment_seat_views.xml",
        "views/school_enrollment_applicant_views.xml",
        "views/school_enrollment_campaign_views.xml",
        "views/school_enrollment_assignment_run_views.xml",
        "views/school_enrollment_change_request_views.xml",
        "views/school_enrollment_document_type_views.xml",
        "views/res_users_views.xml",
        "wizards/school_enrollment_assignment_wizard_views.xml",
        "report/assignment_report.xml",
        "views/portal_templates.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/school_enrollment_demo.xml"],
    "assets": {
        "web.assets_frontend": ["school_enrollment/static/src/js/nearby_map.esm.js"],
        "web.assets_tests": ["school_enrollment/static/tests/tours/*.js"],
    },
    "application": True,
}
