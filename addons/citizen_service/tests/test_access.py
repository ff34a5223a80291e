from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_citizen import CitizenCommon


@tagged("post_install", "-at_install")
class TestAccess(CitizenCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lamp_report = cls._report(cls.petition_lamp)
        cls.leak_report = cls._report(cls.petition_leak, partner=cls.citizen_b)
        cls.env["citizen.report.action"].create(
            [
                {
                    "ticket_id": cls.lamp_report.id,
                    "team_id": cls.team_light.id,
                    "description": "Cuadrilla asignada",
                    "is_public": True,
                },
                {
                    "ticket_id": cls.lamp_report.id,
                    "team_id": cls.team_light.id,
                    "description": "Nota interna: falta material",
                    "is_public": False,
                },
            ]
        )
        cls.mine = cls.lamp_report | cls.leak_report

    def test_official_sees_only_own_department(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.official_light)
        self.assertEqual(Ticket.search([("id", "in", self.mine.ids)]), self.lamp_report)
        self.lamp_report.with_user(self.official_light).check_access("read")
        self.assertTrue(self.lamp_report.with_user(self.official_light).number)
        with self.assertRaises(AccessError):
            self.leak_report.with_user(self.official_light).check_access("read")
        with self.assertRaises(AccessError):
            self.leak_report.with_user(self.official_light).read(["name"])
        with self.assertRaises(AccessError):
            self.leak_report.with_user(self.official_light).write({"response": "x"})

    def test_coattention_shares_the_report(self):
        report = self.leak_report.with_user(self.official_light)
        with self.assertRaises(AccessError):
            report.check_access("read")
        self.leak_report.coattention_team_ids = [Command.link(self.team_light.id)]
        report.invalidate_recordset()
        report.check_access("read")
        self.assertEqual(report.number, self.leak_report.number)
        Ticket = self.env["helpdesk.ticket"].with_user(self.official_light)
        self.assertEqual(Ticket.search([("id", "in", self.mine.ids)]), self.mine)

    def test_coordinator_sees_all(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.coordinator)
        self.assertEqual(Ticket.search([("id", "in", self.mine.ids)]), self.mine)
        for report in self.mine:
            report.with_user(self.coordinator).check_access("read")
        actions = (
            self.env["citizen.report.action"]
            .with_user(self.coordinator)
            .search([("ticket_id", "in", self.mine.ids)])
        )
        self.assertEqual(len(actions), 2)

    def test_portal_citizen_only_own_reports(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.portal_a)
        self.assertEqual(Ticket.search([("id", "in", self.mine.ids)]), self.lamp_report)
        self.lamp_report.with_user(self.portal_a).check_access("read")
        with self.assertRaises(AccessError):
            self.leak_report.with_user(self.portal_a).check_access("read")
        with self.assertRaises(AccessError):
            self.leak_report.with_user(self.portal_a).read(["name", "response"])
        with self.assertRaises(AccessError):
            self.lamp_report.with_user(self.portal_a).write({"response": "hack"})
        Ticket_b = self.env["helpdesk.ticket"].with_user(self.portal_b)
        self.assertEqual(Ticket_b.search([("id", "in", self.mine.ids)]), self.leak_report)

    def test_portal_citizen_sees_only_public_actions(self):
        Action = self.env["citizen.report.action"].with_user(self.portal_a)
        actions = Action.search([("ticket_id", "in", self.mine.ids)])
        self.assertEqual(actions.mapped("description"), ["Cuadrilla asignada"])
        self.assertFalse(
            self.env["citizen.report.action"]
            .with_user(self.portal_b)
            .search([("ticket_id", "in", self.mine.ids)])
        )
