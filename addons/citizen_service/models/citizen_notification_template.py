"""Editable texts of the SMS and WhatsApp messages sent to citizens."""

from odoo import api, fields, models

KINDS = [
    ("created", "Report created"),
    ("status", "Status change"),
    ("response", "Final response"),
    ("reply", "Information reply"),
    ("backed", "Report backed"),
]


class _SafeDict(dict):
    def __missing__(self, key):
        return "{" + key + "}"


class CitizenNotificationTemplate(models.Model):
    """Text of the SMS and WhatsApp messages sent to citizens (editable)."""

    _name = "citizen.notification.template"
    _description = "Citizen message template (SMS / WhatsApp)"
    _order = "channel, kind"

    name = fields.Char(required=True)
    channel = fields.Selection(
        [("sms", "SMS"), ("whatsapp", "WhatsApp")], required=True, default="sms"
    )
    kind = fields.Selection(KINDS, required=True, default="created")
    body = fields.Text(
        required=True,
        help="Placeholders: {folio}, {name}, {petition}, {status}, {department}, "
        "{deadline}, {response}, {code} (verification code of the public folio lookup).",
    )
    active = fields.Boolean(default=True)

    @api.model
    def _citizen_render(self, channel, kind, ticket, partner=None):
        """Text of the message to ``partner`` (default: the author of the report).

        A supporter gets their own name, never the author's verification code."""
        partner = partner or ticket.partner_id
        is_author = partner == ticket.partner_id
        template = self.search([("channel", "=", channel), ("kind", "=", kind)], limit=1)
        if not template:
            return ""
        # the status in the citizen's words (the messages are in Spanish), whoever sends it
        env = self.with_context(lang=partner._citizen_lang()).env
        status = dict(ticket._fields["citizen_state"]._description_selection(env)).get(
            ticket.citizen_state, ticket.stage_id.name or ""
        )
        values = _SafeDict(
            folio=ticket.number or "",
            name=partner.name or "",
            petition=ticket.category_id.name or "",
            status=status or "",
            department=ticket.team_id.name or "",
            deadline=ticket.date_deadline and ticket.date_deadline.strftime("%d/%m/%Y") or "",
            response=ticket.response or ticket.close_reason or "",
            code=(ticket.sudo().citizen_access_code or "") if is_author else "",
        )
        return template.body.format_map(values)
