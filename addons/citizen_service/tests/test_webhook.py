import base64
import json
from pathlib import Path
from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from .common_messaging import REQUESTS_POST, FakeResponse
from .common_queue import notification_jobs, perform_stored_jobs

PAYLOADS = Path(__file__).parent / "payloads"


def load_payload(name):
    return json.loads((PAYLOADS / name).read_text(encoding="utf-8"))


@tagged("post_install", "-at_install")
class TestCitizenWebhook(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Client = env["citizen.api.client"]
        cls.wa = Client.create(
            {
                "name": "WhatsApp León",
                "provider": "whatsapp",
                "channel_id": env.ref("citizen_service.channel_whatsapp").id,
                "outbound_url": "https://graph.example.org/v19.0/106540352242922/messages",
                "outbound_token": "EAAG-test",
                "rate_limit": 0,
            }
        )
        cls.wa_key = cls.wa._generate_api_key()
        cls.sms = Client.create(
            {
                "name": "Pasarela SMS",
                "provider": "sms",
                "channel_id": env.ref("citizen_service.channel_sms").id,
                "rate_limit": 0,
            }
        )
        cls.sms_key = cls.sms._generate_api_key()
        cls.bot = Client.create(
            {
                "name": "Chatbot municipal",
                "provider": "chatbot",
                "channel_id": env.ref("citizen_service.channel_chatbot").id,
                "rate_limit": 0,
            }
        )
        cls.bot_key = cls.bot._generate_api_key()
        team = env["helpdesk.ticket.team"].create({"name": "Obra Pública (webhook)"})
        cls.lamp = env["helpdesk.ticket.category"].create(
            {"name": "Lámpara apagada", "code": "WH-LAMPARA APAGADA", "team_id": team.id}
        )
        cls.pothole = env["helpdesk.ticket.category"].create(
            {"name": "Bache en vialidad", "code": "WH-BACHE", "team_id": team.id}
        )
        cls.office = env["citizen.office"].create(
            {
                "name": "Tesorería Municipal - Módulo de Predial",
                "topics": "pago de predial, impuesto predial, descuentos",
                "street": "Plaza Principal s/n",
                "phone": "477 788 0000",
                "hours": "Lunes a viernes de 8:00 a 15:00",
            }
        )
        # an existing citizen written in another phone format
        cls.citizen = env["res.partner"].create(
            {"name": "María Guadalupe Hernández", "mobile": "477 991 2345", "is_citizen": True}
        )

    def post(self, provider, payload, key, as_form=False, headers=None):
        hdrs = {"Authorization": f"Bearer {key}"} if key else {}
        hdrs.update(headers or {})
        if as_form:
            return self.url_open(f"/citizen/webhook/{provider}", data=payload, headers=hdrs)
        hdrs["Content-Type"] = "application/json"
        data = payload if isinstance(payload, str | bytes) else json.dumps(payload)
        return self.url_open(f"/citizen/webhook/{provider}", data=data, headers=hdrs)

    def test_whatsapp_cloud_text_opens_report(self):
        payload = load_payload("whatsapp_cloud_text.json")
        with patch(REQUESTS_POST, return_value=FakeResponse()) as post:
            response = self.post("whatsapp", payload, self.wa_key)
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        self.assertTrue(body["ok"])
        self.assertEqual(body["status"], "report")
        ticket = self.env["helpdesk.ticket"].search([("number", "=", body["folio"])])
        self.assertEqual(ticket.partner_id, self.citizen, "found by normalised phone")
        self.assertEqual(ticket.channel_id, self.env.ref("citizen_service.channel_whatsapp"))
        # demo data may hold a petition with the same name: compare by name
        self.assertEqual(ticket.category_id.name, "Lámpara apagada")
        self.assertEqual(ticket.citizen_api_client_id, self.wa)
        message = self.env["citizen.inbound.message"].search(
            [
                (
                    "provider_message_id",
                    "=",
                    payload["entry"][0]["changes"][0]["value"]["messages"][0]["id"],
                )
            ]
        )
        self.assertEqual(message.state, "report")
        self.assertEqual(message.ticket_id, ticket)
        self.assertEqual(message.sender_phone, "+524779912345")
        # the folio goes back through the WhatsApp API, by a job after the commit
        self.assertEqual(post.call_count, 0)
        jobs = notification_jobs(self.env, ticket.citizen_notification_ids)
        self.assertEqual(len(jobs), 1)
        with patch(REQUESTS_POST, return_value=FakeResponse()) as post:
            perform_stored_jobs(self.env, jobs)
        self.assertEqual(post.call_count, 1)
        args, kwargs = post.call_args
        self.assertEqual(args[0], self.wa.outbound_url)
        self.assertEqual(kwargs["json"]["to"], "524779912345")
        self.assertIn(ticket.number, kwargs["json"]["text"]["body"])
        self.assertEqual(kwargs["headers"]["Authorization"], "Bearer EAAG-test")
        # provider retry: same answer, nothing duplicated
        with patch(REQUESTS_POST, return_value=FakeResponse()) as post:
            again = self.post("whatsapp", payload, self.wa_key).json()
        self.assertTrue(again["duplicate"])
        self.assertEqual(again["folio"], body["folio"])
        self.assertEqual(post.call_count, 0)
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count([("partner_id", "=", self.citizen.id)]), 1
        )

    def test_whatsapp_location_and_image(self):
        with patch(REQUESTS_POST, return_value=FakeResponse()):
            body = self.post(
                "whatsapp", load_payload("whatsapp_cloud_location.json"), self.wa_key
            ).json()
            self.assertEqual(body["status"], "report")
            ticket = self.env["helpdesk.ticket"].search([("number", "=", body["folio"])])
            self.assertAlmostEqual(ticket.latitude, 21.1236)
            self.assertAlmostEqual(ticket.longitude, -101.6824)
            self.assertEqual(ticket.category_id.name, "Bache en vialidad")
            # a new citizen was registered with the normalised phone
            self.assertEqual(ticket.partner_id.mobile, "+524777654321")
            self.assertTrue(ticket.partner_id.is_citizen)
            self.assertEqual(ticket.partner_id.name, "José Luis Ramírez")

            body = self.post(
                "whatsapp", load_payload("whatsapp_cloud_image.json"), self.wa_key
            ).json()
        ticket = self.env["helpdesk.ticket"].search([("number", "=", body["folio"])])
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(attachment.type, "url")
        self.assertIn("1234567890123456", attachment.url)

    def test_whatsapp_status_updates_ignored(self):
        response = self.post("whatsapp", load_payload("whatsapp_cloud_status.json"), self.wa_key)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"ok": True, "results": []})

    def test_whatsapp_verification_handshake(self):
        url = "/citizen/webhook/whatsapp?hub.mode=subscribe&hub.challenge=1158201444"
        response = self.url_open(f"{url}&hub.verify_token={self.wa_key}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.text, "1158201444")
        self.assertEqual(self.url_open(f"{url}&hub.verify_token=bad").status_code, 403)

    def test_sms_twilio_form(self):
        form = load_payload("sms_twilio_form.json")
        response = self.post("sms", form, self.sms_key, as_form=True)
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        self.assertEqual(body["status"], "report")
        ticket = self.env["helpdesk.ticket"].search([("number", "=", body["folio"])])
        self.assertEqual(ticket.channel_id, self.env.ref("citizen_service.channel_sms"))
        self.assertEqual(ticket.category_id.name, "Bache en vialidad")
        # the folio SMS was recorded (gateway: log only by default)
        notif = ticket.citizen_notification_ids
        self.assertEqual(notif.channel, "sms")
        self.assertEqual(notif.state, "logged")
        self.assertEqual(notif.recipient, "+524779876543")

    def test_chatbot_information_answer(self):
        payload = load_payload("chatbot_information.json")
        count = self.env["helpdesk.ticket"].search_count([])
        body = self.post("chatbot", payload, self.bot_key).json()
        self.assertEqual(body["status"], "information")
        self.assertIn("Tesorería Municipal", body["reply"])
        self.assertIn("8:00", body["reply"])
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), count)
        message = self.env["citizen.inbound.message"].search(
            [("provider_message_id", "=", payload["message_id"])]
        )
        self.assertIn(self.office, message.office_ids)
        # the consultation is counted in the office directory log
        self.assertEqual(
            self.env["citizen.office.log"].search_count(
                [("office_id", "=", self.office.id), ("kind", "=", "consulted")]
            ),
            1,
        )
        self.assertEqual(message.partner_id.mobile, "+524775550101")

    def test_information_petition_answer(self):
        self.env["helpdesk.ticket.category"].create(
            {
                "name": "Requisitos de licencia de construcción",
                "code": "WH-INFO LICENCIA",
                "petition_type": "information",
                "description": "Acuda a Desarrollo Urbano con escrituras y plano.",
            }
        )
        body = self.post(
            "chatbot",
            {
                "message_id": "q-1",
                "from": "4771112233",
                "text": "¿Cuáles son los requisitos de la licencia de construcción?",
            },
            self.bot_key,
        ).json()
        self.assertEqual(body["status"], "information")
        self.assertIn("Desarrollo Urbano", body["reply"])

    def test_chatbot_report_with_media(self):
        body = self.post("chatbot", load_payload("chatbot_report_media.json"), self.bot_key).json()
        self.assertEqual(body["status"], "report")
        ticket = self.env["helpdesk.ticket"].search([("number", "=", body["folio"])])
        self.assertEqual(ticket.channel_id, self.env.ref("citizen_service.channel_chatbot"))
        atts = self.env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(sorted(atts.mapped("type")), ["binary", "url"])
        png = atts.filtered(lambda a: a.type == "binary")
        self.assertEqual(png.raw[:4], b"\x89PNG")

    def test_auth_and_errors(self):
        payload = {"message_id": "e-1", "from": "4771112233", "text": "Hola"}
        self.assertEqual(self.post("chatbot", payload, None).status_code, 401)
        self.assertEqual(self.post("chatbot", payload, "cs_bad").status_code, 401)
        # a key of another provider is refused
        self.assertEqual(self.post("chatbot", payload, self.sms_key).status_code, 401)
        self.assertEqual(self.post("telegraph", payload, self.bot_key).status_code, 404)
        response = self.post("chatbot", "{not json", self.bot_key)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["code"], "invalid_json")
        cases = [
            ({"from": "4771112233", "text": "x"}, 400, "missing_message_id"),
            ({"message_id": "e-2", "text": "x"}, 400, "missing_sender"),
            ({"message_id": "e-3", "from": "12", "text": "x"}, 400, "invalid_sender"),
            ({"message_id": "e-4", "from": "4771112233", "text": "x" * 4001}, 413, "text_too_long"),
            (
                {
                    "message_id": "e-5",
                    "from": "4771112233",
                    "text": "x",
                    "media": [{"data": "***"}],
                },
                400,
                "invalid_media",
            ),
            (
                {
                    "message_id": "e-6",
                    "from": "4771112233",
                    "text": "x",
                    "media": [{"data": base64.b64encode(b"0" * (5 * 1024 * 1024 + 1)).decode()}],
                },
                413,
                "media_too_large",
            ),
            (
                {
                    "message_id": "e-7",
                    "from": "4771112233",
                    "text": "x",
                    "media": [{"url": "ftp://x"}],
                },
                400,
                "invalid_media",
            ),
        ]
        for payload, status, code in cases:
            response = self.post("chatbot", payload, self.bot_key)
            self.assertEqual(response.status_code, status, (code, response.text))
            self.assertEqual(response.json()["error"]["code"], code)
        self.assertFalse(
            self.env["citizen.inbound.message"].search([("provider_message_id", "like", "e-%")]),
            "rejected messages leave nothing half-written",
        )

    def test_rate_limit(self):
        client = self.env["citizen.api.client"].create(
            {
                "name": "Bot limitado",
                "provider": "chatbot",
                "channel_id": self.env.ref("citizen_service.channel_chatbot").id,
                "rate_limit": 1,
            }
        )
        key = client._generate_api_key()
        payload = {"message_id": "r-1", "from": "4771112233", "text": "¿Horario?"}
        self.assertEqual(self.post("chatbot", payload, key).status_code, 200)
        response = self.post("chatbot", dict(payload, message_id="r-2"), key)
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response.json()["error"]["code"], "rate_limited")
