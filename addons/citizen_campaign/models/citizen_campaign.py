import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.channels import choose_channel
from .citizen_campaign_recipient import STATUSES

_logger = logging.getLogger(__name__)


class _SafeDict(dict):
    def __missing__(self, key):
        return "{" + key + "}"


class CitizenCampaign(models.Model):
    """A message or alert to a segment of citizens, each one through his or her channel."""

    _name = "citizen.campaign"
    _description = "Citizen campaign"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, tracking=True)
    kind = fields.Selection(
        [
            ("alert", "Service alert"),
            ("reminder", "Reminder"),
            ("survey", "Survey invitation"),
            ("information", "Information"),
        ],
        required=True,
        default="information",
    )
    segment_id = fields.Many2one(
        "citizen.segment", required=True, ondelete="restrict", tracking=True
    )
    segment_count = fields.Integer(related="segment_id.partner_count", string="Citizens now")
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True, required=True
    )
    channel_policy = fields.Selection(
        [
            ("preferred", "Each citizen's channel"),
            ("email", "E-mail only"),
            ("sms", "SMS only"),
            ("whatsapp", "WhatsApp only"),
        ],
        string="Channel",
        required=True,
        default="preferred",
        help="Each citizen's channel: the preferred one, or else the first one the citizen "
        "accepted among WhatsApp, SMS and e-mail.",
    )
    subject = fields.Char(help="Subject of the e-mails.")
    body = fields.Text(
        string="Message",
        required=True,
        help="Placeholders: {name}, {first_name}, {colonia}. SMS and WhatsApp messages end "
        "with how to unsubscribe, e-mails with an unsubscribe link.",
    )
    accept_replies = fields.Boolean(
        string="Collect replies",
        help="Replies by SMS or WhatsApp in the following days are answers to this campaign "
        "(surveys), not new reports.",
    )
    reply_days = fields.Integer(
        string="Replies accepted for (days)",
        default=7,
        help="A citizen's message is linked to the campaign for these days after it was sent.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("sending", "Sending"), ("sent", "Sent")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    date_sent = fields.Datetime(string="Sent on", readonly=True, copy=False)
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user, tracking=True
    )
    recipient_ids = fields.One2many(
        "citizen.campaign.recipient",
        "campaign_id",
        string="Messages to citizens",
        readonly=True,
    )
    recipient_count = fields.Integer(string="Recipients", compute="_compute_figures")
    pending_count = fields.Integer(string="Pending", compute="_compute_figures")
    sent_count = fields.Integer(string="Sent", compute="_compute_figures")
    delivered_count = fields.Integer(string="Delivered", compute="_compute_figures")
    failed_count = fields.Integer(string="Failed", compute="_compute_figures")
    opted_out_count = fields.Integer(string="Unsubscribed", compute="_compute_figures")
    no_consent_count = fields.Integer(string="Without consent", compute="_compute_figures")
    no_contact_count = fields.Integer(string="Without contact", compute="_compute_figures")
    reply_count = fields.Integer(string="Replies", compute="_compute_figures")
    delivery_rate = fields.Float(
        string="Reached (%)",
        compute="_compute_figures",
        help="Sent or delivered, out of the messages that were sent or tried.",
    )

    @api.depends("recipient_ids.status", "recipient_ids.reply_count")
    def _compute_figures(self):
        Recipient = self.env["citizen.campaign.recipient"]
        data = {}
        replies = {}
        if self.ids:
            for campaign, status, count in Recipient._read_group(
                [("campaign_id", "in", self.ids)], ["campaign_id", "status"], ["__count"]
            ):
                data[(campaign.id, status)] = count
            for campaign, count in Recipient._read_group(
                [("campaign_id", "in", self.ids), ("reply_count", ">", 0)],
                ["campaign_id"],
                ["__count"],
            ):
                replies[campaign.id] = count
        for campaign in self:
            cid = campaign.id
            figures = {key: data.get((cid, key), 0) for key, _label in STATUSES}
            campaign.recipient_count = sum(figures.values())
            campaign.pending_count = figures["pending"]
            campaign.sent_count = figures["sent"]
            campaign.delivered_count = figures["delivered"]
            campaign.failed_count = figures["failed"]
            campaign.opted_out_count = figures["opted_out"]
            campaign.no_consent_count = figures["no_consent"]
            campaign.no_contact_count = figures["no_contact"]
            campaign.reply_count = replies.get(cid, 0)
            reached = figures["sent"] + figures["delivered"]
            tried = reached + figures["failed"]
            campaign.delivery_rate = 100.0 * reached / tried if tried else 0.0

    # ------------------------------------------------------------------ sending
    def action_send(self):
        for campaign in self:
            if campaign.state != "draft":
                raise UserError(self.env._("The campaign %s was already sent.", campaign.name))
            partners = campaign.segment_id._citizen_partners()
            if not partners:
                raise UserError(
                    self.env._("The segment %s has no citizens.", campaign.segment_id.name)
                )
            campaign._citizen_create_recipients(partners)
            campaign.write({"state": "sending", "date_sent": fields.Datetime.now()})
            campaign.recipient_ids.filtered(lambda r: r.status == "pending")._citizen_send()
            campaign.message_post(
                body=self.env._(
                    "Campaign sent to %(count)s citizens of the segment %(segment)s.",
                    count=len(partners),
                    segment=campaign.segment_id.name,
                )
            )
        self._citizen_update_state()
        return True

    def _citizen_create_recipients(self, partners):
        self.ensure_one()
        black_emails, black_phones = partners._citizen_blacklists()
        vals_list = []
        for partner in partners:
            channel, status = choose_channel(
                self.channel_policy,
                partner._citizen_contact_channels(),
                partner._citizen_consent_channels(),
                partner._citizen_opted_out_channels(black_emails, black_phones),
                preferred=partner.citizen_preferred_channel,
            )
            address = False
            if channel == "email":
                address = partner.email
            elif channel:
                address = partner.mobile or partner.phone
            vals_list.append(
                {
                    "campaign_id": self.id,
                    "partner_id": partner.id,
                    "channel": channel or False,
                    "address": address,
                    "exclusion": status if status != "pending" else False,
                }
            )
        return self.env["citizen.campaign.recipient"].sudo().create(vals_list)

    def _citizen_render(self, partner):
        self.ensure_one()
        values = _SafeDict(
            name=partner.name or "",
            first_name=(partner.name or "").split(" ")[0],
            colonia=partner.colonia_id.name or "",
        )
        return (self.body or "").format_map(values)

    def _citizen_update_state(self):
        """Sending campaigns whose messages all left (or failed) are sent."""
        for campaign in self.filtered(lambda c: c.state == "sending"):
            if not campaign.pending_count:
                campaign.state = "sent"

    @api.model
    def _cron_citizen_campaign_progress(self):
        self.search([("state", "=", "sending")])._citizen_update_state()
        return True

    def action_view_recipients(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "citizen_campaign.action_citizen_campaign_recipient"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"search_default_group_status": 1}
        return action

    def action_view_replies(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Replies"),
            "res_model": "citizen.inbound.message",
            "view_mode": "list,form",
            "domain": [("campaign_id", "=", self.id)],
        }

    # ------------------------------------------------------------------ demo data
    @api.model
    def _citizen_demo_consents(self):
        """Demo: two of three citizens accepted a channel, a few unsubscribed."""
        citizens = self.env["res.partner"].search([("is_citizen", "=", True)], order="id")
        Partner = self.env["res.partner"].with_context(
            citizen_consent_origin="capture", tracking_disable=True
        )
        for index, partner in enumerate(citizens):
            if index % 3 == 2:
                continue
            vals = {
                "citizen_consent_sms": bool(partner.mobile or partner.phone),
                "citizen_consent_whatsapp": bool(partner.mobile or partner.phone)
                and bool(index % 2),
                "citizen_consent_email": bool(partner.email),
                "citizen_preferred_channel": ("whatsapp", "sms", "email")[index % 3]
                if index % 4
                else False,
            }
            Partner.browse(partner.id).write(vals)
        for partner in citizens[7:70:21]:
            partner._citizen_opt_out("sms", origin="reply")
        return True

    @api.model
    def _citizen_demo_send(self, campaign_ids):
        campaigns = self.browse(campaign_ids).exists().filtered(lambda c: c.state == "draft")
        for campaign in campaigns:
            if campaign.segment_id.partner_count:
                campaign.action_send()
        return True
