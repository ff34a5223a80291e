"""Hostile input on the public endpoints: always the endpoint's own 4xx, never a 500,
and nothing written when a request is refused."""

import hashlib
import hmac
import json
from unittest.mock import patch
from xml.etree import ElementTree

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .test_open311 import Open311Common

SERIALIZATION_FAILURE = "DO $$ BEGIN RAISE EXCEPTION 'test retry' USING ERRCODE = '40001'; END $$"


def counts(env):
    return (
        env["helpdesk.ticket"].sudo().search_count([]),
        env["res.partner"].sudo().with_context(active_test=False).search_count([]),
        env["citizen.inbound.message"].sudo().search_count([]),
        env["ir.attachment"].sudo().search_count([]),
    )


@tagged("post_install", "-at_install")
class TestOpen311Edges(Open311Common):
    def post_json(self, data, url="/open311/v2/requests.json"):
        return self.url_open(
            url, data=json.dumps(data), headers={"Content-Type": "application/json"}
        )

    def assert_spec_error(self, response, status, fmt="json"):
        self.assertEqual(response.status_code, status, response.text)
        if fmt == "json":
            errors = response.json()
            self.assertEqual(errors[0]["code"], status)
            self.assertTrue(errors[0]["description"])
        else:
            root = ElementTree.fromstring(response.content)
            self.assertEqual(root.tag, "errors")
            self.assertEqual(root.find("error/code").text, str(status))

    def test_hostile_post_payloads(self):
        base = {"service_code": "OM-BACHE", "address_string": "Madero 214", "api_key": self.api_key}
        before = counts(self.env)
        for bad in (
            {"description": "bache\x00"},
            {"description": 12},
            {"description": ["bache"]},
            {"first_name": {"a": 1}},
            {"lat": True, "long": -101.6},
            {"lat": "21.1", "long": [1]},
            {"email": ["a@b.mx"]},
            {"address_string": "\ud800"},
            {"attributes": ["x"]},
            {"service_code": "OM-LAMPARA", "attribute[pole_number]": {"x": 1}},
            {"service_code": ["OM-BACHE"]},
            {"api_key": ["x"]},
            {"api_key": "clé-ñ"},
        ):
            payload = dict(base, **bad)
            response = self.post_json(payload)
            self.assertIn(response.status_code, (400, 403), (bad, response.text))
            self.assert_spec_error(response, response.status_code)
        # the same through forms, in XML
        response = self.url_open("/open311/v2/requests.xml", data=dict(base, description="a\x00b"))
        self.assert_spec_error(response, 400, "xml")
        self.assertEqual(counts(self.env), before)

    def test_out_of_range_dates_and_odd_ids(self):
        for query in (
            "start_date=9999-12-31T23:59:59-12:00",
            "end_date=0001-01-01T00:00:00%2B14:00",
            "start_date=%00",
            "service_request_id=%00",
            "service_code=OM%00",
            "status=open%00",
        ):
            response = self.url_open(f"/open311/v2/requests.json?{query}")
            self.assert_spec_error(response, 400)
        response = self.url_open("/open311/v2/requests/%00.xml")
        self.assertEqual(response.status_code, 404)
        response = self.url_open("/open311/v2/services/%00.json")
        self.assertEqual(response.status_code, 404)

    def test_unsupported_methods_answer_in_spec_format(self):
        for method in ("PUT", "DELETE", "PATCH"):
            for url in ("/open311/v2/requests.json", "/open311/v2/services.json"):
                response = self.opener.request(method, self.base_url() + url, timeout=30)
                self.assert_spec_error(response, 405)
                self.assertIn("GET", response.headers["Allow"])
            response = self.opener.request(
                method, self.base_url() + "/open311/v2/requests/123.xml", timeout=30
            )
            self.assert_spec_error(response, 405, "xml")

    def test_chunked_body_over_the_limit(self):
        before = counts(self.env)

        def chunks():
            yield b'{"service_code": "OM-BACHE", "address_string": "x", "description": "'
            for _i in range(1100):
                yield b"a" * 1024
            yield b'"}'

        response = self.url_open(
            "/open311/v2/requests.json", data=chunks(), headers={"Content-Type": "application/json"}
        )
        self.assert_spec_error(response, 413)
        response = self.url_open(
            "/open311/v2/requests.xml",
            data=chunks(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        self.assert_spec_error(response, 413, "xml")
        self.assertEqual(counts(self.env), before)

    def test_xml_list_survives_a_control_character_in_stored_data(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Bache",
                "description": "Bache\x0b frente al 12",
                "category_id": self.petition_plain.id,
                "street": "Calle\x0c Madero\x1b 12",
                "citizen_api_client_id": self.client.id,
            }
        )
        ticket.response = "Atendido\x07"
        response = self.url_open(f"/open311/v2/requests.xml?api_key={self.api_key}")
        self.assertEqual(response.status_code, 200)
        root = ElementTree.fromstring(response.content)
        numbers = [r.findtext("service_request_id") for r in root.findall("request")]
        self.assertIn(ticket.number, numbers)

    def test_messaging_keys_cannot_use_open311(self):
        wa = self.env["citizen.api.client"].create(
            {
                "name": "WhatsApp (scopes)",
                "provider": "whatsapp",
                "channel_id": self.env.ref("citizen_service.channel_whatsapp").id,
                "rate_limit": 0,
            }
        )
        key = wa._generate_api_key()
        data = dict(load_post(), api_key=key)
        before = counts(self.env)
        self.assert_spec_error(self.url_open("/open311/v2/requests.json", data=data), 403)
        self.assert_spec_error(self.url_open(f"/open311/v2/requests.json?api_key={key}"), 403)
        self.assertEqual(counts(self.env), before)

    def test_details_of_other_peoples_reports_need_the_staff_scope(self):
        other_client = self.env["citizen.api.client"].create(
            {"name": "Otra app", "channel_id": self.channel.id, "rate_limit": 0}
        )
        other_key = other_client._generate_api_key()
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Bache",
                "description": "Frente a la casa de Doña Rosa, Calle Pino 5",
                "category_id": self.petition_plain.id,
                "street": "Calle Pino 5",
                "latitude": 21.12,
                "longitude": -101.68,
                "citizen_api_client_id": self.client.id,
            }
        )
        url = f"/open311/v2/requests/{ticket.number}.json?api_key="
        [own] = self.get_json(url + self.api_key)
        self.assertIn("Doña Rosa", own["description"])
        [other] = self.get_json(url + other_key)
        self.assertEqual(other["description"], "")
        self.assertIsNone(other["lat"])
        self.assertNotIn("Pino", other["address"])
        other_client.scope_read_details = True
        [staff] = self.get_json(url + other_key)
        self.assertIn("Doña Rosa", staff["description"])
        self.assertEqual(staff["lat"], 21.12)


def load_post():
    from .test_open311 import load_payload

    return load_payload("open311_post_request.json")


@tagged("post_install", "-at_install")
class TestWebhookEdges(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Client = env["citizen.api.client"]
        cls.bot = Client.create(
            {
                "name": "Chatbot (edges)",
                "provider": "chatbot",
                "channel_id": env.ref("citizen_service.channel_chatbot").id,
                "rate_limit": 0,
            }
        )
        cls.bot_key = cls.bot._generate_api_key()
        cls.wa = Client.create(
            {
                "name": "WhatsApp (edges)",
                "provider": "whatsapp",
                "channel_id": env.ref("citizen_service.channel_whatsapp").id,
                "rate_limit": 0,
                "webhook_secret": "meta-app-secret",
            }
        )
        cls.wa_key = cls.wa._generate_api_key()
        cls.sms = Client.create(
            {
                "name": "Twilio (edges)",
                "provider": "sms",
                "channel_id": env.ref("citizen_service.channel_sms").id,
                "rate_limit": 0,
                "webhook_secret": "twilio-auth-token",
            }
        )
        cls.sms_key = cls.sms._generate_api_key()

    def post(self, provider, body, key, headers=None, content_type="application/json"):
        hdrs = {"Authorization": f"Bearer {key}", "Content-Type": content_type}
        hdrs.update(headers or {})
        if not isinstance(body, str | bytes):
            body = json.dumps(body)
        return self.url_open(f"/citizen/webhook/{provider}", data=body, headers=hdrs)

    def test_hostile_generic_messages(self):
        base = {"message_id": "m-1", "from": "477 555 0101", "text": "Hay un bache"}
        before = counts(self.env)
        for bad in (
            {"text": "bache\x00"},
            {"text": ["a"]},
            {"text": {"a": 1}},
            {"name": 5},
            {"name": "Ana\ud800"},
            {"from": ["477"]},
            {"message_id": {"a": 1}},
            {"location": {"latitude": True, "longitude": -101.6}},
            {"location": {"latitude": "x", "longitude": 1}},
            {"location": [1, 2]},
            {"media": "x"},
            {"media": [{"data": 12}]},
            {"media": [{"url": "file:///etc/passwd"}]},
        ):
            response = self.post("chatbot", dict(base, **bad), self.bot_key)
            self.assertEqual(response.status_code, 400, (bad, response.text))
            self.assertFalse(response.json()["ok"])
        for raw in (b"\xff", b"[" * 5000, b'{"text": NaN}', b"[]", b"1", b'"x"'):
            response = self.post("chatbot", raw, self.bot_key)
            self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(counts(self.env), before)

    def test_odd_tokens(self):
        for key in ("clé", "a" * 5000, "\x00", ""):
            response = self.url_open(
                "/citizen/webhook/chatbot?token=" + key,
                data="{}",
                headers={"Content-Type": "application/json"},
            )
            self.assertEqual(response.status_code, 401)
        response = self.url_open(
            "/citizen/webhook/whatsapp?hub.mode=subscribe&hub.challenge=%3Cscript%3E"
            f"&hub.verify_token={self.wa_key}"
        )
        self.assertEqual(response.status_code, 400)

    def test_meta_signature(self):
        body = json.dumps(
            {"message_id": "wa-sig-1", "from": "477 555 0102", "text": "Fuga de agua"}
        ).encode()
        before = counts(self.env)
        for header in (None, "sha256=00", "sha1=abc", "sha256=" + "é" * 64):
            headers = {"X-Hub-Signature-256": header.encode()} if header else {}
            response = self.post("whatsapp", body, self.wa_key, headers=headers)
            self.assertEqual(response.status_code, 401, response.text)
        self.assertEqual(counts(self.env), before)
        good = "sha256=" + hmac.new(b"meta-app-secret", body, hashlib.sha256).hexdigest()
        response = self.post("whatsapp", body, self.wa_key, {"X-Hub-Signature-256": good})
        self.assertEqual(response.status_code, 200, response.text)

    def test_twilio_signature(self):
        from ..tools.validation import twilio_signature

        form = {"MessageSid": "SM-sig-1", "From": "+524775550103", "Body": "Bache en mi calle"}
        url = self.base_url() + "/citizen/webhook/sms"
        before = counts(self.env)
        response = self.url_open(
            "/citizen/webhook/sms",
            data=form,
            headers={"Authorization": f"Bearer {self.sms_key}", "X-Twilio-Signature": "bad"},
        )
        self.assertEqual(response.status_code, 401, response.text)
        self.assertEqual(counts(self.env), before)
        signature = twilio_signature("twilio-auth-token", url, form)
        response = self.url_open(
            "/citizen/webhook/sms",
            data=form,
            headers={"Authorization": f"Bearer {self.sms_key}", "X-Twilio-Signature": signature},
        )
        self.assertEqual(response.status_code, 200, response.text)

    def test_retried_webhook_request_sees_the_same_body(self):
        Inbound = self.registry["citizen.inbound.message"]
        original = Inbound._citizen_receive
        tries = []

        def flaky(model, client, message, raw_payload=None):
            tries.append(message)
            if len(tries) == 1:
                model.env.cr.execute(SERIALIZATION_FAILURE)
            return original(model, client, message, raw_payload=raw_payload)

        payload = {"message_id": "retry-1", "from": "477 555 0104", "text": "Bache en Madero"}
        with (
            patch.object(Inbound, "_citizen_receive", flaky),
            mute_logger("odoo.sql_db", "odoo.service.model"),
        ):
            response = self.post("chatbot", payload, self.bot_key)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(len(tries), 2)
        self.assertEqual(tries[0], tries[1])
        message = self.env["citizen.inbound.message"].search(
            [("provider_message_id", "=", "retry-1")]
        )
        self.assertEqual(len(message), 1)
        self.assertTrue(message.ticket_id)

    def test_query_string_tokens_are_not_logged(self):
        import logging

        from ..tools.validation import redact_secrets

        logger = logging.getLogger("werkzeug")
        self.assertTrue(logger.filters, "the redaction filter is installed")
        record = logger.makeRecord(
            "werkzeug",
            logging.INFO,
            __file__,
            0,
            '127.0.0.1 - - "%s %s HTTP/1.1" 200 -',
            ("POST", f"/citizen/webhook/chatbot?token={self.bot_key}&x=1"),
            None,
        )
        for log_filter in logger.filters:
            log_filter.filter(record)
        self.assertNotIn(self.bot_key, record.getMessage())
        self.assertIn("x=1", record.getMessage())
        self.assertNotIn(self.bot_key, redact_secrets(f"/x?token={self.bot_key}"))
