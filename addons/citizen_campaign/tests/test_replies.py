from odoo.tests import tagged

from .common import CampaignCase


@tagged("post_install", "-at_install")
class TestReplies(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls.env["citizen.api.client"].create(
            {
                "name": "WhatsApp (respuestas)",
                "provider": "whatsapp",
                "channel_id": cls.env.ref("citizen_service.channel_whatsapp").id,
            }
        )
        cls.env["citizen.api.client"].search(
            [("provider", "=", "whatsapp"), ("id", "!=", cls.client.id)]
        ).write({"outbound_url": False})
        cls.seg = cls.env["citizen.segment"].create(
            {"name": "Colonia A", "colonia_ids": cls.col_a.ids}
        )
        cls.n = 0

    def receive(self, text, phone="+524773010001", name="Ana Campos Ruiz"):
        TestReplies.n += 1
        return self.env["citizen.inbound.message"]._citizen_receive(
            self.client,
            {
                "message_id": f"wamid.IN-{self.n}",
                "from": phone,
                "name": name,
                "text": text,
                "media": [],
            },
        )

    def last_message(self):
        return self.env["citizen.inbound.message"].search([], limit=1)

    def send(self, **vals):
        campaign = self.env["citizen.campaign"].create(
            dict(
                {
                    "name": "Encuesta de prueba",
                    "kind": "survey",
                    "segment_id": self.seg.id,
                    "accept_replies": True,
                    "body": "Del 1 al 5, ¿cómo lo atendimos?",
                },
                **vals,
            )
        )
        campaign.action_send()
        return campaign

    def test_survey_reply_lands_linked_to_the_campaign(self):
        campaign = self.send()
        ana = campaign.recipient_ids.filtered(lambda r: r.partner_id == self.ana)
        self.assertEqual(ana.channel, "whatsapp")
        result = self.receive("5")
        self.assertEqual(result["status"], "campaign_reply")
        message = self.last_message()
        self.assertEqual(message.partner_id, self.ana)
        self.assertEqual(message.campaign_recipient_id, ana)
        self.assertEqual(message.campaign_id, campaign)
        self.assertEqual(message.state, "campaign_reply")
        self.assertFalse(message.ticket_id, "a survey answer is not a report")
        self.assertEqual((ana.reply_count, campaign.reply_count), (1, 1))
        action = campaign.action_view_replies()
        self.assertEqual(self.env["citizen.inbound.message"].search(action["domain"]), message)

    def test_reply_to_an_alert_still_opens_a_report(self):
        campaign = self.send(kind="alert", accept_replies=False, body="Corte de agua mañana.")
        result = self.receive("Hay una fuga de agua enfrente de mi casa en la calle Hidalgo 20")
        self.assertEqual(result["status"], "report")
        message = self.last_message()
        self.assertEqual(message.campaign_id, campaign)
        self.assertTrue(message.ticket_id)

    def test_old_campaign_is_not_answered(self):
        campaign = self.send(reply_days=2)
        campaign.recipient_ids.write({"date_sent": "2020-01-01 10:00:00"})
        self.receive("Hay una fuga de agua enfrente de mi casa en la calle Hidalgo 20")
        self.assertFalse(self.last_message().campaign_recipient_id)

    def test_baja_unsubscribes_and_alta_subscribes_again(self):
        self.send()
        result = self.receive("BAJA")
        self.assertEqual(result["status"], "opt_out")
        self.assertEqual(self.last_message().state, "opt_out")
        self.assertFalse(self.ana.citizen_consent_whatsapp)
        self.assertEqual(self.ana.citizen_consent_whatsapp_origin, "reply")
        blacklisted = self.env["phone.blacklist"].sudo().search([("number", "=", self.ana.mobile)])
        self.assertTrue(blacklisted)
        # the confirmation is sent all the same
        confirmation = self.env["citizen.notification"].search(
            [("partner_id", "=", self.ana.id)], limit=1
        )
        self.assertIn("ALTA", confirmation.body)
        # the next campaign honours it: Ana accepted e-mails, so she gets an e-mail
        second = self.send(name="Segunda encuesta")
        ana = second.recipient_ids.filtered(lambda r: r.partner_id == self.ana)
        self.assertEqual(ana.channel, "email")
        only_whatsapp = self.send(name="Tercera", channel_policy="whatsapp")
        ana = only_whatsapp.recipient_ids.filtered(lambda r: r.partner_id == self.ana)
        self.assertEqual(ana.status, "opted_out")
        # ALTA: back on WhatsApp
        self.assertEqual(self.receive("alta")["status"], "opt_in")
        self.assertTrue(self.ana.citizen_consent_whatsapp)
        self.assertFalse(
            self.env["phone.blacklist"].sudo().search([("number", "=", self.ana.mobile)])
        )
