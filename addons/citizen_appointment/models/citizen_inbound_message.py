"""Appointments booked from WhatsApp / SMS conversations.

The citizen writes "cita" (or "quiero una cita para licencia"): the bot answers with the
kinds of appointment or, when the message says which one, the next free times, numbered.
The citizen replies with a number and the appointment is booked; the confirmation goes
back through the same channel (the appointment's own notification)."""

import json
import re

import pytz

from odoo import Command, api, fields, models
from odoo.addons.citizen_service.tools.text_match import fold, keywords, score
from odoo.exceptions import ValidationError

from ..tools import citizen_when

APPOINTMENT_WORDS = {"cita", "citas", "agendar", "agenda", "turno"}
MAX_SLOTS = 5
MAX_TYPES = 9
NOTIFY_BY_PROVIDER = {"whatsapp": "whatsapp", "sms": "sms"}


class CitizenInboundMessage(models.Model):
    _inherit = "citizen.inbound.message"

    state = fields.Selection(
        selection_add=[("appointment", "Appointment")],
        ondelete={"appointment": "set default"},
    )
    booking_id = fields.Many2one(
        "resource.booking", string="Appointment", index="btree_not_null", readonly=True
    )

    # ------------------------------------------------------------------ operator
    def action_citizen_book_appointment(self):
        """The operator reading the conversation books for the citizen."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "citizen_appointment.action_citizen_appointment_wizard"
        )
        action["context"] = {
            "default_partner_id": self.partner_id.id,
            "default_inbound_message_id": self.id,
        }
        return action

    # ------------------------------------------------------------------ bot
    def _citizen_pending_answers(self):
        """A bare number answers the numbered options last offered (kinds or times)."""
        pending = super()._citizen_pending_answers()
        text = (self.text or "").strip()
        if self.partner_id and re.fullmatch(r"\d{1,2}", text):
            offer = self.env["citizen.appointment.offer"]._citizen_open_for(self.partner_id)
            if offer:
                pending.append(
                    (offer.create_date, lambda: self._citizen_appointment_answer(offer, int(text)))
                )
        return pending

    def _citizen_dispatch(self, message):
        self.ensure_one()
        if self.partner_id and self._citizen_wants_appointment():
            return self._citizen_appointment_offer()
        return super()._citizen_dispatch(message)

    def _citizen_wants_appointment(self):
        words = set(re.findall(r"[a-z0-9]+", fold(self.text or "")))
        return bool(words & APPOINTMENT_WORDS) and len(words) <= 15

    def _citizen_appointment_types(self):
        return (
            self.env["resource.booking.type"]
            .sudo()
            .search(
                [("office_id", "!=", False), ("citizen_portal_published", "=", True)],
                order="name",
            )
        )

    def _citizen_appointment_send(self, reply, state="appointment", booking=None, notify=True):
        vals = {"state": state, "reply": reply}
        if booking:
            vals["booking_id"] = booking.id
        self.write(vals)
        if notify:
            self._citizen_reply(reply)
        result = {"status": "appointment", "reply": reply}
        if booking:
            result["folio"] = booking.citizen_folio
        return result

    def _citizen_appointment_offer(self, btype=None, prefix=""):
        """Offer the kinds of appointment, or the next free times of ``btype``."""
        Offer = self.env["citizen.appointment.offer"].sudo()
        Offer.search([("partner_id", "=", self.partner_id.id), ("state", "=", "open")]).write(
            {"state": "closed"}
        )
        types = self._citizen_appointment_types()
        if not types:
            reply = self.env._(
                "Appointments cannot be booked by message yet. Call 072 to book one."
            )
            return self._citizen_appointment_send(prefix + reply, state="information")
        if not btype:
            words = [w for w in keywords(self.text) if w not in APPOINTMENT_WORDS]
            ranked = sorted(
                ((score(words, f"{t.name} {t.office_id.name}"), t.id) for t in types),
                reverse=True,
            )
            if len(types) == 1:
                btype = types
            elif words and ranked[0][0] > 0 and (len(ranked) < 2 or ranked[0][0] > ranked[1][0]):
                btype = types.browse(ranked[0][1])
        if not btype:
            shown = types[:MAX_TYPES]
            lines = [f"{i}. {t.name}" for i, t in enumerate(shown, 1)]
            reply = (
                self.env._("What kind of appointment do you need?")
                + "\n"
                + "\n".join(lines)
                + "\n"
                + self.env._("Reply with the number.")
            )
            Offer.create(
                {
                    "partner_id": self.partner_id.id,
                    "message_id": self.id,
                    "step": "type",
                    "options": json.dumps(shown.ids),
                }
            )
            return self._citizen_appointment_send(prefix + reply)
        slots = btype._citizen_next_slots(limit=MAX_SLOTS)
        if not slots:
            reply = self.env._(
                "There is no free time for %(type)s in the next two months. Call 072 and "
                "we will look for another office.",
                type=btype.name,
            )
            return self._citizen_appointment_send(prefix + reply, state="information")
        lang = self.partner_id._citizen_lang()
        lines = [f"{i}. {citizen_when(slot, lang)}" for i, slot in enumerate(slots, 1)]
        reply = (
            self.env._(
                "Next free times for %(type)s at %(office)s:",
                type=btype.name,
                office=btype.office_id.name,
            )
            + "\n"
            + "\n".join(lines)
            + "\n"
            + self.env._("Reply with the number of the time you prefer.")
        )
        utc_slots = [
            fields.Datetime.to_string(slot.astimezone(pytz.utc).replace(tzinfo=None))
            for slot in slots
        ]
        Offer.create(
            {
                "partner_id": self.partner_id.id,
                "message_id": self.id,
                "step": "slot",
                "type_id": btype.id,
                "options": json.dumps(utc_slots),
            }
        )
        return self._citizen_appointment_send(prefix + reply)

    def _citizen_appointment_answer(self, offer, number):
        options = offer._citizen_option_list()
        if not 1 <= number <= len(options):
            reply = self.env._("Reply with a number from 1 to %(count)s.", count=len(options))
            return self._citizen_appointment_send(reply)
        if offer.step == "type":
            btype = self.env["resource.booking.type"].sudo().browse(options[number - 1]).exists()
            if not btype:
                return self._citizen_appointment_offer()
            return self._citizen_appointment_offer(btype=btype)
        btype = offer.type_id
        start = fields.Datetime.to_datetime(options[number - 1])
        method = NOTIFY_BY_PROVIDER.get(self.provider, "none")
        try:
            with self.env.cr.savepoint():
                booking = (
                    self.env["resource.booking"]
                    .sudo()
                    .create(
                        {
                            "type_id": btype.id,
                            "partner_ids": [Command.set(self.partner_id.ids)],
                            "start": start,
                            "citizen_booked_by": "message",
                            "citizen_notify_method": method,
                        }
                    )
                )
                if not booking.combination_id:
                    raise ValidationError(self.env._("No desk is free at that time."))
        except ValidationError:
            prefix = self.env._("That time is no longer free.") + " "
            return self._citizen_appointment_offer(btype=btype, prefix=prefix)
        booking.action_confirm()
        offer.write({"state": "booked", "booking_id": booking.id})
        reply = booking._citizen_message_text("confirmed")
        # the confirmation itself went out through the channel (appointment notification)
        return self._citizen_appointment_send(reply, booking=booking, notify=False)

    # ------------------------------------------------------------------ demo
    @api.model
    def _citizen_create_demo_conversations(self):
        """A few WhatsApp conversations of today, so *Mensajes de WhatsApp y SMS* shows
        what the bot does: a report, a question, and an appointment booked by number.
        The demo line has no provider URL: its replies are logged, never sent."""
        client = self.env["citizen.api.client"].search([("provider", "=", "whatsapp")], limit=1)
        if not client:
            client = self.env["citizen.api.client"].create(
                {
                    "name": "WhatsApp 072 León (demostración)",
                    "provider": "whatsapp",
                    "channel_id": self.env.ref("citizen_service.channel_whatsapp").id,
                    "rate_limit": 0,
                }
            )
        conversations = [
            (
                "+524771234501",
                "María Guadalupe Hernández López",
                [
                    "Buenas tardes, hay una fuga de agua en la calle Hidalgo 230, Zona "
                    "Centro, desde la mañana",
                ],
            ),
            ("+524771234502", "José Luis Martínez Soto", ["Quiero una cita", "1", "2"]),
            (
                "+524771234503",
                "Ana Karen Ramírez Torres",
                ["¿Dónde pago el predial y en qué horario atienden?"],
            ),
        ]
        for phone, name, texts in conversations:
            for index, text in enumerate(texts, 1):
                self._citizen_receive(
                    client,
                    {
                        "message_id": f"wamid.DEMO-{phone[-4:]}-{index}",
                        "from": phone,
                        "name": name,
                        "text": text,
                    },
                )
        return True
