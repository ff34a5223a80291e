import logging

import requests

from odoo import Command, api, fields, models

_logger = logging.getLogger(__name__)

SMS_GATEWAY_PARAM = "citizen_service.sms_gateway"  # "log" (default) or "http"
SMS_GATEWAY_URL_PARAM = "citizen_service.sms_gateway_url"
SMS_GATEWAY_TOKEN_PARAM = "citizen_service.sms_gateway_token"
OUTBOUND_TIMEOUT = 10

KINDS = [
    ("created", "Report created"),
    ("status", "Status change"),
    ("response", "Final response"),
    ("reply", "Information reply"),
    ("backed", "Report backed"),
]
MAIL_TEMPLATES = {
    "created": "citizen_service.mail_template_report_created",
    "status": "citizen_service.mail_template_report_status",
    "response": "citizen_service.mail_template_report_response",
    "backed": "citizen_service.mail_template_report_backed",
}


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
        installed = [code for code, _name in self.env["res.lang"].get_installed()]
        lang = partner.lang
        if not (lang or "").startswith("es") or lang not in installed:
            lang = next((code for code in installed if code.startswith("es")), self.env.lang)
        env = self.with_context(lang=lang).env
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


class CitizenNotification(models.Model):
    """Outbound message to a citizen (e-mail, SMS or WhatsApp), kept as a log."""

    _name = "citizen.notification"
    _description = "Citizen notification"
    _order = "id desc"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Report", ondelete="cascade", index="btree_not_null"
    )
    partner_id = fields.Many2one("res.partner", string="Citizen", index="btree_not_null")
    channel = fields.Selection(
        [("email", "E-mail"), ("sms", "SMS"), ("whatsapp", "WhatsApp")], required=True
    )
    kind = fields.Selection(KINDS, required=True, default="created")
    recipient = fields.Char()
    body = fields.Text()
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("logged", "Logged only"),
            ("sent", "Sent"),
            ("failed", "Failed"),
        ],
        default="queued",
        required=True,
    )
    mail_id = fields.Many2one("mail.mail", string="E-mail", ondelete="set null")
    client_id = fields.Many2one("citizen.api.client", string="Provider", ondelete="set null")
    provider_message_id = fields.Char()
    error = fields.Text()

    # ------------------------------------------------------------------------
    @api.model
    def _citizen_send_sms(self, number, body, partner=None, ticket=None, kind="reply"):
        """Record an outbound SMS and hand it to the configured gateway.

        The gateway is chosen with the system parameter ``citizen_service.sms_gateway``:
        ``log`` (default, only logged) or ``http`` (JSON POST to
        ``citizen_service.sms_gateway_url``). Other modules may override
        ``_citizen_sms_gateway_send``.
        """
        notification = self.sudo().create(
            {
                "channel": "sms",
                "kind": kind,
                "recipient": number,
                "body": body,
                "partner_id": partner.id if partner else False,
                "ticket_id": ticket.id if ticket else False,
            }
        )
        notification._citizen_sms_gateway_send()
        return notification

    def _citizen_sms_gateway_send(self):
        params = self.env["ir.config_parameter"].sudo()
        gateway = params.get_param(SMS_GATEWAY_PARAM, "log")
        url = params.get_param(SMS_GATEWAY_URL_PARAM)
        for notif in self:
            if gateway != "http" or not url:
                _logger.info("SMS to %s (log only): %s", notif.recipient, notif.body)
                notif.state = "logged"
                continue
            headers = {}
            token = params.get_param(SMS_GATEWAY_TOKEN_PARAM)
            if token:
                headers["Authorization"] = f"Bearer {token}"
            notif._citizen_post(url, {"to": notif.recipient, "text": notif.body}, headers)

    @api.model
    def _citizen_send_whatsapp(
        self, number, body, partner=None, client=None, ticket=None, kind="reply"
    ):
        """Post a WhatsApp text message to the provider's API (Cloud API JSON)."""
        if not client or client.provider != "whatsapp":
            client = (
                self.env["citizen.api.client"]
                .sudo()
                .search([("provider", "=", "whatsapp"), ("outbound_url", "!=", False)], limit=1)
            )
        notification = self.sudo().create(
            {
                "channel": "whatsapp",
                "kind": kind,
                "recipient": number,
                "body": body,
                "partner_id": partner.id if partner else False,
                "ticket_id": ticket.id if ticket else False,
                "client_id": client.id if client else False,
            }
        )
        client = client.sudo()
        if not client or not client.outbound_url:
            _logger.info("WhatsApp to %s (no provider URL, log only): %s", number, body)
            notification.state = "logged"
            return notification
        headers = {}
        if client.outbound_token:
            headers["Authorization"] = f"Bearer {client.outbound_token}"
        payload = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": (number or "").lstrip("+"),
            "type": "text",
            "text": {"preview_url": False, "body": body},
        }
        notification._citizen_post(client.outbound_url, payload, headers)
        return notification

    def _citizen_post(self, url, payload, headers):
        self.ensure_one()
        try:
            response = requests.post(url, json=payload, headers=headers, timeout=OUTBOUND_TIMEOUT)
            response.raise_for_status()
        except requests.RequestException as exc:
            _logger.warning("Citizen notification %s failed: %s", self.id, exc)
            self.write({"state": "failed", "error": str(exc)[:2000]})
            return False
        message_id = False
        try:
            data = response.json()
            message_id = ((data.get("messages") or [{}])[0]).get("id") or data.get("id")
        except (ValueError, AttributeError, IndexError):
            # delivered all the same: only the provider's message id is unknown
            _logger.info("Citizen notification %s: no message id in the provider's answer", self.id)
        self.write({"state": "sent", "provider_message_id": message_id or False})
        return True

    @api.model
    def _citizen_send_email(self, ticket, kind, partner=None):
        """E-mail ``kind`` to ``partner`` (default: the author of the report)."""
        partner = partner or ticket.partner_id
        template = self.env.ref(MAIL_TEMPLATES.get(kind, ""), raise_if_not_found=False)
        if not template or not partner.email:
            return self.browse()
        template = template.sudo().with_context(citizen_recipient_name=partner.name)
        email_values = None
        if partner != ticket.partner_id:
            # a supporter: to them only, never a copy to the author
            email_values = {"recipient_ids": [Command.set(partner.ids)]}
        mail_id = template.send_mail(ticket.id, force_send=False, email_values=email_values)
        mail = self.env["mail.mail"].sudo().browse(mail_id)
        return self.sudo().create(
            {
                "channel": "email",
                "kind": kind,
                "recipient": partner.email,
                "body": mail.subject,
                "partner_id": partner.id,
                "ticket_id": ticket.id,
                "mail_id": mail_id,
            }
        )
