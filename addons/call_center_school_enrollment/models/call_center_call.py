from odoo import fields, models


class CallCenterCall(models.Model):
    _inherit = "call.center.call"

    change_request_id = fields.Many2one(
        "school.enrollment.change.request",
        string="Enrollment change request",
        index="btree_not_null",
        help="Change request of school enrollment created or followed in this call.",
    )
