from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    enrollment_applicant_ids = fields.One2many(
        "school.enrollment.applicant", "guardian_id", string="Children Applying"
    )
