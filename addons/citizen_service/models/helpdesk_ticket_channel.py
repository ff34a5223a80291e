from odoo import fields, models

# origin code -> notification channel when the origin notifies "by the same channel"
AUTO_METHODS = {"WA": "whatsapp", "SMS": "sms", "CHATBOT": "sms"}


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

    notify_method = fields.Selection(
        [
            ("auto", "Same channel"),
            ("email", "E-mail"),
            ("sms", "SMS"),
            ("whatsapp", "WhatsApp"),
            ("none", "Do not notify"),
        ],
        string="Notify the citizen by",
        default="auto",
        required=True,
        help="How citizens who reported through this origin are told of the folio, "
        "every status change and the final response. Same channel: WhatsApp for the "
        "WhatsApp origin, SMS for the SMS and chatbot origins, e-mail for the others.",
    )

    def _citizen_notify_method(self):
        self.ensure_one()
        if self.notify_method != "auto":
            return self.notify_method
        return AUTO_METHODS.get(self.code or "", "email")
