from odoo import api, models

from ..tools.workdays import CITIZEN_TZ

HOME_ACTION = "citizen_service.action_citizen_reports"


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._citizen_set_city_tz(vals_list)
        users._citizen_set_home_action()
        return users

    def write(self, vals):
        res = super().write(vals)
        if any(key.startswith(("groups_id", "in_group_", "sel_groups_")) for key in vals):
            self._citizen_set_home_action()
        return res

    def _citizen_set_home_action(self):
        """Staff of the citizen service start on "Asuntos del día", not on Discuss."""
        action = self.env.ref(HOME_ACTION, raise_if_not_found=False)
        if not action:
            return
        users = self.filtered(
            lambda u: (
                not u.action_id
                and not u.share
                and (
                    u.has_group("citizen_service.group_citizen_operator")
                    or u.has_group("citizen_service.group_citizen_official")
                )
            )
        )
        if users:
            users.sudo().write({"action_id": action.id})

    def _citizen_set_city_tz(self, vals_list):
        # signup, the portal wizard and citizen creation give no time zone (or the visitor's
        # guessed one): the city's one, unless a time zone is given explicitly
        for user, vals in zip(self, vals_list, strict=True):
            if "tz" in vals:
                continue
            new_portal_partner = user.share and not vals.get("partner_id")
            if not user.tz or new_portal_partner:
                user.tz = user.company_id._citizen_tz()

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
