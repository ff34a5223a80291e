from odoo import fields, models


class SchoolEnrollmentDocumentType(models.Model):
    _name = "school.enrollment.document.type"
    _description = "Change Request Document Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    reasons = fields.Char(
        "Required for Reasons",
        help="Comma separated reason codes (disability, siblings, twins, address) requiring this document.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_uniq", "unique(code)", "The document code must be unique.")]
