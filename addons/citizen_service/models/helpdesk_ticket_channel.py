from odoo import fields, models


class HelpdeskTicketChannel(models.Model):
    """A helpdesk channel is the origin of a report (072 line, app, WhatsApp...)."""

    _inherit = "helpdesk.ticket.channel"

    code = fields.Char(index=True)
    channel_kind = fields.Selection(
        [
            ("phone", "Phone"),
            ("digital", "Digital"),
            ("messaging", "Messaging"),
            ("in_person", "In person"),
            ("other", "Other"),
        ],
        default="other",
    )
