from odoo import fields, models


class CallCenterProtocol(models.Model):
    _name = "call.center.protocol"
    _description = "Attention protocol"
    _order = "sequence, name"

    name = fields.Char(string="Topic", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    keywords = fields.Char(translate=True, help="Words operators may search for.")
    script = fields.Html(
        string="Attention script", translate=True, help="What the operator says, step by step."
    )
    answer = fields.Html(translate=True, help="Information to give the caller.")
    reason_ids = fields.Many2many(
        "call.center.reason",
        "call_center_protocol_reason_rel",
        "protocol_id",
        "reason_id",
        string="Call reasons",
    )
    category_ids = fields.Many2many(
        "helpdesk.ticket.category",
        "call_center_protocol_category_rel",
        "protocol_id",
        "category_id",
        string="Petitions",
    )
    office_ids = fields.Many2many(
        "citizen.office",
        "call_center_protocol_office_rel",
        "protocol_id",
        "office_id",
        string="Offices",
        help="Offices the caller can be referred to.",
    )

    def _find_for(self, reason, category):
        """Best protocol for a call: matching petition first, then reason."""
        if category:
            found = self.search([("category_ids", "in", category.ids)], limit=1)
            if found:
                return found
        if reason:
            return self.search([("reason_ids", "in", reason.ids)], limit=1)
        return self.browse()
