from odoo import api, models

HOME_ACTION = "citizen_service.action_citizen_reports"


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
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
