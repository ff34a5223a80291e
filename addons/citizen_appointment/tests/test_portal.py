import re

from odoo.addons.citizen_service.tests.common_i18n import activate_es_mx
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestAppointmentPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls.env.ref("citizen_service.user_citizen")
        cls.sur = cls.env.ref("citizen_appointment.type_atencion_sur")

    def _csrf(self):
        page = self.url_open("/my/citas/nueva").text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def test_new_appointment_page_lists_offices_and_next_slots(self):
        self.authenticate("ciudadano", "ciudadano")
        response = self.url_open("/my/citas/nueva")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Atención ciudadana – Delegación Sur", response.text)
        self.assertIn("Trámite de licencia de funcionamiento – Oficina Centro", response.text)
        self.assertIn("Next free slot", response.text)

    def test_choose_type_opens_pending_booking_and_calendar(self):
        self.authenticate("ciudadano", "ciudadano")
        response = self.url_open(
            f"/my/citas/nueva/{self.sur.id}", data={"csrf_token": self._csrf()}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("/schedule", response.url)
        booking = self.env["resource.booking"].search(
            [
                ("partner_ids", "in", self.user.partner_id.ids),
                ("type_id", "=", self.sur.id),
                ("state", "=", "pending"),
            ]
        )
        self.assertEqual(len(booking), 1)
        self.assertEqual(booking.citizen_booked_by, "portal")
        # choosing again reuses the pending appointment
        self.url_open(f"/my/citas/nueva/{self.sur.id}", data={"csrf_token": self._csrf()})
        self.assertEqual(
            self.env["resource.booking"].search_count(
                [
                    ("partner_ids", "in", self.user.partner_id.ids),
                    ("type_id", "=", self.sur.id),
                    ("state", "=", "pending"),
                ]
            ),
            1,
        )

    def test_unpublished_type_is_not_bookable(self):
        self.sur.citizen_portal_published = False
        self.authenticate("ciudadano", "ciudadano")
        response = self.url_open(
            f"/my/citas/nueva/{self.sur.id}", data={"csrf_token": self._csrf()}
        )
        self.assertEqual(response.status_code, 404)

    def test_confirmation_pdf_of_own_appointment_only(self):
        booking = self.env["resource.booking"].search(
            [("partner_ids", "in", self.user.partner_id.ids), ("state", "=", "confirmed")], limit=1
        )
        self.assertTrue(booking, "demo: the demo citizen has an upcoming appointment")
        self.authenticate("ciudadano", "ciudadano")
        response = self.url_open(f"/my/bookings/{booking.id}/comprobante")
        self.assertEqual(response.status_code, 200)
        self.assertIn(booking.citizen_folio, response.text)
        other = self.env["resource.booking"].search(
            [("partner_ids", "not in", self.user.partner_id.ids), ("state", "=", "confirmed")],
            limit=1,
        )
        response = self.url_open(f"/my/bookings/{other.id}/comprobante", allow_redirects=False)
        self.assertEqual(response.status_code, 303)

    def test_portal_tour_book_see_confirmation_cancel_es_mx(self):
        activate_es_mx(self.env, self.user, website=True)
        self.start_tour("/my/citas/nueva", "citizen_appointment_portal", login="ciudadano")
        booking = (
            self.env["resource.booking"]
            .with_context(active_test=False)
            .search(
                [("partner_ids", "in", self.user.partner_id.ids), ("type_id", "=", self.sur.id)],
                order="id desc",
                limit=1,
            )
        )
        self.assertFalse(booking.active, "the citizen cancelled it at the end of the tour")
        self.assertEqual(booking.citizen_booked_by, "portal")
        kinds = booking.citizen_notification_ids.mapped("mail_id.subject")
        self.assertEqual(len(kinds), 2, kinds)
        self.assertTrue(any("cancelada" in s for s in kinds), kinds)
