"""One intake path and identity matching on strong evidence."""

import json

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common_citizen import CitizenCommon


@tagged("post_install", "-at_install")
class TestCitizenIntake(HttpCase, CitizenCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.citizen_a.email = "ciudadana.uno@example.com"
        cls.petition_lamp.code = "T-LAMP"
        cls.channel = cls.env.ref("citizen_service.channel_open311")
        cls.client = cls.env["citizen.api.client"].create(
            {"name": "App (intake)", "channel_id": cls.channel.id, "rate_limit": 0}
        )
        cls.key = cls.client._generate_api_key()
        cls.bot = cls.env["citizen.api.client"].create(
            {
                "name": "Chatbot (intake)",
                "provider": "chatbot",
                "channel_id": cls.env.ref("citizen_service.channel_chatbot").id,
                "rate_limit": 0,
            }
        )
        cls.bot_key = cls.bot._generate_api_key()

    def test_match_rules(self):
        Partner = self.env["res.partner"]
        a = self.citizen_a
        self.assertEqual(Partner._citizen_match(phone="4775550101"), a, "phone only")
        self.assertEqual(
            Partner._citizen_match(name="Test Uno", phone="+52 477 555 0101"), a, "name words"
        )
        self.assertEqual(
            Partner._citizen_match(email="CIUDADANA.UNO@example.com", name="Test Ciudadana Uno"),
            a,
        )
        other = Partner._citizen_match(name="Roberto Gómez", phone="477 555 0101")
        self.assertNotEqual(other, a)
        self.assertTrue(other.is_citizen and other.citizen_possible_duplicate)
        other2 = Partner._citizen_match(email="otro@example.com", phone="477 555 0101")
        self.assertNotIn(other2, a | other)
        self.assertTrue(other2.citizen_possible_duplicate)
        other3 = Partner._citizen_match(email="ciudadana.uno@example.com", phone="477 999 0000")
        self.assertNotEqual(other3, a)
        self.assertTrue(other3.citizen_possible_duplicate)
        fresh = Partner._citizen_match(name="Persona Nueva", phone="477 123 9876")
        self.assertFalse(fresh.citizen_possible_duplicate)
        self.assertFalse(Partner._citizen_match())

    def test_open311_post_with_someone_elses_phone_does_not_land_in_her_portal(self):
        before = self.env["helpdesk.ticket"].search_count([("partner_id", "=", self.citizen_a.id)])
        # the exact request that used to attach the report to Test Ciudadana Uno
        response = self.url_open(
            "/open311/v2/requests.json",
            data={
                "api_key": self.key,
                "service_code": "T-LAMP",
                "address_string": "Calle Pino 5",
                "phone": "477 555 0101",
                "first_name": "Roberto",
                "last_name": "Gómez",
                "description": "Lámpara apagada",
            },
        )
        self.assertEqual(response.status_code, 200, response.text)
        folio = response.json()[0]["service_request_id"]
        ticket = self.env["helpdesk.ticket"].search([("number", "=", folio)])
        self.assertNotEqual(ticket.partner_id, self.citizen_a)
        self.assertEqual(ticket.partner_id.name, "Roberto Gómez")
        self.assertTrue(ticket.partner_id.citizen_possible_duplicate)
        self.assertIn(self.citizen_a, ticket.partner_id.citizen_duplicate_ids)
        after = self.env["helpdesk.ticket"].search_count([("partner_id", "=", self.citizen_a.id)])
        self.assertEqual(before, after)
        # her portal does not list it
        self.authenticate("t_cs_portal_a", "t_cs_portal_a")
        self.assertNotIn(folio, self.url_open("/my/tickets").text)

    def _open311_report_of_citizen_a(self):
        """A report posted through Open311 with citizen A's phone and name."""
        response = self.url_open(
            "/open311/v2/requests.json",
            data={
                "api_key": self.key,
                "service_code": "T-LAMP",
                "lat": "21.12",
                "long": "-101.68",
                "phone": "4775550101",
                "first_name": "Test",
                "last_name": "Ciudadana Uno",
            },
        )
        self.assertEqual(response.status_code, 200, response.text)
        return self.env["helpdesk.ticket"].search(
            [("number", "=", response.json()[0]["service_request_id"])]
        )

    def test_open311_same_person_is_matched(self):
        ticket = self._open311_report_of_citizen_a()
        self.assertEqual(ticket.partner_id, self.citizen_a)
        self.assertEqual(ticket.colonia_id, self.colonia, "nearest colonia by the intake")
        self.assertEqual(ticket.citizen_api_client_id, self.client)
        self.assertEqual(ticket.channel_id, self.channel)

    def test_reports_are_nobodys_until_the_department_assigns_them(self):
        """helpdesk_mgmt's "Auto assign tickets" gives a new ticket to its creator: never
        to the public user (website, Open311, bot) nor to OdooBot; off after install."""
        company = self.env.company
        self.assertFalse(company.helpdesk_mgmt_ticket_auto_assign)
        company.helpdesk_mgmt_ticket_auto_assign = True  # an administrator turned it on
        ticket = self._open311_report_of_citizen_a()
        self.assertFalse(ticket.user_id)
        Ticket = self.env["helpdesk.ticket"]
        public = self.env.ref("base.public_user")
        self.assertNotIn("user_id", Ticket.with_user(public).sudo().default_get(["user_id"]))
        self.assertNotIn("user_id", Ticket.sudo().default_get(["user_id"]))
        # staff keep helpdesk_mgmt's behaviour when the administrator wants it
        official = self.env["res.users"].create(
            {
                "name": "Funcionaria (asignación)",
                "login": "funcionaria_asignacion",
                "groups_id": [Command.set([self.env.ref("base.group_user").id])],
            }
        )
        self.assertEqual(
            Ticket.with_user(official).default_get(["user_id"])["user_id"], official.id
        )

    def test_message_with_another_name_creates_a_flagged_citizen(self):
        response = self.url_open(
            "/citizen/webhook/chatbot",
            data=json.dumps(
                {
                    "message_id": "intake-1",
                    "from": "477 555 0101",
                    "name": "Pedro Infante",
                    "text": "Hay un bache enorme en la calle",
                    "intent": "report",
                }
            ),
            headers={"Authorization": f"Bearer {self.bot_key}", "Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        ticket = self.env["helpdesk.ticket"].search([("number", "=", response.json()["folio"])])
        self.assertNotEqual(ticket.partner_id, self.citizen_a)
        self.assertTrue(ticket.partner_id.citizen_possible_duplicate)

    def test_intake_method(self):
        ticket = self.env["helpdesk.ticket"]._citizen_intake(
            {"name": "Bache", "description": "Bache", "category_id": self.petition_lamp.id},
            citizen={"name": "Test Ciudadana Uno", "phone": "477 555 0101"},
            channel=self.channel_web,
            attachments=[{"name": "foto.jpg", "raw": b"\xff\xd8", "type": "binary"}],
        )
        self.assertEqual(ticket.partner_id, self.citizen_a)
        self.assertEqual(ticket.colonia_id, self.colonia, "the citizen's colonia")
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
            ),
            1,
        )
        self.assertTrue(ticket.citizen_access_code)
