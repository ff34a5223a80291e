import json
from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from .common import CallCenterCommon

URL = "/call_center/pbx/event"


@tagged("post_install", "-at_install")
class TestPbxEndpoint(CallCenterCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_call_center()

    def _post(self, payload, token="test-token-0123456789abcdef", header="Authorization", raw=None):
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers[header] = f"Bearer {token}" if header == "Authorization" else token
        body = raw if raw is not None else json.dumps(payload)
        response = self.url_open(URL, data=body, headers=headers)
        # the request stores the event; the queue job (run here) makes the call
        self.env["call.center.pbx.event"]._pbx_process_pending()
        self.env.invalidate_all()
        return response.status_code, response.json()

    def _calls(self, call_id):
        return self.env["call.center.call"].search(
            [("pbx_id", "=", self.pbx.id), ("pbx_call_id", "=", call_id)]
        )

    def _raw(self, call_id):
        return self.env["call.center.pbx.event"].search(
            [("pbx_id", "=", self.pbx.id), ("pbx_call_id", "=", call_id)]
        )

    def test_full_call_flow_and_screen_pop(self):
        status, data = self._post(
            {
                "event": "ringing",
                "call_id": "c-1",
                "timestamp": "2022-01-10T16:00:00Z",
                "caller": "477 900 1122",
                "line": "T2",
            }
        )
        self.assertEqual(status, 200, data)
        self.assertTrue(data["queued"])
        self.assertFalse(data["duplicate"])
        call = self._calls("c-1")
        self.assertEqual(call.state, "ringing")
        self.assertEqual(call.partner_id, self.citizen)
        self.assertEqual(call.caller_number, "+524779001122")
        self.assertEqual(call.line_id, self.line2)
        self.assertFalse(call.operator_id)
        status, data = self._post(
            {
                "event": "answered",
                "call_id": "c-1",
                "timestamp": "2022-01-10T16:00:12Z",
                "agent": "9301",
            }
        )
        self.assertEqual(status, 200, data)
        call.invalidate_recordset()
        self.assertEqual(call.operator_id, self.operator)
        self.assertEqual(call.state, "in_progress")
        self.assertEqual(call.wait_time, 12)
        # the operator's screen pops the caller
        notifs = self.env["bus.bus"].sudo().search([("message", "ilike", "call_center/incoming")])
        self.assertTrue(notifs)
        payload = json.loads(notifs[-1].message)["payload"]
        self.assertEqual(payload["call_id"], call.id)
        self.assertEqual(payload["partner_id"], self.citizen.id)
        status, data = self._post(
            {
                "event": "hangup",
                "call_id": "c-1",
                "timestamp": "2022-01-10T16:05:12Z",
            }
        )
        self.assertEqual(status, 200, data)
        call.invalidate_recordset()
        self.assertEqual(call.state, "done")
        self.assertEqual(call.duration, 300)
        self.assertTrue(call.answered_in_sl)
        self.assertEqual(call.hour_of_day, 10)

    def test_duplicate_event_is_idempotent(self):
        event = {"event": "ringing", "call_id": 42, "timestamp": 1641830400, "caller": "4779001122"}
        self.assertEqual(self._post(event)[0], 200)
        status, data = self._post(event)
        self.assertEqual(status, 200)
        self.assertTrue(data["duplicate"])
        self.assertIsNone(data["id"])
        hangup = {"event": "hangup", "call_id": "42", "timestamp": 1641830460}
        self._post(hangup)
        self._post(hangup)
        calls = self._calls("42")
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls.state, "missed")
        self.assertEqual(calls.wait_time, 60)

    def test_out_of_order_events(self):
        # hangup arrives first, then answered, then ringing
        self._post(
            {
                "event": "hangup",
                "call_id": "o-1",
                "timestamp": "2022-01-10T16:03:00Z",
                "caller": "4779001122",
            }
        )
        call = self._calls("o-1")
        self.assertEqual(call.state, "missed")
        self.assertEqual(call.callback_state, "pending")
        self._post(
            {
                "event": "answered",
                "call_id": "o-1",
                "timestamp": "2022-01-10T16:00:30Z",
                "agent": "cc_op2",
            }
        )
        call.invalidate_recordset()
        self.assertEqual(call.state, "done")
        self.assertEqual(call.operator_id, self.operator2)
        self.assertFalse(call.callback_state)
        self.assertFalse(call.outcome)
        self._post({"event": "ringing", "call_id": "o-1", "timestamp": "2022-01-10T16:00:00Z"})
        call.invalidate_recordset()
        self.assertEqual(len(self._calls("o-1")), 1)
        self.assertEqual(call.wait_time, 30)
        self.assertEqual(call.duration, 150)
        self.assertEqual(str(call.date_start), "2022-01-10 16:00:00")

    def test_cdr_event_and_x_pbx_token(self):
        status, data = self._post(
            {
                "event": "cdr",
                "call_id": "cdr-1",
                "start": "2022-01-10T10:00:00-06:00",
                "answer": "2022-01-10T10:00:05-06:00",
                "end": "2022-01-10T10:10:05-06:00",
                "disposition": "ANSWERED",
                "caller": "+52 477 900 1122",
                "agent": "9301",
            },
            header="X-PBX-Token",
            token="test-token-0123456789abcdef",
        )
        self.assertEqual(status, 200, data)
        call = self._calls("cdr-1")
        self.assertEqual(call.duration, 600)
        self.assertEqual(call.wait_time, 5)
        self.assertEqual(call.line_id, self.line)  # default line of the PBX
        status, data = self._post(
            {
                "event": "cdr",
                "call_id": "cdr-2",
                "start": "2022-01-10T16:00:00Z",
                "end": "2022-01-10T16:00:45Z",
                "disposition": "NO ANSWER",
            },
        )
        self.assertEqual(self._calls("cdr-2").state, "missed")

    def test_bad_token(self):
        status, data = self._post(
            {"event": "ringing", "call_id": "x"}, token="wrong-token-0123456789"
        )
        self.assertEqual(status, 401)
        self.assertFalse(data["ok"])
        status, _data = self._post({"event": "ringing", "call_id": "x"}, token=None)
        self.assertEqual(status, 401)
        # token rotation invalidates the cached token at once
        self.assertEqual(self._post({"event": "ringing", "call_id": "y"})[0], 200)
        self.pbx.action_regenerate_token()
        self.assertEqual(self._post({"event": "ringing", "call_id": "x"})[0], 401)
        status, _data = self._post({"event": "ringing", "call_id": "x"}, token=self.pbx.token)
        self.assertEqual(status, 200)
        self.pbx.active = False
        status, _data = self._post({"event": "ringing", "call_id": "x2"}, token=self.pbx.token)
        self.assertEqual(status, 401)
        self.assertFalse(self._calls("x2"))

    def test_malformed_payloads(self):
        for raw in ("{not json", "[]", "null"):
            status, data = self._post(None, raw=raw)
            self.assertEqual(status, 400, raw)
            self.assertFalse(data["ok"])
        for payload in (
            {"event": "exploded", "call_id": "m"},
            {"event": "ringing"},
            {"event": "ringing", "call_id": "m", "timestamp": "yesterday"},
            {"event": "ringing", "call_id": "m", "direction": "sideways"},
            {"event": "cdr", "call_id": "m", "start": "2022-01-10T16:00:00Z"},
            {"event": "ringing", "call_id": "m", "caller": {"a": 1}},
        ):
            status, data = self._post(payload)
            self.assertEqual(status, 400, payload)
            self.assertIn("error", data)
        self.assertFalse(self._calls("m"))

    def test_batch_of_events(self):
        events = [
            {"event": "ringing", "call_id": "b-1", "timestamp": "2022-01-10T16:00:00Z"},
            {"event": "answered", "call_id": "b-1", "timestamp": "2022-01-10T16:00:08Z"},
            {"event": "hangup", "call_id": "b-1", "timestamp": "2022-01-10T16:01:08Z"},
            {"event": "ringing", "call_id": "b-1", "timestamp": "2022-01-10T16:00:00Z"},
        ]
        status, data = self._post({"events": events})
        self.assertEqual(status, 200, data)
        self.assertEqual(len(data["results"]), 4)
        self.assertEqual([r["duplicate"] for r in data["results"]], [False, False, False, True])
        call = self._calls("b-1")
        self.assertEqual((len(call), call.state, call.duration), (1, "done", 60))
        # one malformed event rejects the whole batch
        status, data = self._post(
            {
                "events": [
                    {"event": "ringing", "call_id": "b-2"},
                    {"event": "ringing"},
                ]
            }
        )
        self.assertEqual((status, data["index"]), (400, 1))
        self.assertFalse(self._calls("b-2"))
        self.assertFalse(self._raw("b-2"), "a refused batch stores none of its events")
        self.assertEqual(self._post({"events": []})[0], 400)

    def test_same_event_twice_is_stored_once(self):
        """Ingest is idempotent: a retried delivery (same JSON, or same ``event_id``)
        is stored once, queued once and makes one call."""
        Event = self.env["call.center.pbx.event"]
        jobs_before = self.env["queue.job"].search_count([("channel", "=", "root.pbx")])
        event = {"event": "ringing", "call_id": "i-1", "timestamp": "2022-01-10T16:00:00Z"}
        body = json.dumps(event)
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {self.pbx.token}"}
        first = self.url_open(URL, data=body, headers=headers).json()
        second = self.url_open(URL, data=body, headers=headers).json()
        self.assertEqual((first["ok"], first["duplicate"]), (True, False))
        self.assertEqual((second["ok"], second["duplicate"], second["id"]), (True, True, None))
        raw = self._raw("i-1")
        self.assertEqual(raw.mapped("state"), ["pending"])
        self.assertEqual(raw.id, first["id"])
        # the processing is queued in the PBX channel, one pending job for many events
        jobs = self.env["queue.job"].search([("channel", "=", "root.pbx")])
        self.assertEqual(len(jobs) - jobs_before, 1)
        self.assertEqual(jobs[0].method_name, "_pbx_process_pending")
        # the PBX's own event id wins over the content
        tagged = dict(event, call_id="i-2", event_id="evt-77")
        self.url_open(URL, data=json.dumps(tagged), headers=headers)
        resent = dict(tagged, timestamp="2022-01-10T16:00:09Z")
        self.assertTrue(
            self.url_open(URL, data=json.dumps(resent), headers=headers).json()["duplicate"]
        )
        self.assertEqual(Event._pbx_process_pending(), 2)
        self.assertEqual(self._raw("i-1").state, "done")
        self.assertEqual(self._raw("i-1").call_id, self._calls("i-1"))
        self.assertEqual(len(self._calls("i-1")), 1)
        self.assertEqual(str(self._calls("i-2").date_start), "2022-01-10 16:00:00")
        self.assertEqual(Event._pbx_process_pending(), 0)

    def test_batch_endpoint_all_or_nothing(self):
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {self.pbx.token}"}
        url = "/call_center/pbx/events"
        good = {"event": "ringing", "call_id": "ba-1", "timestamp": "2022-01-10T16:00:00Z"}
        for bad in (
            {"event": "ringing", "call_id": "ba-2", "timestamp": "yesterday"},
            {"event": "ringing", "call_id": ["ba-2"]},
            "ringing",
        ):
            response = self.url_open(url, data=json.dumps({"events": [good, bad]}), headers=headers)
            self.assertEqual(response.status_code, 400, response.text)
            self.assertEqual(response.headers["Content-Type"], "application/json; charset=utf-8")
            self.assertEqual((response.json()["ok"], response.json()["index"]), (False, 1))
        self.assertFalse(self._raw("ba-1"))
        self.assertFalse(self.env["call.center.pbx.event"].search([("state", "=", "pending")]))
        too_many = {"events": [dict(good, call_id=f"ba-{i}") for i in range(501)]}
        self.assertEqual(
            self.url_open(url, data=json.dumps(too_many), headers=headers).status_code, 400
        )
        response = self.url_open(url, data=json.dumps({"events": [good, good]}), headers=headers)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual([r["duplicate"] for r in response.json()["results"]], [False, True])
        self.assertEqual(len(self._raw("ba-1")), 1)

    def test_a_failing_event_does_not_block_the_others(self):
        Event = self.env["call.center.pbx.event"]
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {self.pbx.token}"}
        events = [
            {"event": "ringing", "call_id": f"f-{i}", "timestamp": "2022-01-10T16:00:00Z"}
            for i in range(3)
        ]
        self.url_open(URL, data=json.dumps({"events": events}), headers=headers)
        Call = self.registry["call.center.call"]
        original = Call._pbx_process_event

        def broken(model, pbx, payload, flush=True):
            if payload["call_id"] == "f-1":
                raise ValueError("boom")
            return original(model, pbx, payload, flush=flush)

        with patch.object(Call, "_pbx_process_event", broken):
            self.assertEqual(Event._pbx_process_pending(), 3)
        self.assertEqual(self._raw("f-0").state, "done")
        self.assertEqual((self._raw("f-1").state, self._raw("f-1").error), ("failed", "boom"))
        self.assertEqual(self._raw("f-2").state, "done")
        self.assertEqual(len(self._calls("f-0") | self._calls("f-2")), 2)
        self.assertFalse(self._calls("f-1"))
