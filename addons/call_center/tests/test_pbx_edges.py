"""PBX endpoint edges: hostile payloads, the serialization-retry path, parallel events."""

import json
import threading
from unittest.mock import patch

import requests

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import CallCenterCommon

URL = "/call_center/pbx/event"
TOKEN = "test-token-0123456789abcdef"
SERIALIZATION_FAILURE = "DO $$ BEGIN RAISE EXCEPTION 'test retry' USING ERRCODE = '40001'; END $$"


@tagged("post_install", "-at_install")
class TestPbxEdges(CallCenterCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_call_center()

    def _post(self, body, headers=None):
        hdrs = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}
        hdrs.update(headers or {})
        if not isinstance(body, bytes | str) and not callable(getattr(body, "__next__", None)):
            body = json.dumps(body)
        return self.url_open(URL, data=body, headers=hdrs)

    def _count(self):
        return self.env["call.center.call"].search_count([("pbx_id", "=", self.pbx.id)])

    def test_hostile_payloads_are_refused_with_json_4xx(self):
        before = self._count()
        bad = [
            {"event": "ringing", "call_id": "x\x00y"},
            {"event": "ringing", "call_id": "c-nul", "caller": "477\x00"},
            {"event": "ringing", "call_id": "c-list", "line": ["T1"]},
            {"event": "ringing", "call_id": "c-date", "timestamp": "9999-12-31T23:59:59-12:00"},
            {"event": "ringing", "call_id": "c-epoch", "timestamp": 1e300},
            {"event": "ringing", "call_id": "c-bool", "timestamp": True},
            {"event": "ringing", "call_id": True},
            {"event": ["ringing"], "call_id": "c-ev"},
            {"event": {"a": 1}, "call_id": "c-ev"},
            {
                "event": "cdr",
                "call_id": "c-cdr",
                "start": "2022-01-01T00:00:00Z",
                "end": "2022-01-01T00:01:00Z",
                "disposition": 5,
            },
            {"events": [{"event": "ringing", "call_id": "\ud800"}]},
        ]
        for payload in bad:
            response = self._post(payload)
            self.assertEqual(response.status_code, 400, (payload, response.text))
            self.assertFalse(response.json()["ok"])
        for raw in (b"\xff\xfe", b"[" * 5000, b'{"event": NaN}'):
            response = self._post(raw)
            self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(self._count(), before)

    def test_odd_tokens_never_raise(self):
        for token in ("é" * 20, "a" * 10000, "tok en 0123456789abcdef", "\x00" * 20):
            response = self.url_open(
                URL,
                data="{}",
                headers={"Content-Type": "application/json", "X-PBX-Token": token.encode("utf-8")},
            )
            self.assertEqual(response.status_code, 401, response.text)

    def test_chunked_body_over_the_limit_is_refused(self):
        def chunks():
            yield b'{"event": "ringing", "call_id": "big", "caller": "'
            for _i in range(1100):
                yield b"9" * 1024
            yield b'"}'

        response = self._post(chunks())
        self.assertEqual(response.status_code, 413, response.text)
        self.assertEqual(response.json()["ok"], False)
        self.assertFalse(self.env["call.center.call"].search([("pbx_call_id", "=", "big")]))

    def test_retried_request_sees_the_same_body(self):
        """A serialization failure makes Odoo retry the whole request: the event body must
        still be there (it used to be read from an exhausted stream and dropped)."""
        Event = self.registry["call.center.pbx.event"]
        original = Event._pbx_ingest
        tries = []

        def flaky(model, pbx, events):
            tries.append(events)
            if len(tries) == 1:
                model.env.cr.execute(SERIALIZATION_FAILURE)
            return original(model, pbx, events)

        event = {
            "event": "ringing",
            "call_id": "retry-1",
            "caller": "477 900 1122",
            "timestamp": "2022-01-10T16:00:00Z",
        }
        with (
            patch.object(Event, "_pbx_ingest", flaky),
            mute_logger("odoo.sql_db", "odoo.service.model"),
        ):
            response = self._post(event)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(len(tries), 2, "the request was retried once")
        self.assertEqual(tries[0], tries[1])
        self.env["call.center.pbx.event"]._pbx_process_pending()
        call = self.env["call.center.call"].search([("pbx_call_id", "=", "retry-1")])
        self.assertEqual(len(call), 1)
        self.assertEqual(call.partner_id, self.citizen)

    def test_parallel_events_of_one_call_are_merged(self):
        """N deliveries of the events of one call, sent at the same time by N threads,
        all end up in its single record."""
        call_id = "parallel-1"
        events = [
            {
                "event": "ringing",
                "call_id": call_id,
                "timestamp": "2022-01-10T16:00:00Z",
                "caller": "477 900 1122",
                "line": "T2",
            },
            {
                "event": "answered",
                "call_id": call_id,
                "timestamp": "2022-01-10T16:00:12Z",
                "agent": "9301",
            },
            {"event": "hangup", "call_id": call_id, "timestamp": "2022-01-10T16:05:12Z"},
        ]
        events = events * 4  # 12 parallel deliveries, retries included
        url = self.base_url() + URL
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}
        statuses = []
        barrier = threading.Barrier(len(events))

        def deliver(event):
            barrier.wait()
            response = requests.post(url, data=json.dumps(event), headers=headers, timeout=60)
            statuses.append(response.status_code)

        threads = [threading.Thread(target=deliver, args=(e,)) for e in events]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(90)
        self.assertEqual(statuses, [200] * len(events))
        self.env["call.center.pbx.event"]._pbx_process_pending()
        self.assertEqual(
            len(self.env["call.center.pbx.event"].search([("pbx_call_id", "=", call_id)])), 3
        )
        call = self.env["call.center.call"].search([("pbx_call_id", "=", call_id)])
        call.invalidate_recordset()
        self.assertEqual(len(call), 1)
        self.assertEqual(str(call.date_start), "2022-01-10 16:00:00")
        self.assertEqual(str(call.date_answer), "2022-01-10 16:00:12")
        self.assertEqual(str(call.date_end), "2022-01-10 16:05:12")
        self.assertEqual(call.operator_id, self.operator)
        self.assertEqual(call.line_id, self.line2)
        self.assertEqual(call.partner_id, self.citizen)


@tagged("post_install", "-at_install")
class TestPbxFuzz(CallCenterCommon, HttpCase):
    """Arbitrary JSON events: never a 5xx; a refused request writes no call."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_call_center()

    def test_fuzz_pbx_event(self):
        import logging

        from hypothesis import HealthCheck, given, settings
        from hypothesis import strategies as st

        from odoo.addons.citizen_service.tests.test_fuzz_endpoints import JSON, fields_dict

        keys = [
            "event",
            "call_id",
            "timestamp",
            "caller",
            "line",
            "agent",
            "direction",
            "start",
            "end",
            "answer",
            "disposition",
            "events",
        ]
        event = st.one_of(
            fields_dict(
                keys,
                st.one_of(
                    JSON,
                    st.sampled_from(
                        ["ringing", "answered", "hangup", "cdr", "inbound", "T1", "9301"]
                    ),
                ),
            ),
            JSON,
        )
        # half of the events carry a valid event name and call id, so the other fuzzed
        # fields reach the merge of the call (times, caller, line, agent)
        base = st.fixed_dictionaries(
            {
                "event": st.sampled_from(["ringing", "answered", "hangup", "cdr"]),
                "call_id": st.sampled_from(["fz-1", "fz-2", 7]),
            }
        )
        valid_ish = st.tuples(base, fields_dict(keys, JSON)).map(lambda t: {**t[1], **t[0]})
        event = st.one_of(event, valid_ish)
        payload = st.one_of(event, st.fixed_dictionaries({"events": st.lists(event, max_size=3)}))
        stats = {"tried": 0, "5xx": 0, "4xx": 0}
        failures = []

        @settings(
            max_examples=60,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(payload)
        def run(body):
            before = self._count()
            response = self._post(body)
            stats["tried"] += 1
            if response.status_code >= 500:
                stats["5xx"] += 1
                failures.append((body, response.text[:300]))
            elif response.status_code >= 400:
                stats["4xx"] += 1
                self.env.invalidate_all()
                if self._count() != before:
                    failures.append((body, "refused but wrote"))

        run()
        # every accepted event is processed into a call without failure
        Event = self.env["call.center.pbx.event"]
        Event._pbx_process_pending()
        failed = Event.search([("state", "!=", "done")])
        self.assertFalse(failed, failed.mapped("error")[:3])
        logging.getLogger(__name__).info(
            "fuzz POST /call_center/pbx/event (JSON): %d requests, %d answered 5xx, "
            "%d refused (4xx)",
            stats["tried"],
            stats["5xx"],
            stats["4xx"],
        )
        self.assertFalse(failures, failures[:3])

    def _post(self, body):
        return self.url_open(
            URL,
            data=json.dumps(body),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
        )

    def _count(self):
        return self.env["call.center.call"].search_count([("pbx_id", "=", self.pbx.id)])
