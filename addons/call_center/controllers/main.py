import logging

from odoo import http
from odoo.addons.citizen_service.models.ir_http import citizen_request_body
from odoo.addons.citizen_service.tools.validation import (
    BodyTooLarge,
    InputError,
    bearer_token,
    parse_json,
)
from odoo.http import request

from ..models.call_center_call import PbxPayloadError

_logger = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024
MAX_BATCH = 500


class CallCenterPbxController(http.Controller):
    def _json(self, data, status=200):
        return request.make_json_response(data, status=status)

    def _token(self):
        headers = request.httprequest.headers
        return bearer_token(headers.get("Authorization"), headers.get("X-PBX-Token"))

    @http.route(
        ["/call_center/pbx/event", "/call_center/pbx/events"],
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
        # the body is read once, with this cap, before the endpoint and kept on the
        # request: a retry after a serialization failure sees the same events
        citizen_body_limit=MAX_BODY,
    )
    def pbx_event(self, **_kwargs):
        """Receive call events from a PBX (ringing / answered / hangup / cdr).

        Body (JSON), one event: {"event": "ringing", "call_id": "1641484800.12",
        "timestamp": "2022-01-06T15:00:00Z", "caller": "4771234567",
        "line": "L01", "agent": "201", "direction": "inbound", "event_id": "optional"}
        or a batch: {"events": [...]} (1 to 500 events, all validated first: all or nothing).

        Each event is validated, stored once (its ``event_id``, or a digest of the event
        when the PBX sends none, makes a retried delivery a no-op) and processed into
        its call by a queue job (channel ``root.pbx``) a moment later.
        """
        pbx = request.env["call.center.pbx"]._authenticate_token(self._token())
        if not pbx:
            return self._json({"ok": False, "error": "invalid or missing token"}, status=401)
        try:
            payload = parse_json(citizen_request_body() or b"null")
        except BodyTooLarge:
            return self._json({"ok": False, "error": "payload too large"}, status=413)
        except InputError:
            return self._json({"ok": False, "error": "the body is not valid JSON"}, status=400)
        Call = request.env["call.center.call"].sudo()
        batch = isinstance(payload, dict) and "events" in payload
        if batch:
            events = payload["events"]
            if not isinstance(events, list) or not events or len(events) > MAX_BATCH:
                return self._json(
                    {"ok": False, "error": f"'events' must be a list of 1 to {MAX_BATCH} events"},
                    status=400,
                )
        else:
            events = [payload]
        valid = []
        for index, event in enumerate(events):
            try:
                valid.append((event, Call._pbx_event_values(event)[0]))
            except PbxPayloadError as exc:
                error = {"ok": False, "error": str(exc)}
                if batch:
                    error["index"] = index
                return self._json(error, status=400)
        stored = request.env["call.center.pbx.event"].sudo()._pbx_ingest(pbx, valid)
        results = [{"id": rid, "duplicate": duplicate} for rid, duplicate in stored]
        if batch:
            return self._json({"ok": True, "queued": True, "results": results})
        return self._json(dict(results[0], ok=True, queued=True))
