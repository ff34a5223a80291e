from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import hmac

STATUSES = [
    ("pending", "Pending"),
    ("sent", "Sent"),
    ("delivered", "Delivered"),
    ("failed", "Failed"),
    ("opted_out", "Excluded: unsubscribed"),
    ("no_consent", "Excluded: no consent"),
    ("no_contact", "Excluded: no contact"),
]
EXCLUSIONS = [s for s in STATUSES if s[0] in ("opted_out", "no_consent", "no_contact")]
CHANNELS = [("email", "E-mail"), ("sms", "SMS"), ("whatsapp", "WhatsApp")]
UNSUBSCRIBE_SCOPE = "citizen_campaign-unsubscribe"


class CitizenCampaignRecipient(models.Model):
    """One citizen of a campaign: the channel, the message sent and what became of it."""

    _name = "citizen.campaign.recipient"
    _description = "Campaign recipient"
    _order = "id"
    _rec_name = "partner_id"

    campaign_id = fields.Many2one("citizen.campaign", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Citizen", required=True, ondelete="cascade", index=True
    )
    channel = fields.Selection(CHANNELS)
    address = fields.Char(string="Sent to")
    exclusion = fields.Selection(EXCLUSIONS, readonly=True)
    notification_id = fields.Many2one(
        "citizen.notification", string="Message", ondelete="set null", readonly=True
    )
    status = fields.Selection(STATUSES, compute="_compute_status", store=True, index=True)
    date_sent = fields.Datetime(string="Sent on", readonly=True)
    error = fields.Text(related="notification_id.error")
    reply_ids = fields.One2many(
        "citizen.inbound.message",
        "campaign_recipient_id",
        string="Reply messages",
        readonly=True,
    )
    reply_count = fields.Integer(
        string="Replies", compute="_compute_reply_count", store=True, aggregator="sum"
    )

    @api.depends(
        "exclusion",
        "notification_id",
        "notification_id.state",
        "notification_id.mail_id.state",
    )
    def _compute_status(self):
        for recipient in self:
            notif = recipient.notification_id
            if recipient.exclusion:
                recipient.status = recipient.exclusion
            elif not notif:
                recipient.status = "pending"
            elif notif.channel == "email":
                mail_state = notif.mail_id.state
                if mail_state in ("exception", "cancel") or notif.state == "failed":
                    recipient.status = "failed"
                elif mail_state in ("sent", "received") or not notif.mail_id:
                    recipient.status = "sent"
                else:
                    recipient.status = "pending"
            elif notif.state in ("delivered", "read"):
                recipient.status = "delivered"
            elif notif.state in ("sent", "logged"):
                recipient.status = "sent"
            elif notif.state == "failed":
                recipient.status = "failed"
            else:
                recipient.status = "pending"

    @api.depends("reply_ids")
    def _compute_reply_count(self):
        for recipient in self:
            recipient.reply_count = len(recipient.reply_ids)

    def _citizen_unsubscribe_token(self):
        self.ensure_one()
        return hmac(self.env(su=True), UNSUBSCRIBE_SCOPE, self.id)

    def _citizen_unsubscribe_url(self):
        self.ensure_one()
        return (
            f"{self.get_base_url()}/citizen/campaign/unsubscribe/"
            f"{self.id}/{self._citizen_unsubscribe_token()}"
        )

    def _citizen_send(self):
        """Hand each pending message to the citizen_service senders (SMS, WhatsApp,
        e-mail); they go through the job queue when it is installed."""
        Notification = self.env["citizen.notification"].sudo()
        now = fields.Datetime.now()
        for recipient in self.sudo():
            campaign = recipient.campaign_id
            partner = recipient.partner_id
            # the messages are in Spanish, whoever sends them (citizen_service's one rule)
            env_lang = recipient.with_context(lang=partner._citizen_lang()).env
            text = campaign._citizen_render(partner)
            if recipient.channel == "email":
                notif = recipient._citizen_send_email(text, env_lang)
            else:
                text += "\n" + env_lang._("Reply BAJA to stop receiving these messages.")
                if recipient.channel == "sms":
                    notif = Notification._citizen_send_sms(
                        recipient.address, text, partner=partner, kind="campaign"
                    )
                else:
                    notif = Notification._citizen_send_whatsapp(
                        recipient.address, text, partner=partner, kind="campaign"
                    )
            recipient.write({"notification_id": notif.id, "date_sent": now})
        return True

    def _citizen_send_email(self, text, env_lang):
        self.ensure_one()
        campaign = self.campaign_id
        paragraphs = Markup("").join(
            Markup("<p>%s</p>") % line for line in text.split("\n") if line.strip()
        )
        link = Markup('<p style="font-size: 12px; color: #888;"><a href="%s">%s</a></p>') % (
            self._citizen_unsubscribe_url(),
            env_lang._("Unsubscribe from these e-mails"),
        )
        company = campaign.company_id
        mail = (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": campaign.subject or campaign.name,
                    "body_html": paragraphs + link,
                    "email_to": self.address,
                    "email_from": company.email_formatted or self.env.user.email_formatted,
                    "auto_delete": False,
                    "headers": repr({"List-Unsubscribe": f"<{self._citizen_unsubscribe_url()}>"}),
                }
            )
        )
        return (
            self.env["citizen.notification"]
            .sudo()
            .create(
                {
                    "channel": "email",
                    "kind": "campaign",
                    "recipient": self.address,
                    "body": campaign.subject or campaign.name,
                    "partner_id": self.partner_id.id,
                    "mail_id": mail.id,
                }
            )
        )

    @api.model
    def _citizen_recent_for(self, partner, channel, when=None):
        """The campaign message a citizen's message (on ``channel``) answers, if any."""
        when = when or fields.Datetime.now()
        candidates = self.sudo().search(
            [
                ("partner_id", "=", partner.id),
                ("channel", "=", channel),
                ("status", "in", ("sent", "delivered")),
                ("date_sent", ">=", when - timedelta(days=90)),
                ("date_sent", "<=", when),
            ],
            order="date_sent desc, id desc",
            limit=5,
        )
        for recipient in candidates:
            days = recipient.campaign_id.reply_days or 0
            if recipient.date_sent >= when - timedelta(days=days):
                return recipient
        return self.browse()
