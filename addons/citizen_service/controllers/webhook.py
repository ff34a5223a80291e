"""Messaging intake: WhatsApp, SMS gateways and chatbots post citizen messages here.

POST /citizen/webhook/<provider>   (provider: whatsapp, sms, chatbot)
    Authorization: Bearer <api key of a citizen.api.client of that provider>
    (or ?token=<key> for providers that cannot send headers)
    Body: WhatsApp Cloud API webhook JSON, Twilio-style SMS form, or the generic JSON
    {"message_id", "from", "name", "text", "location": {"latitude", "longitude"},
     "media": [{"filename", "mimetype", "data" (base64) | "url"}], "intent"}
GET  /citizen/webhook/<provider>?hub.mode=subscribe&hub.verify_token=<key>&hub.challenge=x
    WhatsApp Cloud API verification handshake.
"""

import json
import logging

from odoo import http
from odoo.http import request

from ..models.citizen_inbound_message import CitizenInboundError
from ..tools.open311 import parse_inbound

_logger = logging.getLogger(__name__)

PROVIDERS = ("whatsapp", "sms", "chatbot")
MAX_BODY = 8 * 1024 * 1024  # 5 MB of media is ~6.7 MB in base64


class CitizenWebhookController(http.Controller):
    def _json(self, data, status=200, headers=None):
        return request.make_json_response(data, status=status, headers=headers)

    def _fail(self, status, code, message, headers=None):
        return self._json(
            {"ok": False, "error": {"code": code, "message": message}}, status, headers
        )

    def _token(self):
        auth = request.httprequest.headers.get("Authorization") or ""
        if auth[:7].lower() == "bearer ":
            return auth[7:].strip()
        return (request.httprequest.args.get("token") or "").strip()

    @http.route(
        "/citizen/webhook/<string:provider>",
        type="http",
        auth="public",
        methods=["GET"],
        csrf=False,
        save_session=False,
    )
    def verify(self, provider, **kwargs):
        if provider not in PROVIDERS:
            return self._fail(404, "unknown_provider", "Unknown provider.")
        client = (
            request.env["citizen.api.client"]
            .sudo()
            ._citizen_authenticate(kwargs.get("hub.verify_token"), providers=[provider])
        )
        if kwargs.get("hub.mode") != "subscribe" or not client:
            return self._fail(403, "forbidden", "Invalid verification token.")
        return request.make_response(
            kwargs.get("hub.challenge") or "", headers=[("Content-Type", "text/plain")]
        )

    @http.route(
        "/citizen/webhook/<string:provider>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def receive(self, provider, **_kwargs):
        if provider not in PROVIDERS:
            return self._fail(404, "unknown_provider", "Unknown provider.")
        client = (
            request.env["citizen.api.client"]
            .sudo()
            ._citizen_authenticate(self._token(), providers=[provider])
        )
        if not client:
            return self._fail(401, "unauthorized", "Invalid or missing token.")
        allowed, retry_after = client._citizen_rate_check()
        if not allowed:
            return self._fail(
                429,
                "rate_limited",
                "Too many requests, retry later.",
                headers=[("Retry-After", str(retry_after))],
            )
        httpreq = request.httprequest
        if (httpreq.content_length or 0) > MAX_BODY:
            return self._fail(413, "payload_too_large", "The request body is too large.")
        if httpreq.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            payload = httpreq.form.to_dict()
        else:
            raw = httpreq.get_data(cache=False)
            if len(raw) > MAX_BODY:
                return self._fail(413, "payload_too_large", "The request body is too large.")
            try:
                payload = json.loads(raw or b"null")
            except (ValueError, UnicodeDecodeError):
                return self._fail(400, "invalid_json", "The body is not valid JSON.")
        try:
            messages = parse_inbound(payload)
        except (ValueError, TypeError, AttributeError):
            return self._fail(400, "invalid_payload", "The payload is not a message.")
        Inbound = request.env["citizen.inbound.message"].sudo()
        results = []
        for message in messages:
            try:
                with request.env.cr.savepoint():
                    result = Inbound._citizen_receive(client, message, raw_payload=payload)
            except CitizenInboundError as err:
                if len(messages) == 1:
                    return self._fail(err.status, err.code, err.message)
                result = {"error": {"code": err.code, "message": err.message}}
            results.append(dict(result, message_id=message.get("message_id")))
        if len(results) == 1:
            return self._json(dict(results[0], ok=True))
        return self._json({"ok": True, "results": results})
