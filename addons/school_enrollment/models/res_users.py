from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    school_enrollment_school_ids = fields.Many2many(
        "school.enrollment.school",
        "school_enrollment_school_users_rel",
        "user_id",
        "school_id",
        string="Enrollment Schools",
        help="Schools whose applicants this staff member can see.",
    )
