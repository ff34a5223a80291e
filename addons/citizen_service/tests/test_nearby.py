import json
import re

import psycopg2

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common_citizen import CitizenCommon

# one metre of latitude, in degrees
M = 1 / 111195.0
LAT, LNG = 21.1221, -101.6827  # Catedral de León


class NearbyCommon(CitizenCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, citizen_no_notify=False))
        cls.near = cls._report(latitude=LAT + 60 * M, longitude=LNG)
        cls.nearer = cls._report(latitude=LAT - 20 * M, longitude=LNG)
        cls.far = cls._report(latitude=LAT + 400 * M, longitude=LNG)
        cls.other_petition = cls._report(
            cls.petition_leak, partner=cls.citizen_b, latitude=LAT, longitude=LNG
        )
        cls.closed = cls._report(latitude=LAT + 10 * M, longitude=LNG)
        cls.closed.write({"stage_id": cls.stage_done.id, "response": "Se cambió la lámpara."})
        cls.citizen_c = cls.env["res.partner"].create(
            {
                "name": "Test Ciudadana Tres",
                "is_citizen": True,
                "email": "tres@example.org",
                "phone": "477 555 0303",
            }
        )


@tagged("post_install", "-at_install")
class TestNearbySearch(NearbyCommon):
    def test_nearby_distance_petition_and_open_only(self):
        Ticket = self.env["helpdesk.ticket"]
        found = Ticket._citizen_nearby(self.petition_lamp, LAT, LNG)
        self.assertEqual([t for t, _m in found], [self.nearer, self.near])
        self.assertAlmostEqual(found[0][1], 20, delta=0.5)
        self.assertAlmostEqual(found[1][1], 60, delta=0.5)
        # the petition's distance decides; 0 switches the offer off
        self.petition_lamp.nearby_distance_m = 500
        found = Ticket._citizen_nearby(self.petition_lamp, LAT, LNG)
        self.assertEqual([t for t, _m in found], [self.nearer, self.near, self.far])
        self.petition_lamp.nearby_distance_m = 0
        self.assertEqual(Ticket._citizen_nearby(self.petition_lamp, LAT, LNG), [])
        # an explicit radius, a limit and excluded reports
        found = Ticket._citizen_nearby(
            self.petition_lamp, LAT, LNG, distance=100, exclude_ids=self.nearer.ids
        )
        self.assertEqual([t for t, _m in found], [self.near])
        found = Ticket._citizen_nearby(self.petition_lamp, LAT, LNG, distance=1000, limit=1)
        self.assertEqual([t for t, _m in found], [self.nearer])
        # another petition at the very same point
        found = Ticket._citizen_nearby(self.petition_leak, LAT, LNG)
        self.assertEqual([t for t, _m in found], [self.other_petition])

    def test_archived_and_pointless_reports_are_never_near(self):
        Ticket = self.env["helpdesk.ticket"]
        self.nearer.active = False
        found = Ticket._citizen_nearby(self.petition_lamp, LAT, LNG)
        self.assertEqual([t for t, _m in found], [self.near])
        self.assertEqual(Ticket._citizen_nearby(self.petition_lamp, 0.0, 0.0), [])
        self.assertEqual(Ticket._citizen_nearby(Ticket.category_id, LAT, LNG), [])

    def test_petition_distance_default_and_not_negative(self):
        petition = self.env["helpdesk.ticket.category"].create(
            {"name": "Test bache", "code": "T-BACHE", "team_id": self.team_light.id}
        )
        self.assertEqual(petition.nearby_distance_m, 150)
        with (
            self.assertRaises(psycopg2.IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            petition.nearby_distance_m = -1
            petition.flush_recordset()

    def test_nearby_index_exists(self):
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["helpdesk_ticket_citizen_nearby_index"],
        )
        definition = self.env.cr.fetchone()[0]
        self.assertIn("(category_id, latitude, longitude)", definition)
        self.assertIn("WHERE", definition)


@tagged("post_install", "-at_install")
class TestBacking(NearbyCommon):
    def test_back_adds_supporter_once_and_notifies(self):
        Notification = self.env["citizen.notification"]
        before = Notification.search_count([("partner_id", "=", self.citizen_c.id)])
        self.assertTrue(self.near._citizen_back(self.citizen_c, channel=self.channel_web))
        self.assertEqual(self.near.supporter_count, 1)
        self.assertEqual(self.near.supporter_ids.partner_id, self.citizen_c)
        notes = Notification.search([("partner_id", "=", self.citizen_c.id)])
        self.assertEqual(len(notes) - before, 1)
        self.assertEqual(notes[0].kind, "backed")
        self.assertEqual(notes[0].channel, "email")
        self.assertEqual(notes[0].mail_id.recipient_ids, self.citizen_c)
        self.assertIn(self.near.number, notes[0].body)
        # a second time, or the author: nothing changes
        self.assertFalse(self.near._citizen_back(self.citizen_c))
        self.assertFalse(self.near._citizen_back(self.citizen_a))
        self.assertEqual(self.near.supporter_count, 1)
        notes = self.near.message_ids.filtered(lambda m: "backs this report" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        # not a follower: the portal would show them the author's report
        self.assertNotIn(self.citizen_c, self.near.message_partner_ids)

    def test_supporters_are_notified_like_the_author(self):
        sms = self.env.ref("citizen_service.channel_sms")
        self.near._citizen_back(self.citizen_b, channel=sms)
        self.near._citizen_back(self.citizen_c, channel=self.channel_web)
        Notification = self.env["citizen.notification"]
        self.near.write({"stage_id": self.stage_process.id, "first_response": "Cuadrilla."})
        status = Notification.search([("ticket_id", "=", self.near.id), ("kind", "=", "status")])
        self.assertEqual(
            status.partner_id, self.citizen_a | self.citizen_b | self.citizen_c, status
        )
        by_partner = {n.partner_id: n for n in status}
        self.assertEqual(by_partner[self.citizen_b].channel, "sms")
        self.assertEqual(by_partner[self.citizen_c].channel, "email")

    def test_supporter_never_gets_the_author_code_or_name(self):
        wa = self.env.ref("citizen_service.channel_whatsapp")
        self.near._citizen_back(self.citizen_b, channel=wa)
        note = self.env["citizen.notification"].search(
            [("partner_id", "=", self.citizen_b.id), ("ticket_id", "=", self.near.id)]
        )
        self.assertEqual(note.channel, "whatsapp")
        self.assertIn(self.citizen_b.name, note.body)
        self.assertNotIn(self.citizen_a.name, note.body)
        self.assertNotIn(self.near.citizen_access_code, note.body)

    def test_closed_report_cannot_be_backed(self):
        with self.assertRaises(UserError):
            self.closed._citizen_back(self.citizen_c)

    def test_capture_offers_and_backs(self):
        operator = self.env["res.users"].create(
            {
                "name": "Test operadora",
                "login": "t_nearby_operator",
                "groups_id": [
                    Command.set([self.env.ref("citizen_service.group_citizen_operator").id])
                ],
            }
        )
        Capture = self.env["citizen.report.capture"].with_user(operator)
        capture = Capture.create(
            {
                "lookup": "477 555 0303",
                "category_id": self.petition_lamp.id,
                "latitude": LAT,
                "longitude": LNG,
            }
        )
        self.assertEqual(capture.partner_id, self.citizen_c)
        self.assertEqual(capture.nearby_ticket_ids, self.nearer | self.near)
        self.assertEqual(capture.nearby_count, 2)
        action = (
            self.near.with_user(operator)
            .with_context(citizen_capture_id=capture.id)
            .action_citizen_back_from_capture()
        )
        self.assertEqual(action["params"]["next"]["res_id"], self.near.id)
        self.assertEqual(self.near.supporter_ids.partner_id, self.citizen_c)
        # without a point: the colonia's centre (the other reports are at the centre too)
        at_centre = self._report(partner=self.citizen_b)
        capture = Capture.create({"lookup": "477 555 0303", "category_id": self.petition_lamp.id})
        self.assertEqual(capture.colonia_id, self.env["citizen.colonia"])
        capture.colonia_id = self.colonia
        self.assertIn(at_centre, capture.nearby_ticket_ids)
        with self.assertRaises(UserError):
            self.near.with_user(operator).action_citizen_back_from_capture()


@tagged("post_install", "-at_install")
class TestMerge(NearbyCommon):
    def _merge(self, tickets, into):
        wizard = (
            self.env["helpdesk.ticket.merge"]
            .with_context(active_ids=tickets.ids)
            .create({"dst_ticket_id": into.id})
        )
        return wizard.merge_tickets()

    def test_merge_keeps_folio_supporters_and_history(self):
        self.near._citizen_back(self.citizen_c, channel=self.channel_web)
        duplicate = self._report(partner=self.citizen_b, latitude=LAT, longitude=LNG)
        duplicate.message_post(body="Foto del poste", message_type="comment")
        duplicate.write({"stage_id": self.stage_process.id, "first_response": "Revisión."})
        messages = duplicate.with_context(active_test=False).message_ids
        old_folio = duplicate.number
        self._merge(self.nearer | duplicate | self.near, self.nearer)
        self.assertFalse(duplicate.active)
        self.assertEqual(duplicate.merged_into_id, self.nearer)
        self.assertEqual(self.near.merged_into_id, self.nearer)
        # supporters: the duplicates' authors and supporters, once each
        self.assertEqual(self.nearer.supporter_ids.partner_id, self.citizen_b | self.citizen_c)
        self.assertEqual(self.nearer.supporter_count, 2)
        lines = {line.partner_id: line for line in self.nearer.supporter_ids}
        self.assertEqual(lines[self.citizen_b].merged_from_folio, old_folio)
        self.assertFalse(self.near.supporter_ids)
        # history: comments and tracking moved to the report that stays
        self.assertTrue(set(messages.ids) <= set(self.nearer.message_ids.ids))
        # folio kept: the old folio finds the report that stays
        self.assertIn(old_folio, self.nearer.merged_folios)
        Ticket = self.env["helpdesk.ticket"]
        self.assertEqual(Ticket.search([("merged_folios", "=", old_folio)]), self.nearer)
        info = Ticket._citizen_public_folio_info(old_folio)
        self.assertEqual(info["folio"], self.nearer.number)
        self.assertEqual(info["merged_folio"], old_folio)
        # the author of the duplicate was told which report they now follow
        note = self.env["citizen.notification"].search(
            [("partner_id", "=", self.citizen_b.id), ("ticket_id", "=", self.nearer.id)]
        )
        self.assertEqual(note.kind, "backed")

    def test_merge_chain_follows_to_the_last_report(self):
        first = self._report(latitude=LAT, longitude=LNG, partner=self.citizen_b)
        folio = first.number
        self._merge(first | self.near, self.near)
        self._merge(self.near | self.nearer, self.nearer)
        self.assertEqual(first.merged_into_id, self.nearer)
        info = self.env["helpdesk.ticket"]._citizen_public_folio_info(folio)
        self.assertEqual(info["folio"], self.nearer.number)


@tagged("post_install", "-at_install")
class TestNearbyHttp(HttpCase, NearbyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.petition_lamp.show_in_portal = True
        cls.team_light.show_in_portal = True
        cls.at_centre = cls._report(partner=cls.citizen_b)  # colonia centre
        cls.env.flush_all()

    def _csrf(self, url):
        page = self.url_open(url).text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def _post_report(self, token, **extra):
        data = {
            "csrf_token": token,
            "category": self.petition_lamp.id,
            "colonia": self.colonia.id,
            "street": "Calle Madero 100",
            "description": "Lámpara apagada en la esquina",
            "subject": "",
        }
        data.update(extra)
        return self.url_open("/submitted/ticket", data=data)

    def test_portal_offers_nearby_and_backs(self):
        self.authenticate("t_cs_portal_a", "t_cs_portal_a")
        token = self._csrf("/new/ticket")
        count = self.env["helpdesk.ticket"].search_count([])
        response = self._post_report(token)
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_citizen_nearby", response.text)
        self.assertIn(self.at_centre.number, response.text)
        # no name, no description, no street of the other citizen's report
        self.assertNotIn(self.citizen_b.name, response.text)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), count)
        # back it
        response = self.url_open(
            f"/my/ticket/{self.at_centre.id}/back",
            data={
                "csrf_token": token,
                "category": self.petition_lamp.id,
                "colonia": self.colonia.id,
            },
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIn("o_citizen_backed", response.text)
        self.assertEqual(self.at_centre.supporter_ids.partner_id, self.citizen_a)
        # a report not offered for that place cannot be backed
        response = self.url_open(
            f"/my/ticket/{self.far.id}/back",
            data={
                "csrf_token": token,
                "category": self.petition_lamp.id,
                "colonia": self.colonia.id,
            },
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.far.supporter_ids)

    def test_portal_files_anyway(self):
        self.authenticate("t_cs_portal_a", "t_cs_portal_a")
        token = self._csrf("/new/ticket")
        count = self.env["helpdesk.ticket"].search_count([])
        response = self._post_report(token, citizen_file_anyway="1")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), count + 1)

    def _open311(self):
        client = self.env["citizen.api.client"].create(
            {
                "name": "FixMyStreet León (cercanos)",
                "channel_id": self.env.ref("citizen_service.channel_open311").id,
                "rate_limit": 0,
            }
        )
        return client._generate_api_key()

    def test_open311_get_nearby_and_post_back_to(self):
        key = self._open311()
        code = self.petition_lamp.code
        response = self.url_open(
            f"/open311/v2/requests.json?service_code={code}&lat={LAT}&long={LNG}"
        )
        self.assertEqual(response.status_code, 200, response.text)
        folios = [item["service_request_id"] for item in response.json()]
        self.assertEqual(folios, [self.nearer.number, self.near.number])
        response = self.url_open(
            f"/open311/v2/requests.json?service_code={code}&lat={LAT}&long={LNG}&radius=1000"
        )
        self.assertIn(self.far.number, [i["service_request_id"] for i in response.json()])
        for bad in (
            "lat=21.1",
            f"lat={LAT}&long={LNG}",
            "radius=10",
            f"service_code={code}&lat={LAT}&long={LNG}&radius=99999",
        ):
            url = f"/open311/v2/requests.json?{bad}"
            self.assertEqual(self.url_open(url).status_code, 400, bad)
        data = {
            "api_key": key,
            "service_code": code,
            "lat": LAT,
            "long": LNG,
            "email": "tres@example.org",
            "first_name": "Test Ciudadana",
            "last_name": "Tres",
            "back_to": self.near.number,
        }
        response = self.url_open("/open311/v2/requests.json", data=data)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()[0]["service_request_id"], self.near.number)
        self.assertEqual(self.near.supporter_count, 1)
        response = self.url_open(
            "/open311/v2/requests.json", data=dict(data, back_to=self.closed.number)
        )
        self.assertEqual(response.status_code, 400)
        response = self.url_open(
            "/open311/v2/requests.json", data=dict(data, back_to=self.other_petition.number)
        )
        self.assertEqual(response.status_code, 404)

    def test_chatbot_offers_and_backs(self):
        bot = self.env["citizen.api.client"].create(
            {
                "name": "Chatbot (cercanos)",
                "provider": "chatbot",
                "channel_id": self.env.ref("citizen_service.channel_chatbot").id,
                "rate_limit": 0,
            }
        )
        key = bot._generate_api_key()
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        payload = {
            "message_id": "near-1",
            "from": "477 555 0303",
            "name": "Test Ciudadana Tres",
            "text": "Test lámpara apagada en la esquina",
            "service_code": self.petition_lamp.code,
            "location": {"latitude": LAT, "longitude": LNG},
        }
        response = self.url_open(
            "/citizen/webhook/chatbot", data=json.dumps(payload), headers=headers
        )
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        self.assertEqual(body["status"], "nearby", body)
        self.assertEqual(body["nearby"][0]["folio"], self.nearer.number)
        reply = dict(payload, message_id="near-2", text=f"APOYAR {self.nearer.number}")
        response = self.url_open(
            "/citizen/webhook/chatbot", data=json.dumps(reply), headers=headers
        )
        body = response.json()
        self.assertEqual(body["status"], "backed", body)
        self.assertEqual(body["folio"], self.nearer.number)
        self.assertEqual(self.nearer.supporter_count, 1)
        anyway = dict(payload, message_id="near-3", new_report=True)
        response = self.url_open(
            "/citizen/webhook/chatbot", data=json.dumps(anyway), headers=headers
        )
        self.assertEqual(response.json()["status"], "report", response.text)
