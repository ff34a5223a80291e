import json

from odoo.tests import tagged

from .common import AppointmentCase


@tagged("post_install", "-at_install")
class TestWhatsappBooking(AppointmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls.env["citizen.api.client"].create(
            {
                "name": "WhatsApp (citas)",
                "provider": "whatsapp",
                "channel_id": cls.env.ref("citizen_service.channel_whatsapp").id,
            }
        )
        cls.caller = cls.env["res.partner"].create(
            {
                "name": "Jorge Ramírez Torres",
                "mobile": "477 302 0001",
                "is_citizen": True,
            }
        )
        cls.n = 0

    def receive(self, text, phone="+524773020001", name="Jorge Ramírez Torres"):
        TestWhatsappBooking.n += 1
        return self.env["citizen.inbound.message"]._citizen_receive(
            self.client,
            {"message_id": f"wamid.CITA-{self.n}", "from": phone, "name": name, "text": text},
        )

    def last_message(self):
        return self.env["citizen.inbound.message"].search([], limit=1)

    def offer(self, partner=None):
        return self.env["citizen.appointment.offer"].search(
            [("partner_id", "=", (partner or self.caller).id)], limit=1
        )

    def test_bot_offers_kinds_then_times_and_books(self):
        result = self.receive("Hola, quiero una cita")
        self.assertEqual(result["status"], "appointment")
        offer = self.offer()
        self.assertEqual((offer.step, offer.state), ("type", "open"))
        type_ids = json.loads(offer.options)
        self.assertIn(self.btype.id, type_ids)
        number = type_ids.index(self.btype.id) + 1
        self.assertIn(f"{number}. {self.btype.name}", result["reply"])
        # the question went back through WhatsApp
        sent = self.env["citizen.notification"].search([("partner_id", "=", self.caller.id)])
        self.assertEqual(sent[:1].channel, "whatsapp")

        result = self.receive(str(number))
        offer = self.offer()
        self.assertEqual((offer.step, offer.type_id), ("slot", self.btype))
        slots = json.loads(offer.options)
        self.assertEqual(len(slots), 5)
        self.assertIn("5. ", result["reply"])

        result = self.receive("9")
        self.assertIn("1", result["reply"])
        self.assertIn("5", result["reply"])
        self.assertEqual(offer.state, "open")

        result = self.receive("2")
        booking = self.env["resource.booking"].search([("partner_ids", "in", self.caller.ids)])
        self.assertEqual(len(booking), 1)
        self.assertEqual(result["folio"], booking.citizen_folio)
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(booking.citizen_booked_by, "message")
        self.assertEqual(booking.citizen_notify_method, "whatsapp")
        self.assertEqual(booking.start.strftime("%Y-%m-%d %H:%M:%S"), slots[1])
        self.assertEqual((offer.state, offer.booking_id), ("booked", booking))
        message = self.last_message()
        self.assertEqual((message.state, message.booking_id), ("appointment", booking))
        # the confirmation went back through WhatsApp, once
        confirmation = booking.citizen_notification_ids
        self.assertEqual(len(confirmation), 1)
        self.assertEqual(confirmation.channel, "whatsapp")
        self.assertEqual(confirmation.recipient, "+524773020001")
        self.assertIn(booking.citizen_folio, confirmation.body)
        # a number without an open offer is a normal message again
        self.receive("3")
        self.assertNotEqual(self.last_message().state, "appointment")

    def test_kind_named_in_the_message_and_slot_taken_meanwhile(self):
        self.receive("Necesito cita en la Delegación de Prueba")
        offer = self.offer()
        self.assertEqual((offer.step, offer.type_id), ("slot", self.btype))
        first = json.loads(offer.options)[0]
        # someone else takes the first time before the citizen answers
        self.book(first).action_confirm()
        result = self.receive("1")
        self.assertIn(self.env._("That time is no longer free."), result["reply"])
        self.assertFalse(
            self.env["resource.booking"].search([("partner_ids", "in", self.caller.ids)])
        )
        new_offer = self.offer()
        self.assertNotEqual(new_offer, offer)
        self.assertEqual(offer.state, "closed")
        self.assertNotIn(first, json.loads(new_offer.options))

    def test_operator_books_from_the_conversation(self):
        self.receive("Buenas tardes, ¿me pueden ayudar con un trámite?")
        message = self.last_message()
        operator = self.env.ref("citizen_service.user_operator")
        action = message.with_user(operator).action_citizen_book_appointment()
        wizard = (
            self.env["citizen.appointment.wizard"]
            .with_user(operator)
            .with_context(**action["context"])
            .create({"type_id": self.btype.id})
        )
        self.assertEqual(wizard.partner_id, self.caller)
        self.assertEqual(wizard.notify_method, "whatsapp")
        wizard.action_search()
        wizard.slot_ids[0].action_book()
        booking = message.booking_id
        self.assertTrue(booking)
        self.assertEqual(booking.partner_ids, self.caller)
        self.assertEqual(booking.citizen_notification_ids.channel, "whatsapp")
