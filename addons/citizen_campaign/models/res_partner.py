from odoo import api, fields, models

CONSENT_ORIGINS = [
    ("operator", "Operator"),
    ("capture", "Capture screen"),
    ("portal", "Portal"),
    ("reply", "Citizen's reply"),
    ("unsubscribe", "Unsubscribe link"),
    ("import", "Import"),
]
CHANNELS = ("email", "sms", "whatsapp")


class ResPartner(models.Model):
    _inherit = "res.partner"

    citizen_preferred_channel = fields.Selection(
        [("whatsapp", "WhatsApp"), ("sms", "SMS"), ("email", "E-mail")],
        string="Preferred channel",
        help="Channel of the campaigns and alerts, when the citizen accepted it.",
    )
    citizen_consent_email = fields.Boolean(string="Accepts e-mail", tracking=True)
    citizen_consent_email_date = fields.Datetime(string="E-mail consent date", readonly=True)
    citizen_consent_email_origin = fields.Selection(
        CONSENT_ORIGINS, string="E-mail consent origin", readonly=True
    )
    citizen_consent_sms = fields.Boolean(string="Accepts SMS", tracking=True)
    citizen_consent_sms_date = fields.Datetime(string="SMS consent date", readonly=True)
    citizen_consent_sms_origin = fields.Selection(
        CONSENT_ORIGINS, string="SMS consent origin", readonly=True
    )
    citizen_consent_whatsapp = fields.Boolean(string="Accepts WhatsApp", tracking=True)
    citizen_consent_whatsapp_date = fields.Datetime(string="WhatsApp consent date", readonly=True)
    citizen_consent_whatsapp_origin = fields.Selection(
        CONSENT_ORIGINS, string="WhatsApp consent origin", readonly=True
    )
    citizen_campaign_recipient_ids = fields.One2many(
        "citizen.campaign.recipient", "partner_id", string="Campaign messages", readonly=True
    )

    @api.model
    def _citizen_consent_stamp(self, vals):
        """Date and origin of every consent given or withdrawn in ``vals``."""
        origin = self.env.context.get("citizen_consent_origin") or "operator"
        vals = dict(vals)
        for channel in CHANNELS:
            fname = f"citizen_consent_{channel}"
            if fname in vals:
                vals.setdefault(f"{fname}_date", fields.Datetime.now())
                vals.setdefault(f"{fname}_origin", origin)
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._citizen_consent_stamp(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._citizen_consent_stamp(vals))

    def _citizen_contact_channels(self):
        """Channels this citizen can be reached on (an address for them)."""
        self.ensure_one()
        channels = set()
        if self.email_normalized:
            channels.add("email")
        if self.mobile or self.phone:
            channels.update(("sms", "whatsapp"))
        return channels

    def _citizen_consent_channels(self):
        self.ensure_one()
        return {c for c in CHANNELS if self[f"citizen_consent_{c}"]}

    def _citizen_opted_out_channels(self, blacklisted_emails, blacklisted_phones):
        """Channels the citizen unsubscribed from (the e-mail and phone blacklists)."""
        self.ensure_one()
        channels = set()
        if self.email_normalized and self.email_normalized in blacklisted_emails:
            channels.add("email")
        if {self.mobile, self.phone} & blacklisted_phones:
            channels.update(("sms", "whatsapp"))
        return channels

    def _citizen_blacklists(self):
        """(blacklisted e-mails, blacklisted phones) among these partners, in two queries."""
        emails = [e for e in self.mapped("email_normalized") if e]
        phones = [p for p in self.mapped("mobile") + self.mapped("phone") if p]
        black_emails = set(
            self.env["mail.blacklist"]
            .sudo()
            .search([("email", "in", emails), ("active", "=", True)])
            .mapped("email")
            if emails
            else []
        )
        black_phones = set(
            self.env["phone.blacklist"]
            .sudo()
            .search([("number", "in", phones), ("active", "=", True)])
            .mapped("number")
            if phones
            else []
        )
        return black_emails, black_phones

    def _citizen_opt_out(self, channel, origin="reply"):
        """Unsubscribe from ``channel``: blacklist the address and withdraw consent."""
        for partner in self.sudo():
            if channel == "email" and partner.email_normalized:
                self.env["mail.blacklist"].sudo()._add(partner.email_normalized)
            elif channel in ("sms", "whatsapp"):
                numbers = [n for n in {partner.mobile, partner.phone} if n]
                if numbers:
                    self.env["phone.blacklist"].sudo()._add(numbers)
            partner.with_context(citizen_consent_origin=origin).write(
                {f"citizen_consent_{channel}": False}
            )

    def _citizen_opt_in(self, channel, origin="reply"):
        """Consent to ``channel`` again (and out of the blacklist)."""
        for partner in self.sudo():
            if channel == "email" and partner.email_normalized:
                self.env["mail.blacklist"].sudo()._remove(partner.email_normalized)
            elif channel in ("sms", "whatsapp"):
                numbers = [n for n in {partner.mobile, partner.phone} if n]
                if numbers:
                    self.env["phone.blacklist"].sudo()._remove(numbers)
            partner.with_context(citizen_consent_origin=origin).write(
                {f"citizen_consent_{channel}": True}
            )
