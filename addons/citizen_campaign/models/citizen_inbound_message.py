from odoo import fields, models

from ..tools.channels import reply_keyword

PROVIDER_CHANNELS = {"whatsapp": "whatsapp", "sms": "sms"}


class CitizenInboundMessage(models.Model):
    _inherit = "citizen.inbound.message"

    state = fields.Selection(
        selection_add=[
            ("opt_out", "Unsubscribed"),
            ("opt_in", "Subscribed"),
            ("campaign_reply", "Campaign reply"),
        ],
        ondelete={
            "opt_out": "set default",
            "opt_in": "set default",
            "campaign_reply": "set default",
        },
    )
    campaign_recipient_id = fields.Many2one(
        "citizen.campaign.recipient",
        string="Reply to the campaign message",
        index="btree_not_null",
        readonly=True,
    )
    campaign_id = fields.Many2one(
        related="campaign_recipient_id.campaign_id", store=True, string="Campaign"
    )

    def _citizen_dispatch(self, message):
        self.ensure_one()
        channel = PROVIDER_CHANNELS.get(self.provider)
        if not channel or not self.partner_id:
            return super()._citizen_dispatch(message)
        Recipient = self.env["citizen.campaign.recipient"]
        recipient = Recipient._citizen_recent_for(self.partner_id, channel)
        if recipient:
            self.campaign_recipient_id = recipient
        keyword = reply_keyword(self.text)
        partner = self.partner_id
        if keyword == "opt_out":
            partner._citizen_opt_out(channel, origin="reply")
            reply = self.env._(
                "Done: you will not receive more messages by this channel. "
                "To receive them again, reply ALTA."
            )
            return self._citizen_answer("opt_out", reply)
        if keyword == "opt_in":
            partner._citizen_opt_in(channel, origin="reply")
            reply = self.env._(
                "Done: you will receive the municipality's alerts and notices by this "
                "channel. Reply BAJA to stop them."
            )
            return self._citizen_answer("opt_in", reply)
        return super()._citizen_dispatch(message)

    def _citizen_pending_answers(self):
        """A campaign that accepts replies takes the answer, unless the citizen was asked
        something later (e.g. numbered appointment times)."""
        pending = super()._citizen_pending_answers()
        recipient = self.campaign_recipient_id
        if recipient and recipient.campaign_id.accept_replies:
            pending.append((recipient.date_sent, self._citizen_campaign_reply))
        return pending

    def _citizen_campaign_reply(self):
        return self._citizen_answer("campaign_reply", self.env._("Thank you for your answer."))
