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
    call_center_call_ids = fields.One2many(
        "call.center.call", "report_id", string="Phone calls", copy=False
    )
    call_center_call_count = fields.Integer(
        string="Number of phone calls", compute="_compute_call_center_call_count"
    )

    @api.depends("call_center_call_ids")
    def _compute_call_center_call_count(self):
        data = dict(
            self.env["call.center.call"]._read_group(
                [("report_id", "in", self.ids)], ["report_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.call_center_call_count = data.get(ticket, 0)

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        for ticket in tickets.filtered("call_center_call_id"):
            call = ticket.call_center_call_id
            if not call.report_id:
                call._end_ringing()
                call.write({"report_id": ticket.id, "outcome": "report"})
        return tickets

    def action_view_call_center_calls(self):
        self.ensure_one()
        calls = self.call_center_call_ids | self.call_center_call_id
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Phone calls"),
            "res_model": "call.center.call",
            "domain": [("id", "in", calls.ids)],
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
        }
        if len(calls) == 1:
            action.update(res_id=calls.id, view_mode="form", views=[(False, "form")])
        return action
