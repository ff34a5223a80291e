from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    call_center_call_id = fields.Many2one(
        "call.center.call",
        string="Origin call",
        index="btree_not_null",
        copy=False,
        help="Call during which the report was created.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        for ticket in tickets.filtered("call_center_call_id"):
            call = ticket.call_center_call_id
            if not call.report_id:
                call.write({"report_id": ticket.id, "outcome": "report"})
        return tickets
