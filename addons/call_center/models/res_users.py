from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    call_center_extension = fields.Char(
        string="PBX extension",
        index="btree_not_null",
        copy=False,
        help="Extension or agent identifier the PBX sends for this operator.",
    )

    _sql_constraints = [
        (
            "call_center_extension_uniq",
            "unique(call_center_extension)",
            "Another user already has this PBX extension.",
        ),
    ]
