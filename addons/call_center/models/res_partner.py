from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    call_center_call_count = fields.Integer(
        string="Calls", compute="_compute_call_center_call_count"
    )

    def _compute_call_center_call_count(self):
        Call = self.env["call.center.call"]
        if not Call.has_access("read"):
            self.call_center_call_count = 0
            return
        counts = dict(
            Call._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.call_center_call_count = counts.get(partner, 0)

    def action_open_call_center_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "call_center.action_call_center_call"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {
            "default_partner_id": self.id,
            "default_caller_number": self.phone or self.mobile,
        }
        return action
