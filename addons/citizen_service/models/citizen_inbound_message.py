import json
import logging
import re

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from ..tools.messaging import MAX_MEDIA_COUNT, MAX_TEXT, decode_media
from ..tools.text_match import fold, keywords, looks_like_question, score
from ..tools.validation import safe_json_dumps

_logger = logging.getLogger(__name__)

CHANNEL_XMLIDS = {
    "whatsapp": "citizen_service.channel_whatsapp",
    "sms": "citizen_service.channel_sms",
    "chatbot": "citizen_service.channel_chatbot",
}


# "APOYAR 26000012" / "apoyo #26000012": back that report; "NUEVO ...": file anyway
BACK_COMMAND = re.compile(r"^\s*(?:apoyar|apoyo|support)\s+#?([A-Za-z0-9-]{1,32})\s*$", re.I)
NEW_COMMAND = re.compile(r"^\s*(?:nuevo|new)\b[\s:,.-]*", re.I)


class CitizenInboundError(Exception):
    """A message that cannot be accepted (answered with a 4xx JSON error)."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class CitizenInboundMessage(models.Model):
    """A message received from WhatsApp, SMS or a chatbot, kept once per provider id."""

    _name = "citizen.inbound.message"
    _description = "Inbound citizen message"
    _order = "id desc"
    _rec_name = "provider_message_id"

    client_id = fields.Many2one(
        "citizen.api.client", required=True, ondelete="restrict", index=True
    )
    provider = fields.Selection(related="client_id.provider", store=True)
    provider_message_id = fields.Char(string="Provider message ID", required=True)
    channel_id = fields.Many2one("helpdesk.ticket.channel", string="Origin")
    sender_phone = fields.Char(string="Sender phone")
    sender_name = fields.Char()
    partner_id = fields.Many2one("res.partner", string="Citizen", index=True)
    text = fields.Text()
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    state = fields.Selection(
        [
            ("received", "Received"),
            ("information", "Information answered"),
            ("report", "Report opened"),
            ("nearby", "Nearby report offered"),
            ("backed", "Report backed"),
            ("error", "Error"),
        ],
        default="received",
        required=True,
        index=True,
    )
    ticket_id = fields.Many2one("helpdesk.ticket", string="Report", index="btree_not_null")
    office_ids = fields.Many2many("citizen.office", string="Offices suggested")
    reply = fields.Text(string="Reply sent")
    response_json = fields.Text(string="Response", help="Answer given to the provider.")
    payload = fields.Text(string="Raw payload")
    attachment_ids = fields.One2many(
        "ir.attachment",
        "res_id",
        string="Media",
        domain=[("res_model", "=", "citizen.inbound.message")],
    )
    error = fields.Text()

    _sql_constraints = [
        (
            "provider_message_uniq",
            "unique(client_id, provider_message_id)",
            "This message was already received from this client.",
        ),
    ]

    # ------------------------------------------------------------------------
    @api.model
    def _citizen_receive(self, client, message, raw_payload=None):
        """Process one normalised message (see ``tools.messaging.parse_inbound``).

        Idempotent: a message already received from the client returns the stored
        answer, so a provider retry never opens a second report. Returns a dict.
        """
        msg_id = str(message.get("message_id") or "").strip()
        if not msg_id or len(msg_id) > 255:
            raise CitizenInboundError(
                400, "missing_message_id", self.env._("The message has no id.")
            )
        existing = self.sudo().search(
            [("client_id", "=", client.id), ("provider_message_id", "=", msg_id)], limit=1
        )
        if existing:
            return dict(json.loads(existing.response_json or "{}"), duplicate=True)
        text = (message.get("text") or "").strip()
        if len(text) > MAX_TEXT:
            raise CitizenInboundError(
                413,
                "text_too_long",
                self.env._("The text is longer than %(max)s characters.", max=MAX_TEXT),
            )
        media = message.get("media") or []
        if len(media) > MAX_MEDIA_COUNT:
            raise CitizenInboundError(
                413,
                "too_many_media",
                self.env._("At most %(max)s media files per message.", max=MAX_MEDIA_COUNT),
            )
        attachments = []
        for index, item in enumerate(media):
            attachments.append(self._citizen_media_vals(item, index))
        phone = (message.get("from") or "").strip()
        partner = self._citizen_partner(phone, message.get("name"))
        channel = client.channel_id or self.env.ref(
            CHANNEL_XMLIDS.get(client.provider, "citizen_service.channel_chatbot")
        )
        vals = {
            "client_id": client.id,
            "provider_message_id": msg_id,
            "channel_id": channel.id,
            "sender_phone": phone,
            "sender_name": message.get("name") or False,
            "partner_id": partner.id,
            "text": text,
            "latitude": message.get("latitude") or 0.0,
            "longitude": message.get("longitude") or 0.0,
            "payload": safe_json_dumps(raw_payload, 100000) if raw_payload is not None else False,
        }
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                record = self.sudo().create(vals)
                record.flush_recordset()
        except psycopg2.IntegrityError as exc:
            # the same message is being processed by a concurrent delivery
            raise CitizenInboundError(
                409,
                "in_progress",
                self.env._("This message is already being processed, retry later."),
            ) from exc
        if attachments:
            self.env["ir.attachment"].sudo().create(
                [dict(a, res_model=self._name, res_id=record.id) for a in attachments]
            )
        # the bot answers in the citizen's language, not the provider request's (en_US)
        record = record.with_context(lang=record.partner_id._citizen_lang())
        result = record._citizen_dispatch(message)
        record.response_json = json.dumps(result, ensure_ascii=False)
        return result

    @api.model
    def _citizen_media_vals(self, item, index):
        name = str(item.get("filename") or f"media-{index}")[:200]
        mimetype = item.get("mimetype") or False
        if item.get("data"):
            try:
                raw = decode_media(item["data"])
            except ValueError as exc:
                if str(exc) == "too_large":
                    raise CitizenInboundError(
                        413, "media_too_large", self.env._("A media file is larger than 5 MB.")
                    ) from exc
                raise CitizenInboundError(
                    400, "invalid_media", self.env._("A media file is not valid base64.")
                ) from exc
            return {"name": name, "raw": raw, "mimetype": mimetype, "type": "binary"}
        url = item.get("url")
        if not url and item.get("media_id"):
            # WhatsApp Cloud API: media are fetched later with the provider token
            url = f"https://graph.facebook.com/v19.0/{item['media_id']}"
        if not url or not str(url).startswith(("http://", "https://")):
            raise CitizenInboundError(
                400,
                "invalid_media",
                self.env._("A media item needs base64 data or an http(s) URL."),
            )
        return {"name": name, "url": str(url)[:2000], "mimetype": mimetype, "type": "url"}

    @api.model
    def _citizen_partner(self, phone, name=None):
        """Citizen of the sender (``res.partner._citizen_match``): the one with this phone
        unless the name sent disagrees; otherwise a new citizen (flagged as a possible
        duplicate when the phone belonged to someone else)."""
        if not phone:
            raise CitizenInboundError(
                400, "missing_sender", self.env._("The sender phone is missing.")
            )
        try:
            with self.env.cr.savepoint():
                partner = self.env["res.partner"].sudo()._citizen_match(name=name, phone=phone)
        except ValidationError as exc:
            raise CitizenInboundError(
                400,
                "invalid_sender",
                self.env._("The sender phone %(phone)s is not valid.", phone=phone),
            ) from exc
        if not partner.is_citizen:
            partner.is_citizen = True
        return partner

    # ------------------------------------------------------------------------
    def _citizen_pending_answers(self):
        """The questions this message may be answering, as ``(asked_at, answer)`` pairs.

        Addons that ask the citizen something by message (numbered appointment times, a
        campaign that accepts replies...) add theirs; ``answer`` is called without
        arguments and returns the dispatch result. The newest question wins, so a bare
        "2" answers the last thing the citizen was asked, whichever addon asked it."""
        return []

    def _citizen_dispatch(self, message):
        """Answer an information question or open a report."""
        self.ensure_one()
        command = BACK_COMMAND.match(self.text or "")
        back_to = message.get("back_to") or (command and command.group(1))
        if back_to:
            return self._citizen_back(back_to)
        new_report = bool(message.get("new_report"))
        if NEW_COMMAND.match(self.text or ""):
            new_report = True
            self.text = NEW_COMMAND.sub("", self.text).strip()
        elif not message.get("intent"):
            pending = self._citizen_pending_answers()
            if pending:
                return max(pending, key=lambda asked: asked[0])[1]()
        intent = message.get("intent")
        petition = self._citizen_find_petition(message.get("service_code"), self.text)
        question = looks_like_question(self.text)
        if intent not in ("information", "report"):
            if question and (not petition or petition.petition_type == "information"):
                intent = "information"
            elif petition or self.latitude or self.attachment_ids or self.text:
                intent = "report"
            else:
                intent = "information"
        if intent == "information":
            answer = self._citizen_answer_information(petition)
            if answer:
                return self._citizen_answer("information", answer)
            if question and not self.latitude and not self.attachment_ids:
                reply = self.env._(
                    "We did not find information about your question. Write the problem "
                    "you want to report and its address, and we will open a report."
                )
                return self._citizen_answer("information", reply)
        if petition and petition.petition_type == "information":
            petition = petition.browse()
        if petition and not new_report:
            nearby = self._citizen_offer_nearby(petition)
            if nearby:
                return nearby
        ticket = self._citizen_open_report(petition)
        reply = self.env._(
            "Your report was registered with folio %(folio)s. We will let you know of "
            "every change.",
            folio=ticket.number,
        )
        self.write({"state": "report", "ticket_id": ticket.id, "reply": reply})
        return {"status": "report", "folio": ticket.number, "reply": reply}

    def _citizen_offer_nearby(self, petition):
        """Already reported nearby: offer to back it instead of a new report."""
        if petition.petition_type == "denunciation" or not (self.latitude or self.longitude):
            return None
        found = self.env["helpdesk.ticket"]._citizen_nearby(
            petition, self.latitude, self.longitude, limit=3
        )
        found = [(t, m) for t, m in found if not t._citizen_is_involved(self.partner_id)]
        if not found:
            return None
        items = [ticket._citizen_nearby_public(metres) for ticket, metres in found]
        first = items[0]
        reply = self.env._(
            "There is already an open report of %(petition)s %(distance)s m away, folio "
            "%(folio)s. Do you want to support it? Reply SUPPORT %(folio)s and we will let "
            "you know of every change. If it is a different problem, send your message again "
            "starting with NEW.",
            petition=first["petition"],
            distance=first["distance"],
            folio=first["folio"],
        )
        return dict(
            self._citizen_answer("nearby", reply),
            nearby=[
                {
                    key: item[key]
                    for key in ("folio", "petition", "distance", "status", "supporters")
                }
                for item in items
            ],
        )

    def _citizen_back(self, folio):
        """The sender backs the open report ``folio`` (offered as already reported nearby)."""
        Ticket = self.env["helpdesk.ticket"].sudo()
        folio = Ticket._citizen_clean_folio(folio)
        ticket = Ticket.browse()
        if folio:
            ticket = Ticket.search(
                Ticket._citizen_folio_domain(folio) + [("petition_type", "!=", "denunciation")],
                limit=1,
            )
        if not ticket or ticket.closed:
            reply = self.env._(
                "We did not find an open report with folio %(folio)s. Send us the problem "
                "and its place to open a report.",
                folio=folio or "",
            )
            return self._citizen_answer("information", reply)
        # the notification of the backing is the reply
        added = ticket._citizen_back(self.partner_id, channel=self.channel_id)
        reply = (
            self.env._(
                "Thank you: you now support report %(folio)s. We will let you know of every "
                "change.",
                folio=ticket.number,
            )
            if added
            else self.env._("You already made or support report %(folio)s.", folio=ticket.number)
        )
        self.write({"state": "backed", "ticket_id": ticket.id, "reply": reply})
        return {
            "status": "backed",
            "folio": ticket.number,
            "supporters": ticket.supporter_count,
            "reply": reply,
        }

    def _citizen_find_petition(self, code, text):
        Petition = self.env["helpdesk.ticket.category"].sudo()
        if code:
            petition = Petition.search([("code", "=", code)], limit=1)
            if petition:
                return petition
        words = keywords(text)
        if not words:
            return Petition
        best, best_score = Petition, 0
        for petition in Petition.search_read(
            [("active", "=", True), ("code", "!=", False)],
            ["name", "code", "description"],
        ):
            haystack = f"{petition['name']} {petition['code']}"
            hits = score(words, haystack)
            # a petition matches when most of its name words are in the message
            name_words = keywords(petition["name"]) or [""]
            ratio = score(name_words, fold(text)) / len(name_words)
            total = hits + ratio
            if ratio >= 0.5 and total > best_score:
                best, best_score = Petition.browse(petition["id"]), total
        return best

    def _citizen_answer_information(self, petition):
        """Reply text built from information petitions and the office directory."""
        parts = []
        if petition and petition.petition_type == "information" and petition.description:
            parts.append(petition.description.strip())
        words = keywords(self.text)
        offices = self.env["citizen.office"].sudo()
        if words:
            candidates = offices.search_read([("active", "=", True)], ["name", "topics"])
            ranked = sorted(
                ((score(words, f"{o['name']} {o['topics'] or ''}"), o["id"]) for o in candidates),
                reverse=True,
            )
            ids = [oid for hits, oid in ranked if hits > 0][:3]
            offices = offices.browse(ids)
        if offices:
            self.office_ids = offices
            offices._citizen_log("consulted")
            for office in offices:
                line = office.name
                details = [
                    x
                    for x in (
                        office.street,
                        office.colonia_id.name,
                        office.phone and self.env._("Tel. %(phone)s", phone=office.phone),
                        office.hours,
                    )
                    if x
                ]
                if details:
                    line += ": " + ", ".join(details)
                parts.append(line)
        return "\n".join(parts)

    def _citizen_open_report(self, petition):
        self.ensure_one()
        vals = {
            "name": (
                self.text or self.env._("Report by %(channel)s", channel=self.channel_id.name)
            )[:80],
            "description": self.text or "",
        }
        if petition:
            vals["category_id"] = petition.id
        if self.latitude or self.longitude:
            vals.update(latitude=self.latitude, longitude=self.longitude)
        attachments = [
            {
                "name": att.name,
                "type": att.type,
                "mimetype": att.mimetype,
                **({"url": att.url} if att.type == "url" else {"raw": att.raw}),
            }
            for att in self.sudo().attachment_ids
        ]
        return self.env["helpdesk.ticket"]._citizen_intake(
            vals,
            citizen=self.partner_id,
            channel=self.channel_id,
            api_client=self.client_id,
            attachments=attachments,
        )

    def _citizen_answer(self, state, reply):
        """Record ``reply`` as the answer to the message (in ``state``), send it back through
        the channel and return the webhook's result."""
        self.write({"state": state, "reply": reply})
        self._citizen_reply(reply)
        return {"status": state, "reply": reply}

    def _citizen_reply(self, text):
        """Send an information answer back through the channel of the message."""
        self.ensure_one()
        notif = self.env["citizen.notification"].sudo()
        if self.provider == "whatsapp":
            notif._citizen_send_whatsapp(
                self.sender_phone, text, partner=self.partner_id, client=self.client_id
            )
        elif self.provider == "sms":
            notif._citizen_send_sms(self.sender_phone, text, partner=self.partner_id)
        # chatbots show the reply returned by the webhook itself
