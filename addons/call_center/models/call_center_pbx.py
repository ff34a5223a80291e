import secrets

from odoo import api, fields, models, tools
from odoo.addons.citizen_service.tools.validation import check_token, tokens_equal


class CallCenterPbx(models.Model):
    _name = "call.center.pbx"
    _inherit = ["citizen.cache.mixin"]
    _citizen_cache_fields = ("token", "active", "default_line_id")
    _description = "Telephone exchange (PBX)"
    _order = "name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    token = fields.Char(
        string="Access token",
        required=True,
        copy=False,
        index=True,
        default=lambda self: secrets.token_urlsafe(32),
        groups="citizen_service.group_citizen_admin",
        help="Secret the PBX sends in the header 'Authorization: Bearer <token>' "
        "(or 'X-PBX-Token') when it posts call events.",
    )
    line_ids = fields.One2many("call.center.line", "pbx_id", string="Lines")
    default_line_id = fields.Many2one(
        "call.center.line",
        string="Default line",
        domain="[('pbx_id', '=', id)]",
        help="Line used for events that do not say which line received the call.",
    )
    note = fields.Text(string="Notes")
    call_count = fields.Integer(compute="_compute_call_count", string="Calls")

    _sql_constraints = [
        ("token_uniq", "unique(token)", "Each PBX needs its own access token."),
    ]

    def _compute_call_count(self):
        counts = dict(
            self.env["call.center.call"]._read_group(
                [("pbx_id", "in", self.ids)], ["pbx_id"], ["__count"]
            )
        )
        for pbx in self:
            pbx.call_count = counts.get(pbx, 0)

    def action_regenerate_token(self):
        for pbx in self:
            pbx.token = secrets.token_urlsafe(32)
        return True

    @api.model
    @tools.ormcache()
    def _pbx_token_map(self):
        """token -> PBX id of the active PBXs; one cache entry, whatever callers send."""
        return {pbx.token: pbx.id for pbx in self.sudo().search([("active", "=", True)])}

    @api.model
    def _pbx_id_for_token(self, token):
        for known, pbx_id in self._pbx_token_map().items():
            if known and tokens_equal(token, known):
                return pbx_id
        return None

    @api.model
    def _authenticate_token(self, token):
        """Return the active PBX owning ``token`` (sudo) or an empty recordset.

        The token -> PBX map is cached (cleared when a PBX changes), so an
        authenticated event costs no query here.
        """
        token = check_token(token, 256)
        if not token or len(token) < 16:
            return self.sudo().browse()
        pbx_id = self._pbx_id_for_token(token)
        return self.sudo().browse(pbx_id) if pbx_id else self.sudo().browse()
