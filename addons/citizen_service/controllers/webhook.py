"""Messaging intake: WhatsApp, SMS gateways and chatbots post citizen messages here.

POST /citizen/webhook/<provider>   (provider: whatsapp, sms, chatbot)
    Authorization: Bearer <api key of a citizen.api.client of that provider>
    (or ?token=<key> for providers that cannot send headers)
    Body: WhatsApp Cloud API webhook JSON, Twilio-style SMS form, or the generic JSON
    {"message_id", "from", "name", "text", "location": {"latitude", "longitude"},
     "media": [{"filename", "mimetype", "data" (base64) | "url"}], "intent"}
GET  /citizen/webhook/<provider>?hub.mode=subscribe&hub.verify_token=<key>&hub.challenge=x
    WhatsApp Cloud API verification handshake.
POST /citizen/status/whatsapp   WhatsApp Cloud delivery statuses (entry/changes/value/statuses),
    signed: X-Hub-Signature-256 = sha256=HMAC-SHA256(body, app secret of the settings).
POST /citizen/status/twilio     Twilio SMS status callback (form MessageSid, MessageStatus),
    signed: X-Twilio-Signature = base64 HMAC-SHA1(URL + sorted POST params, auth token).
    Both update the citizen.notification with that provider message id (sent, delivered,
    read, failed); unknown ids are answered 200 and ignored.
"""

import logging
import re

from odoo import http
from odoo.http import request

from ..models.citizen_inbound_message import CitizenInboundError
from ..models.ir_http import citizen_request_body
from ..tools.messaging import parse_inbound
from ..tools.validation import (
    BodyTooLarge,
    InputError,
    bearer_token,
    check_token,
    meta_signature_valid,
    parse_json,
    twilio_signature_valid,
)

_logger = logging.getLogger(__name__)

PROVIDERS = ("whatsapp", "sms", "chatbot")
# how each messaging provider signs its webhooks (the chatbot: the API key only)
SIGNATURE_SCHEMES = {"whatsapp": "meta", "sms": "twilio"}
# delivery-status callbacks: signature scheme and the setting holding the secret
STATUS_PROVIDERS = {
    "whatsapp": ("meta", "citizen_service.whatsapp_app_secret"),
    "twilio": ("twilio", "citizen_service.twilio_auth_token"),
}
MAX_STATUS_BODY = 1024 * 1024
# Twilio MessageStatus -> notification state (queued/sending/accepted: still on its way)
TWILIO_STATUS = {
    "sent": "sent",
    "delivered": "delivered",
    "read": "read",
    "undelivered": "failed",
    "failed": "failed",
}


def whatsapp_statuses(payload):
    """``(message id, status, error)`` of a WhatsApp Cloud webhook payload."""
    statuses = []
    if not isinstance(payload, dict):
        return statuses
    for entry in payload.get("entry") or []:
        if not isinstance(entry, dict):
            continue
        for change in entry.get("changes") or []:
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict):
                continue
            for item in value.get("statuses") or []:
                if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                    continue
                errors = item.get("errors") or []
                error = ""
                if errors and isinstance(errors[0], dict):
                    first = errors[0]
                    error = f"{first.get('code', '')} {first.get('title', '')}".strip()
                statuses.append((item["id"][:200], str(item.get("status") or ""), error))
    return statuses


MAX_BODY = 8 * 1024 * 1024  # 5 MB of media is ~6.7 MB in base64


class CitizenWebhookController(http.Controller):
    def _json(self, data, status=200, headers=None):
        return request.make_json_response(data, status=status, headers=headers)

    def _fail(self, status, code, message, headers=None):
        return self._json(
            {"ok": False, "error": {"code": code, "message": message}}, status, headers
        )

    def _token(self):
        httpreq = request.httprequest
        return bearer_token(
            httpreq.headers.get("Authorization"), httpreq.args.get("token"), max_len=200
        )

    def _signature_valid(self, scheme, secret, raw):
        """The request signed with ``secret`` by Meta (``X-Hub-Signature-256`` over the body)
        or by Twilio (``X-Twilio-Signature`` over the URL and the form)."""
        httpreq = request.httprequest
        if scheme == "meta":
            return meta_signature_valid(secret, raw, httpreq.headers.get("X-Hub-Signature-256"))
        return twilio_signature_valid(
            secret, httpreq.url, httpreq.form.to_dict(), httpreq.headers.get("X-Twilio-Signature")
        )

    def _signature_ok(self, client, provider, raw):
        """Providers' own signatures, checked when the client has a signature secret."""
        secret = client.sudo().webhook_secret
        if not secret or provider not in SIGNATURE_SCHEMES:
            return True
        return self._signature_valid(SIGNATURE_SCHEMES[provider], secret, raw)

    def _body(self):
        """``(raw body, None)``, or ``(None, the 413 answer)`` when it is too large."""
        try:
            return citizen_request_body(), None
        except BodyTooLarge:
            return None, self._fail(413, "payload_too_large", "The request body is too large.")

    def _json_body(self, raw):
        """``(parsed JSON, None)``, or ``(None, the 400 answer)`` when it is not JSON."""
        try:
            return parse_json(raw or b"null"), None
        except InputError:
            return None, self._fail(400, "invalid_json", "The body is not valid JSON.")

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
            ._citizen_authenticate(
                check_token(kwargs.get("hub.verify_token"), 200), providers=[provider]
            )
        )
        if kwargs.get("hub.mode") != "subscribe" or not client:
            return self._fail(403, "forbidden", "Invalid verification token.")
        challenge = kwargs.get("hub.challenge") or ""
        if challenge and not re.fullmatch(r"[A-Za-z0-9_.-]{1,256}", challenge):
            return self._fail(400, "invalid_challenge", "Invalid challenge.")
        return request.make_response(challenge, headers=[("Content-Type", "text/plain")])

    @http.route(
        "/citizen/webhook/<string:provider>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
        # body read once, with this cap, before the endpoint: a retried request after a
        # serialization failure sees the same body (models/ir_http.py)
        citizen_body_limit=MAX_BODY,
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
        raw, failure = self._body()
        if failure:
            return failure
        if not self._signature_ok(client, provider, raw):
            return self._fail(401, "invalid_signature", "Invalid or missing signature.")
        if httpreq.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            payload = httpreq.form.to_dict()
        else:
            payload, failure = self._json_body(raw)
            if failure:
                return failure
        try:
            messages = parse_inbound(payload)
        except InputError as err:
            return self._fail(err.status, err.code, err.description)
        if provider == "whatsapp":
            # WhatsApp Cloud posts the delivery statuses of our messages to this same URL
            request.env["citizen.notification"].sudo()._citizen_apply_statuses(
                whatsapp_statuses(payload)
            )
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

    @http.route(
        "/citizen/status/<string:provider>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
        citizen_body_limit=MAX_STATUS_BODY,
    )
    def delivery_status(self, provider, **_kwargs):
        """Delivery status callbacks of the providers, checked by their signatures."""
        if provider not in STATUS_PROVIDERS:
            return self._fail(404, "unknown_provider", "Unknown provider.")
        raw, failure = self._body()
        if failure:
            return failure
        scheme, param = STATUS_PROVIDERS[provider]
        secret = request.env["ir.config_parameter"].sudo().get_param(param)
        if not self._signature_valid(scheme, secret, raw):
            return self._fail(403, "invalid_signature", "Invalid or missing signature.")
        if provider == "whatsapp":
            payload, failure = self._json_body(raw)
            if failure:
                return failure
            statuses = whatsapp_statuses(payload)
        else:
            form = request.httprequest.form
            sid = (form.get("MessageSid") or form.get("SmsSid") or "")[:200]
            status = (form.get("MessageStatus") or form.get("SmsStatus") or "").lower()
            error = form.get("ErrorCode") or ""
            if not sid or not status:
                return self._fail(
                    400, "invalid_status", "MessageSid and MessageStatus are required."
                )
            # queued, sending, accepted...: still on its way, ignored below
            statuses = [
                (sid, TWILIO_STATUS.get(status, status), f"Twilio {error}" if error else "")
            ]
        updated, ignored = (
            request.env["citizen.notification"].sudo()._citizen_apply_statuses(statuses)
        )
        return self._json({"ok": True, "updated": updated, "ignored": ignored})
