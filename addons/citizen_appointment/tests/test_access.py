from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import AppointmentCase


@tagged("post_install", "-at_install")
class TestAppointmentAccess(AppointmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_a = cls.env["res.users"].create(
            {
                "name": "Ciudadana A",
                "login": "cita_a",
                "email": "cita_a@example.com",
                "groups_id": [Command.set([cls.env.ref("base.group_portal").id])],
            }
        )
        cls.portal_b = cls.env["res.users"].create(
            {
                "name": "Ciudadano B",
                "login": "cita_b",
                "email": "cita_b@example.com",
                "groups_id": [Command.set([cls.env.ref("base.group_portal").id])],
            }
        )

    def test_citizens_see_only_their_own_appointments(self):
        mine = self.book(self.future_slot(), partner=self.portal_a.partner_id)
        theirs = self.book(self.future_slot(hour=12), partner=self.portal_b.partner_id)
        Booking = self.env["resource.booking"].with_user(self.portal_a)
        self.assertEqual(Booking.search([("type_id", "=", self.btype.id)]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.portal_a).read(["start"])
        with self.assertRaises(AccessError):
            Booking.create(
                {
                    "type_id": self.btype.id,
                    "partner_ids": [Command.set(self.portal_a.partner_id.ids)],
                }
            )

    def test_operator_sees_all_and_official_sees_own_offices(self):
        booking = self.book(self.future_slot())
        operator = self.env.ref("citizen_service.user_operator")
        self.assertEqual(
            self.env["resource.booking"].with_user(operator).search([("id", "=", booking.id)]),
            booking,
        )
        official = self.env.ref("citizen_service.user_official_siap")
        self.assertFalse(
            self.env["resource.booking"].with_user(official).search([("id", "=", booking.id)])
        )
        self.office.team_id = official.helpdesk_team_ids[:1]
        self.assertEqual(
            self.env["resource.booking"].with_user(official).search([("id", "=", booking.id)]),
            booking,
        )
        # the official at the desk checks the citizen in
        with self.assertRaisesRegex(UserError, "not today"):
            booking.with_user(official).action_citizen_checkin()
