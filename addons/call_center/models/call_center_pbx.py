import secrets

from odoo import api, fields, models


class CallCenterPbx(models.Model):
    _name = "call.center.pbx"
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
        groups="citizen_service.group_citizen_coordinator",
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
    def _authenticate_token(self, token):
        """Return the active PBX owning ``token`` (sudo) or an empty recordset."""
        if not token or len(token) < 16:
            return self.sudo().browse()
        pbx = self.sudo().search([("token", "=", token), ("active", "=", True)], limit=1)
        if pbx and secrets.compare_digest(pbx.token, token):
            return pbx
        return self.sudo().browse()
