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
        "/call_center/pbx/event",
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
        """Receive one call event from a PBX (ringing / answered / hangup / cdr).

        Body (JSON): {"event": "ringing", "call_id": "1641484800.12",
        "timestamp": "2022-01-06T15:00:00Z", "caller": "4771234567",
        "line": "L01", "agent": "201", "direction": "inbound"}
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
        if isinstance(payload, dict) and "events" in payload:
            # batch: {"events": [...]} - all validated first, all or nothing
            events = payload["events"]
            if not isinstance(events, list) or not events or len(events) > MAX_BATCH:
                return self._json(
                    {"ok": False, "error": f"'events' must be a list of 1 to {MAX_BATCH} events"},
                    status=400,
                )
            for index, event in enumerate(events):
                try:
                    Call._pbx_event_values(event)
                except PbxPayloadError as exc:
                    return self._json({"ok": False, "error": str(exc), "index": index}, status=400)
            processed = [Call._pbx_process_event(pbx, event, flush=False) for event in events]
            Call._pbx_env().env.flush_all()  # one flush for the whole batch
            results = [
                {"id": call.id, "created": created, "state": call.state}
                for call, created in processed
            ]
            return self._json({"ok": True, "results": results})
        try:
            call, created = Call._pbx_process_event(pbx, payload)
        except PbxPayloadError as exc:
            return self._json({"ok": False, "error": str(exc)}, status=400)
        return self._json(
            {
                "ok": True,
                "id": call.id,
                "created": created,
                "state": call.state,
                "partner_id": call.partner_id.id or None,
            }
        )
