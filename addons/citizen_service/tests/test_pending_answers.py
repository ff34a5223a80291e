from datetime import datetime
from unittest.mock import patch

from odoo.addons.citizen_service.models.citizen_inbound_message import CitizenInboundMessage
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPendingAnswers(TransactionCase):
    """A message that answers a question goes to the addon that asked last."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls.env["citizen.api.client"].create(
            {
                "name": "WhatsApp León (respuestas)",
                "provider": "whatsapp",
                "channel_id": cls.env.ref("citizen_service.channel_whatsapp").id,
                "rate_limit": 0,
            }
        )
        cls.n = 0

    def receive(self, text):
        TestPendingAnswers.n += 1
        return self.env["citizen.inbound.message"]._citizen_receive(
            self.client,
            {
                "message_id": f"wamid.PEND-{self.n}",
                "from": "+524771112233",
                "name": "Laura Méndez Ortiz",
                "text": text,
            },
        )

    def pending(self, *asked):
        answers = [
            (datetime(2026, 12, 7, hour), lambda name=name: {"status": name})
            for hour, name in asked
        ]
        return patch.object(
            CitizenInboundMessage, "_citizen_pending_answers", lambda self: list(answers)
        )

    def test_newest_question_wins(self):
        with self.pending((9, "campaign"), (11, "appointment"), (10, "survey")):
            self.assertEqual(self.receive("2"), {"status": "appointment"})
        with self.pending((12, "campaign"), (11, "appointment")):
            self.assertEqual(self.receive("2"), {"status": "campaign"})

    def test_commands_before_answers(self):
        tickets = self.env["helpdesk.ticket"].search_count([])
        with self.pending((9, "campaign")):
            result = self.receive("NUEVO bache frente a la escuela")
        self.assertEqual(result["status"], "report")
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), tickets + 1)

    def test_no_question_pending(self):
        result = self.receive("Hay un bache enorme en Blvd. López Mateos 1200")
        self.assertEqual(result["status"], "report")

    def test_bot_answers_in_the_city_language(self):
        """A provider's request carries no language (en_US): the citizen still reads the
        city's Spanish, as in every notification (``res.partner._citizen_lang``)."""
        self.env["res.lang"]._activate_lang("es_MX")
        self.env = self.env(context=dict(self.env.context, lang="en_US"))
        result = self.receive("Hay un bache enorme en Blvd. López Mateos 1200")
        self.assertTrue(result["reply"].startswith("Su reporte quedó registrado con el folio"))
