"""One intake path for every channel: citizen matching, report, attachments, notice.

Open311, the messaging webhook and the portal all call
``helpdesk.ticket._citizen_intake(...)``; backend capture can call it too. Citizens are
matched on strong evidence only (``res.partner._citizen_match``): a phone or e-mail that
belongs to a registered citizen is not enough when the name or the e-mail sent with it
disagree. Then a new citizen is created and flagged as a possible duplicate for staff,
instead of attaching the report (and its personal data) to someone else's portal.
"""

import re

from odoo import api, fields, models

from ..tools.phone import phone_candidates
from ..tools.text_match import fold


def _name_tokens(name):
    return set(re.findall(r"[a-z0-9]+", fold(name or "")))


def names_agree(sent, known):
    """Same person by name: equal words, or all the words of one in the other
    (``María Hernández`` / ``María Guadalupe Hernández``). Missing names never disagree."""
    a, b = _name_tokens(sent), _name_tokens(known)
    if not a or not b:
        return True
    return a <= b or b <= a


def emails_agree(sent, known):
    if not sent or not known:
        return True
    return sent.strip().lower() == known.strip().lower()


class ResPartner(models.Model):
    _inherit = "res.partner"

    citizen_possible_duplicate = fields.Boolean(
        string="Possible duplicate",
        index=True,
        copy=False,
        help="Registered from an API or a message with a phone or e-mail of another "
        "citizen but a different name or e-mail: check whether it is the same person.",
    )

    @api.model
    def _citizen_match(self, name=None, email=None, phone=None, create=True):
        """Citizen for the identity sent by a channel (sudo recordset, maybe empty).

        * a citizen with this phone (any format) is used when the name and e-mail sent
          do not disagree with hers; likewise a citizen with this e-mail when the name
          and phone sent do not disagree;
        * otherwise, with ``create``, a new citizen is registered; when the phone or the
          e-mail belonged to someone else it is flagged ``citizen_possible_duplicate``;
        * nothing sent at all: empty recordset (anonymous report).

        Raises ``ValidationError`` when the phone cannot be stored.
        """
        Partner = self.sudo().with_context(active_test=True)
        name = (name or "").strip()
        email = (email or "").strip()
        phone = (phone or "").strip()
        conflict = False
        if phone:
            by_phone = Partner._citizen_find_by_phone(phone)
            if by_phone:
                if names_agree(name, by_phone.name) and emails_agree(email, by_phone.email):
                    return by_phone
                conflict = True
        if email:
            by_email = Partner.search(
                [("email", "=ilike", email), ("is_citizen", "=", True)], order="id", limit=1
            )
            if by_email:
                known_phones = {by_email.phone, by_email.mobile} - {False, None, ""}
                phone_ok = (
                    not phone
                    or not known_phones
                    or bool(set(phone_candidates(phone)) & known_phones)
                )
                if names_agree(name, by_email.name) and phone_ok:
                    return by_email
                conflict = True
        if not (name or email or phone) or not create:
            return Partner.browse()
        return Partner.create(
            {
                "name": name[:128] or email or self.env._("Citizen %(phone)s", phone=phone),
                "email": email or False,
                "mobile": phone or False,
                "is_citizen": True,
                "citizen_possible_duplicate": conflict,
            }
        )

    def action_citizen_not_duplicate(self):
        self.write({"citizen_possible_duplicate": False})
        return True


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model
    def _citizen_intake(
        self,
        vals,
        citizen=None,
        channel=None,
        api_client=None,
        attachments=None,
        subscribe=False,
    ):
        """Open a citizen report from any channel; returns the report (sudo).

        :param vals: ``helpdesk.ticket`` values (name, description, category_id, street,
            colonia_id, latitude/longitude, petition_properties, ...); the colonia is
            found from the coordinates when not given.
        :param citizen: a ``res.partner`` (portal user, capture) or a dict
            ``{"name", "email", "phone"}`` matched with ``res.partner._citizen_match``.
        :param channel: ``helpdesk.ticket.channel`` (origin) of the report.
        :param api_client: ``citizen.api.client`` the report came through.
        :param attachments: list of ``ir.attachment`` values (``raw`` or ``url``).
        :param subscribe: make the citizen follow the report (portal).

        The folio notification is sent by ``create`` (citizen_notification).
        """
        Ticket = self.sudo()
        vals = dict(vals)
        if isinstance(citizen, dict):
            partner = self.env["res.partner"]._citizen_match(**citizen)
        else:
            partner = citizen.sudo() if citizen else self.env["res.partner"].sudo()
        if partner:
            vals.setdefault("partner_id", partner.id)
            if not vals.get("colonia_id") and not vals.get("latitude") and partner.colonia_id:
                vals["colonia_id"] = partner.colonia_id.id
        if channel:
            vals["channel_id"] = channel.id
        if api_client:
            vals["citizen_api_client_id"] = api_client.id
        lat, lng = vals.get("latitude"), vals.get("longitude")
        if (lat or lng) and not vals.get("colonia_id"):
            colonia = Ticket._citizen_nearest_colonia(lat, lng)
            if colonia:
                vals["colonia_id"] = colonia.id
        ticket = Ticket.create(vals)
        if attachments:
            self.env["ir.attachment"].sudo().create(
                [dict(att, res_model="helpdesk.ticket", res_id=ticket.id) for att in attachments]
            )
        if subscribe and partner:
            ticket.message_subscribe(partner_ids=partner.ids)
        return ticket
