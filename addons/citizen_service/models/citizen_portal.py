"""Citizens on the website and portal: time zone of new users, withdrawing a report."""

from markupsafe import Markup

from odoo import api, models
from odoo.exceptions import UserError

try:
    import phonenumbers
except ImportError:  # pragma: no cover
    phonenumbers = None

CITIZEN_TZ = "America/Mexico_City"


def citizen_phone_parts(raw):
    """(tel: URI, national display) of a Mexican phone: ('+524777880000', '477 788 0000')."""
    raw = (raw or "").strip()
    if not raw:
        return False, False
    if phonenumbers:
        try:
            number = phonenumbers.parse(raw, "MX")
        except phonenumbers.NumberParseException:
            number = None
        if number and phonenumbers.is_possible_number(number):
            return (
                phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
                phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
            )
    return raw.replace(" ", ""), raw


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        # signup, the portal wizard and citizen creation give no time zone (or the visitor's
        # guessed one): the city's one, unless a time zone is given explicitly
        for user, vals in zip(users, vals_list, strict=True):
            if "tz" in vals:
                continue
            new_portal_partner = user.share and not vals.get("partner_id")
            if not user.tz or new_portal_partner:
                user.tz = user.company_id._citizen_tz()
        return users

    def _update_last_login(self):
        # On the first login Odoo replaces the time zone with the browser's one (often UTC on
        # phones and kiosks): the city's reports, deadlines and notifications are in local
        # time, so the city's time zone stays.
        for user in self:
            city_tz = user.company_id._citizen_tz()
            if not user.login_date and user.tz != city_tz:
                user.sudo().tz = city_tz
        return super()._update_last_login()

    @api.model
    def _citizen_set_default_timezones(self):
        """Companies and the public user(s) without time zone get the city's one."""
        companies = self.env["res.company"].sudo().search([("partner_id.tz", "=", False)])
        companies.partner_id.write({"tz": CITIZEN_TZ})
        public_users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("share", "=", True), ("partner_id.tz", "=", False)])
        )
        for user in public_users:
            user.partner_id.tz = user.company_id._citizen_tz()
        return True

    @api.model
    def _citizen_demo_set_timezones(self):
        """Demo: every user of the demo city lives in the city's time zone."""
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("active", "in", [True, False])])
        )
        for user in users:
            user.partner_id.tz = user.company_id._citizen_tz()
        return True


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        for partner in partners:
            if partner.is_citizen and not partner.tz:
                partner.tz = (partner.company_id or self.env.company)._citizen_tz()
        return partners


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def _citizen_is_own_report(self, user=None):
        """The report was made by this (portal) user's citizen."""
        self.ensure_one()
        partner = (user or self.env.user).partner_id
        own = self.partner_id
        return bool(
            partner
            and own
            and (own == partner or own.commercial_partner_id == partner.commercial_partner_id)
        )

    def _citizen_can_withdraw(self, user=None):
        self.ensure_one()
        return self.citizen_state == "captured" and self._citizen_is_own_report(user)

    def action_citizen_withdraw(self, reason):
        """The citizen withdraws their own report while it is still Captured.

        The report goes to Cancelled with the reason, recorded in the chatter.
        """
        self.ensure_one()
        user = self.env.user
        ticket = self.sudo()
        if not ticket._citizen_is_own_report(user):
            raise UserError(self.env._("You can only withdraw your own reports."))
        if ticket.citizen_state != "captured":
            raise UserError(
                self.env._(
                    "Report %(folio)s can no longer be withdrawn: the department is already "
                    "attending it or it is closed.",
                    folio=ticket.number,
                )
            )
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Tell us why you withdraw your report."))
        stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        ticket.write({"stage_id": stage.id, "close_reason": reason})
        ticket.message_post(
            body=Markup("<p>%s</p><p>%s</p>")
            % (self.env._("The citizen withdrew the report."), reason),
            author_id=user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return True
