import hashlib
import secrets

from odoo import api, fields, models

from ..tools.ratelimit import RateLimiter
from ..tools.validation import check_token, tokens_equal

# one limiter per worker process (see README: limit x workers at most per minute)
RATE_LIMITER = RateLimiter()


def hash_key(key):
    return hashlib.sha256((key or "").encode("utf-8", "surrogatepass")).hexdigest()


class CitizenApiClient(models.Model):
    """An application allowed to use the Open311 API or the messaging webhook."""

    _name = "citizen.api.client"
    _description = "Citizen API client application"
    _order = "name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    provider = fields.Selection(
        [
            ("open311", "Open311 app"),
            ("whatsapp", "WhatsApp"),
            ("sms", "SMS gateway"),
            ("chatbot", "Chatbot"),
        ],
        required=True,
        default="open311",
        help="Kind of application; the webhook only accepts messages from its provider.",
    )
    channel_id = fields.Many2one(
        "helpdesk.ticket.channel",
        string="Origin",
        required=True,
        help="Origin given to the reports created through this client.",
    )
    api_key_hash = fields.Char(readonly=True, copy=False, index=True, groups="base.group_system")
    api_key_prefix = fields.Char(
        string="Key starts with", readonly=True, copy=False, help="First characters of the key."
    )
    rate_limit = fields.Integer(
        string="Requests per minute",
        default=120,
        help="Maximum requests per minute and worker process; 0 means no limit.",
    )
    outbound_url = fields.Char(
        string="Outbound API URL",
        help="URL where replies are posted (e.g. https://graph.facebook.com/v19.0/"
        "<phone-number-id>/messages for WhatsApp, or the SMS gateway URL).",
    )
    outbound_token = fields.Char(
        string="Outbound API token", groups="base.group_system", copy=False
    )
    scope_read_details = fields.Boolean(
        string="Staff-level read scope",
        help="Open311 GET answers carry the description, exact address, coordinates and "
        "media of every report (not only of the reports filed by this client). Give it "
        "only to the municipality's own applications.",
    )
    webhook_secret = fields.Char(
        string="Signature secret",
        groups="base.group_system",
        copy=False,
        help="WhatsApp: the Meta app secret (checks X-Hub-Signature-256). SMS (Twilio): "
        "the account auth token (checks X-Twilio-Signature). When set, messages without "
        "a valid signature are refused.",
    )
    inbound_count = fields.Integer(string="Messages", compute="_compute_inbound_count")
    note = fields.Text()

    _sql_constraints = [
        ("api_key_hash_uniq", "unique(api_key_hash)", "API keys must be unique."),
        ("rate_limit_positive", "CHECK(rate_limit >= 0)", "The rate limit cannot be negative."),
    ]

    def _compute_inbound_count(self):
        groups = self.env["citizen.inbound.message"]._read_group(
            [("client_id", "in", self.ids)], ["client_id"], ["__count"]
        )
        counts = {client.id: count for client, count in groups}
        for client in self:
            client.inbound_count = counts.get(client.id, 0)

    @api.model_create_multi
    def create(self, vals_list):
        clients = super().create(vals_list)
        for client in clients.filtered(lambda c: not c.sudo().api_key_hash):
            client._generate_api_key()
        return clients

    def _generate_api_key(self):
        """Set a new random key and return it in clear (only shown once)."""
        self.ensure_one()
        key = "cs_" + secrets.token_urlsafe(32)
        self.sudo().write({"api_key_hash": hash_key(key), "api_key_prefix": key[:8]})
        return key

    def action_generate_api_key(self):
        key = self._generate_api_key()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("New API key"),
                "message": self.env._(
                    "Copy this key now, it will not be shown again: %(key)s", key=key
                ),
                "sticky": True,
                "type": "warning",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _citizen_authenticate(self, key, providers=None):
        """Active client owning ``key`` (empty recordset when none).

        The key is hashed and looked up; the stored hash is then compared again with
        ``hmac.compare_digest`` so the comparison runs in constant time.
        """
        key = check_token(key, 200)
        if not key:
            return self.browse()
        digest = hash_key(key)
        client = self.sudo().search([("api_key_hash", "=", digest)], limit=1)
        if not client or not tokens_equal(digest, client.api_key_hash or ""):
            return self.browse()
        if providers and client.provider not in providers:
            return self.browse()
        return client

    def _citizen_rate_check(self):
        """``(allowed, retry_after)`` for one more request of this client."""
        self.ensure_one()
        return RATE_LIMITER.hit(self.id, self.rate_limit)

    def action_view_inbound_messages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "citizen_service.action_citizen_inbound_message"
        )
        action["domain"] = [("client_id", "=", self.id)]
        return action
