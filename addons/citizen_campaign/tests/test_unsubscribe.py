import json

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestUnsubscribe(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.colonia = env["citizen.colonia"].create({"name": "Colonia Baja", "sector": "Baja"})
        cls.citizen = env["res.partner"].create(
            {
                "name": "Elena Baja Soto",
                "is_citizen": True,
                "email": "elena.baja@example.com",
                "mobile": "477 301 0099",
                "colonia_id": cls.colonia.id,
                "citizen_consent_email": True,
                "citizen_consent_whatsapp": True,
            }
        )
        segment = env["citizen.segment"].create(
            {"name": "Colonia Baja", "colonia_ids": cls.colonia.ids}
        )
        cls.campaign = env["citizen.campaign"].create(
            {
                "name": "Aviso",
                "segment_id": segment.id,
                "channel_policy": "email",
                "body": "Aviso de prueba.",
            }
        )
        cls.campaign.action_send()
        cls.recipient = cls.campaign.recipient_ids

    def test_unsubscribe_link(self):
        url = self.recipient._citizen_unsubscribe_url().replace(self.recipient.get_base_url(), "")
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("elena.baja@example.com", page.text)
        self.assertTrue(self.citizen.citizen_consent_email)
        page = self.url_open(url, data={"confirm": "1"})
        self.assertEqual(page.status_code, 200)
        self.assertFalse(self.citizen.citizen_consent_email)
        self.assertEqual(self.citizen.citizen_consent_email_origin, "unsubscribe")
        self.assertTrue(
            self.env["mail.blacklist"].search([("email", "=", "elena.baja@example.com")])
        )
        # WhatsApp consent untouched
        self.assertTrue(self.citizen.citizen_consent_whatsapp)

    def test_wrong_token(self):
        page = self.url_open(f"/citizen/campaign/unsubscribe/{self.recipient.id}/nope")
        self.assertEqual(page.status_code, 404)
        page = self.url_open("/citizen/campaign/unsubscribe/999999/nope", data={"confirm": "1"})
        self.assertEqual(page.status_code, 404)
        self.assertTrue(self.citizen.citizen_consent_email)

    def test_whatsapp_delivery_receipt_by_webhook(self):
        client = self.env["citizen.api.client"].create(
            {
                "name": "WhatsApp (recibos)",
                "provider": "whatsapp",
                "channel_id": self.env.ref("citizen_service.channel_whatsapp").id,
                "rate_limit": 0,
            }
        )
        key = client._generate_api_key()
        notif = self.env["citizen.notification"].create(
            {
                "channel": "whatsapp",
                "kind": "campaign",
                "recipient": "+524773010099",
                "body": "Aviso",
                "state": "sent",
                "provider_message_id": "wamid.RECEIPT-1",
            }
        )
        payload = {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "changes": [
                        {"value": {"statuses": [{"id": "wamid.RECEIPT-1", "status": "delivered"}]}}
                    ]
                }
            ],
        }
        response = self.url_open(
            "/citizen/webhook/whatsapp",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(notif.state, "delivered")
