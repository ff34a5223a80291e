from odoo import fields, models


class CallCenterReason(models.Model):
    _name = "call.center.reason"
    _description = "Call reason"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    category_id = fields.Many2one(
        "helpdesk.ticket.category",
        string="Petition",
        help="Petition proposed when the operator creates a report from a call with this reason.",
    )
    default_outcome = fields.Selection(
        # the call's outcomes, with their labels in the user's language
        selection=lambda self: (
            self.env["call.center.call"]._fields["outcome"]._description_selection(self.env)
        ),
        string="Usual outcome",
    )
    description = fields.Text()
    color = fields.Integer()

    _sql_constraints = [("code_uniq", "unique(code)", "The reason code must be unique.")]
