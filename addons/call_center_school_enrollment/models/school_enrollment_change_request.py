from odoo import fields, models


class SchoolEnrollmentChangeRequest(models.Model):
    _inherit = "school.enrollment.change.request"

    call_center_call_ids = fields.One2many(
        "call.center.call", "change_request_id", string="Calls", readonly=True
    )
    call_center_call_count = fields.Integer(
        string="Number of calls", compute="_compute_call_center_call_count"
    )

    def _compute_call_center_call_count(self):
        counts = dict(
            self.env["call.center.call"]._read_group(
                [("change_request_id", "in", self.ids)], ["change_request_id"], ["__count"]
            )
        )
        for request in self:
            request.call_center_call_count = counts.get(request, 0)

    def action_view_call_center_calls(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Calls"),
            "res_model": "call.center.call",
            "view_mode": "list,form",
            "domain": [("change_request_id", "=", self.id)],
            "context": {"default_change_request_id": self.id, "default_outcome": "enrollment"},
        }
