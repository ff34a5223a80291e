from odoo import api, fields, models, tools


class ResUsers(models.Model):
    _name = "res.users"
    _inherit = ["res.users", "citizen.cache.mixin"]
    _citizen_cache_fields = ("call_center_extension", "login", "active")

    call_center_extension = fields.Char(
        string="PBX extension",
        index="btree_not_null",
        copy=False,
        help="Extension or agent identifier the PBX sends for this operator.",
    )

    _sql_constraints = [
        (
            "call_center_extension_uniq",
            "unique(call_center_extension)",
            "Another user already has this PBX extension.",
        ),
    ]

    @api.model
    @tools.ormcache("agent")
    def _call_center_user_id_for_agent(self, agent):
        """User id for a PBX agent (extension first, then login); cached."""
        users = self.sudo().with_context(active_test=True)
        # internal users only: a portal login (RUA key, e-mail) must never receive callers
        user = users.search(
            [("call_center_extension", "=", agent), ("share", "=", False)], limit=1
        ) or users.search([("login", "=", agent), ("share", "=", False)], limit=1)
        return user.id or None
