import re

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common_citizen import CitizenCommon
from .common_i18n import activate_es_mx

CITY_TZ = "America/Mexico_City"


@tagged("post_install", "-at_install")
class TestCitizenTimezone(CitizenCommon):
    def test_company_and_demo_users_in_city_timezone(self):
        self.assertEqual(self.env.ref("base.main_company").partner_id.tz, CITY_TZ)
        for xmlid in (
            "base.user_admin",
            "base.public_user",
            "citizen_service.user_citizen",
            "citizen_service.user_operator",
            "citizen_service.user_official_alumbrado",
        ):
            user = self.env.ref(xmlid, raise_if_not_found=False)
            if user:
                self.assertEqual(user.tz, CITY_TZ, xmlid)

    def test_new_citizen_in_city_timezone(self):
        partner = (
            self.env["res.partner"]
            .with_context(tz=False)
            .create(
                {"name": "Rosa Elena Vázquez Nava", "is_citizen": True, "phone": "477 555 0303"}
            )
        )
        self.assertEqual(partner.tz, CITY_TZ)

    def test_portal_wizard_user_in_city_timezone(self):
        partner = self.env["res.partner"].create(
            {"name": "Jesús Alberto Campos Ruiz", "email": "jesus.campos@example.com"}
        )
        partner.tz = False
        wizard = (
            self.env["portal.wizard"]
            .with_context(active_model="res.partner", active_ids=partner.ids)
            .create({})
        )
        wizard.user_ids.action_grant_access()
        user = partner.user_ids
        self.assertTrue(user and user.share)
        self.assertEqual(user.tz, CITY_TZ)

    def test_signup_user_in_city_timezone(self):
        self.env["ir.config_parameter"].sudo().set_param("auth_signup.invitation_scope", "b2c")
        self.env["website"].search([]).write({"auth_signup_uninvited": "b2c"})
        self.env["res.users"].sudo().with_context(tz="UTC").signup(
            {
                "login": "maria.signup@example.com",
                "name": "María Signup Torres",
                "password": "un-password-largo-1",
            }
        )
        user = self.env["res.users"].search([("login", "=", "maria.signup@example.com")])
        self.assertTrue(user.share)
        self.assertEqual(user.tz, CITY_TZ)

    def test_first_login_keeps_city_timezone(self):
        # Odoo copies the browser's time zone on the first login (UTC on many phones)
        self.portal_a.tz = "UTC"
        self.portal_a._update_last_login()
        self.assertEqual(self.portal_a.tz, CITY_TZ)


@tagged("post_install", "-at_install")
class TestCitizenWithdraw(CitizenCommon):
    def test_withdraw_own_captured_report(self):
        report = self._report()
        self.assertEqual(report.citizen_state, "captured")
        report.with_user(self.portal_a).action_citizen_withdraw("  Ya lo arreglaron.  ")
        self.assertEqual(report.stage_id, self.stage_cancelled)
        self.assertEqual(report.citizen_state, "cancelled")
        self.assertEqual(report.close_reason, "Ya lo arreglaron.")
        note = report.message_ids.filtered(lambda m: "Ya lo arreglaron." in (m.body or ""))
        self.assertTrue(note, "the reason is recorded in the chatter")
        self.assertEqual(note[:1].author_id, self.citizen_a)

    def test_cannot_withdraw_someone_elses_report(self):
        report = self._report(partner=self.citizen_b)
        with self.assertRaisesRegex(UserError, "only withdraw your own"):
            report.with_user(self.portal_a).action_citizen_withdraw("No es mío")
        self.assertEqual(report.citizen_state, "captured")

    def test_cannot_withdraw_report_in_process_or_closed(self):
        report = self._report()
        report.write({"stage_id": self.stage_process.id, "first_response": "Cuadrilla asignada."})
        with self.assertRaisesRegex(UserError, "can no longer be withdrawn"):
            report.with_user(self.portal_a).action_citizen_withdraw("Ya no")
        self.assertEqual(report.citizen_state, "in_process")
        report.write({"stage_id": self.stage_cancelled.id, "close_reason": "Duplicado"})
        with self.assertRaisesRegex(UserError, "can no longer be withdrawn"):
            report.with_user(self.portal_a).action_citizen_withdraw("Otra vez")
        self.assertEqual(report.close_reason, "Duplicado")

    def test_withdraw_needs_a_reason(self):
        report = self._report()
        with self.assertRaisesRegex(UserError, "why you withdraw"):
            report.with_user(self.portal_a).action_citizen_withdraw("   ")
        self.assertEqual(report.citizen_state, "captured")

    def test_withdraw_reason_from_any_client(self):
        """The method is callable by RPC: odd reasons are refused with a clear error, not a
        crash (PostgreSQL cannot store NUL)."""
        report = self._report()
        for reason in ("Ya no\x00", {"a": 1}, 7, "x" * 2001):
            with self.assertRaisesRegex(UserError, "plain text"):
                report.with_user(self.portal_a).action_citizen_withdraw(reason)
        self.assertEqual(report.citizen_state, "captured")


@tagged("post_install", "-at_install")
class TestCitizenPortalHttp(HttpCase, CitizenCommon):
    def _csrf(self, url):
        page = self.url_open(url).text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def test_withdraw_over_http(self):
        own = self._report()
        other = self._report(partner=self.citizen_b)
        in_process = self._report()
        in_process.write({"stage_id": self.stage_process.id, "first_response": "En revisión."})
        self.authenticate("t_cs_portal_a", "t_cs_portal_a")
        page = self.url_open(f"/my/ticket/{own.id}").text
        self.assertIn("o_citizen_withdraw_form", page)
        self.assertNotIn("/ticket/close", page)
        self.assertNotIn(f"(#{own.id})", page)
        token = self._csrf(f"/my/ticket/{own.id}")
        # someone else's report: not found, untouched
        response = self.url_open(
            f"/my/ticket/{other.id}/withdraw",
            data={"csrf_token": token, "reason": "No es mío"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(other.citizen_state, "captured")
        # a report in process: a clean 400 page with the message, untouched
        response = self.url_open(
            f"/my/ticket/{in_process.id}/withdraw",
            data={"csrf_token": token, "reason": "Ya no"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("o_citizen_withdraw_error", response.text)
        self.assertIn("can no longer be withdrawn", response.text)
        self.assertEqual(in_process.citizen_state, "in_process")
        # no reason: 400, untouched
        response = self.url_open(
            f"/my/ticket/{own.id}/withdraw",
            data={"csrf_token": token, "reason": ""},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(own.citizen_state, "captured")
        # the own Captured report is withdrawn
        response = self.url_open(
            f"/my/ticket/{own.id}/withdraw",
            data={"csrf_token": token, "reason": "Ya lo arreglaron"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_citizen_withdrawn", response.text)
        self.assertEqual(own.citizen_state, "cancelled")
        self.assertEqual(own.close_reason, "Ya lo arreglaron")

    def test_close_button_route_changes_nothing(self):
        own = self._report()
        other = self._report(partner=self.citizen_b)
        self.authenticate("t_cs_portal_a", "t_cs_portal_a")
        response = self.url_open(
            f"/ticket/close?ticket_id={own.id}&stage_id={self.stage_done.id}",
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual(own.citizen_state, "captured")
        response = self.url_open(
            f"/ticket/close?ticket_id={other.id}&stage_id={self.stage_cancelled.id}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(other.citizen_state, "captured")

    def test_portal_words(self):
        report = self._report()
        self.authenticate("t_cs_portal_a", "t_cs_portal_a")
        home = self.url_open("/my/home").text
        self.assertIn("My reports", home)
        self.assertNotIn("Follow and comment your helpdesk tickets", home)
        page = self.url_open("/my/tickets").text
        self.assertIn("My reports", page)
        self.assertIn("o_citizen_status", page)
        self.assertIn("Captured", page)
        page = self.url_open(f"/my/ticket/{report.id}").text
        self.assertIn("<title>Report %s" % report.number, page)
        self.assertNotIn(">Customer<", page)
        self.assertIn(">Citizen<", page)

    def test_website_home_is_the_city_landing_page(self):
        company = self.env.company
        response = self.url_open("/")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(company.name, page)
        self.assertIn('action="/atencion/folio"', page)
        self.assertIn('href="/new/ticket"', page)
        self.assertIn('href="/atencion/directorio"', page)
        self.assertIn('href="/contactus"', page)
        for sample in ("555-555-5556", "info@yourcompany.example.com", "Fake Buena Vista"):
            self.assertNotIn(sample, page)
        contact = self.url_open("/contactus").text
        for sample in ("555-555-5556", "info@yourcompany.example.com", "Fake Buena Vista"):
            self.assertNotIn(sample, contact)

    def test_office_directory_page(self):
        office = self.env["citizen.office"].create(
            {
                "name": "Oficina de Prueba de Catastro",
                "topics": "avalúos, predial",
                "phone": "+524777881234",
                "hours": "Lunes a viernes de 8:00 a 15:00",
            }
        )
        response = self.url_open("/atencion/directorio?search=predial")
        self.assertEqual(response.status_code, 200)
        self.assertIn(office.name, response.text)
        self.assertIn("477 788 1234", response.text)
        response = self.url_open("/atencion/directorio?search=zzzz-nada")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(office.name, response.text)


@tagged("post_install", "-at_install")
class TestCitizenPortalTour(HttpCase):
    """The demo citizen's journey in a real browser, in Spanish."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.citizen_user = env.ref("citizen_service.user_citizen")
        activate_es_mx(env, cls.citizen_user, website=True)
        cls.report = env["helpdesk.ticket"].create(
            {
                "name": "Bache frente a la primaria",
                "description": "<p>Un bache grande frente a la escuela.</p>",
                "partner_id": cls.citizen_user.partner_id.id,
                "category_id": env.ref("citizen_service.petition_op_3").id,
                "colonia_id": env.ref("citizen_service.colonia_san_juan_de_dios").id,
                "street": "Calle Hidalgo 100",
                "stage_id": env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress").id,
            }
        )

    def test_citizen_portal_tour(self):
        # this journey files a new report whatever the demo reports around; the offer of
        # the reports already made nearby has its own tour (test_nearby_tour.py)
        self.env.ref("citizen_service.petition_sapal_1").nearby_distance_m = 0
        self.start_tour("/", "citizen_service_portal", login="ciudadano")
        new = self.env["helpdesk.ticket"].search(
            [
                ("partner_id", "=", self.citizen_user.partner_id.id),
                ("street", "=", "Calle Hidalgo 214"),
                ("description", "ilike", "Sale agua limpia"),
            ]
        )
        self.assertEqual(len(new), 1)
        self.assertEqual(new.citizen_state, "cancelled")
        self.assertEqual(new.close_reason, "Los vecinos ya cerraron la llave.")
        self.assertEqual(self.report.citizen_state, "in_process")
