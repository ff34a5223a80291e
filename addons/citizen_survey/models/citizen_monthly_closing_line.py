from odoo import fields, models


class CitizenMonthlyClosingLine(models.Model):
    _inherit = "citizen.monthly.closing.line"

    line_type = fields.Selection(
        selection_add=[("survey", "Evaluations")], ondelete={"survey": "cascade"}
    )
    satisfaction = fields.Float(string="Average satisfaction", digits=(3, 2))
