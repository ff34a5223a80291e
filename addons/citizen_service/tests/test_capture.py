from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common_citizen import CitizenCommon
from .common_i18n import activate_es_mx


@tagged("post_install", "-at_install")
class TestCapture(CitizenCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the messages asserted are the English sources
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.operator = new_test_user(
            cls.env,
            "t_cs_operator",
            groups="base.group_user,citizen_service.group_citizen_operator",
            name="Operadora 072",
            lang="en_US",
        )
        cls.channel_072 = cls.env.ref("citizen_service.channel_072")

    def _capture(self, user=None, **vals):
        Capture = self.env["citizen.report.capture"].with_user(user or self.operator)
        return Capture.create(vals)

    # -- caller lookup -----------------------------------------------------------
    def test_phone_in_any_format_finds_the_citizen(self):
        # citizen_a was registered as "477 555 0101"
        for typed in (
            "477 555 0101",
            "4775550101",
            "+52 477 555 0101",
            "+524775550101",
            "(477) 555-0101",
            "0052 477 555 0101",
        ):
            with self.subTest(typed=typed):
                capture = self._capture(lookup=typed)
                self.assertEqual(capture.partner_id, self.citizen_a)
                self.assertEqual(capture.lookup_state, "found")

    def test_citizen_number_finds_the_citizen(self):
        number = self.citizen_b.citizen_number
        self.assertTrue(number.startswith("C"))
        for typed in (number, number.lower(), f" {number} ", "C" + number[1:].lstrip("0")):
            with self.subTest(typed=typed):
                self.assertEqual(self._capture(lookup=typed).partner_id, self.citizen_b)
        self.assertEqual(self._capture(lookup="C99999999").lookup_state, "invalid")

    def test_open_reports_of_the_caller(self):
        open_report = self._report(self.petition_lamp)
        done = self._report(self.petition_leak)
        done.write(
            {
                "response": "Atendido",
                "stage_id": self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
            }
        )
        capture = self._capture(lookup="4775550101")
        self.assertIn(open_report, capture.open_ticket_ids)
        self.assertNotIn(done, capture.open_ticket_ids)
        # the place of the report starts with the citizen's address
        self.assertEqual(capture.colonia_id, self.colonia)
        self.assertEqual(capture.street, "Calle Secreta 12")

    def test_known_caller_files_a_report(self):
        self.citizen_a.email = False
        self.petition_lamp.petition_properties_definition = [
            {"name": "pole_number", "string": "Número de poste", "type": "char"},
            {"name": "lamps_off", "string": "Lámparas apagadas", "type": "integer"},
        ]
        capture = self._capture(
            lookup="+52 477 555 0101",
            category_id=self.petition_lamp.id,
            description="No enciende desde el lunes\nfrente al 214",
            petition_properties={"pole_number": "P-1023", "lamps_off": 2},
        )
        action = capture.action_save()
        ticket = self.env["helpdesk.ticket"].browse(action["params"]["next"]["res_id"])
        self.assertEqual(ticket.partner_id, self.citizen_a)
        self.assertEqual(ticket.category_id, self.petition_lamp)
        self.assertEqual(ticket.team_id, self.team_light)
        self.assertEqual(ticket.channel_id, self.channel_072)
        self.assertEqual(ticket.name, self.petition_lamp.name)
        self.assertIn("frente al 214", ticket.description)
        self.assertEqual(ticket.petition_properties["pole_number"], "P-1023")
        self.assertEqual(ticket.petition_properties["lamps_off"], 2)
        self.assertTrue(ticket.number and ticket.number != "/")
        self.assertTrue(ticket.date_deadline)
        self.assertEqual(ticket.create_uid, self.operator)
        self.assertIn(ticket.number, action["params"]["title"])
        self.assertIn(ticket.date_deadline.strftime("%d/%m/%Y"), action["params"]["message"])
        # no e-mail: the citizen registered with a phone is told of the folio by SMS
        notification = ticket.citizen_notification_ids
        self.assertEqual(notification.channel, "sms")
        self.assertEqual(notification.kind, "created")
        self.assertEqual(notification.recipient, "+524775550101")
        self.assertIn(ticket.number, notification.body)

    def test_new_caller_is_a_person_with_e164_phone(self):
        capture = self._capture(lookup="477 555 9911")
        self.assertEqual(capture.lookup_state, "new")
        self.assertFalse(capture.partner_id)
        self.assertEqual(capture.new_phone, "+524775559911")
        capture.write(
            {
                "new_name": "Rosa Elena Campos Díaz",
                "new_email": "rosa.campos@example.com",
                "new_colonia_id": self.colonia.id,
                "category_id": self.petition_leak.id,
                "street": "Av. Juárez 10",
            }
        )
        action = capture.action_save()
        ticket = self.env["helpdesk.ticket"].browse(action["params"]["next"]["res_id"])
        citizen = ticket.partner_id
        self.assertEqual(citizen.name, "Rosa Elena Campos Díaz")
        self.assertEqual(citizen.phone, "+524775559911")
        self.assertEqual(citizen.email, "rosa.campos@example.com")
        self.assertEqual(citizen.colonia_id, self.colonia)
        self.assertTrue(citizen.is_citizen)
        self.assertTrue(citizen.citizen_number)
        self.assertFalse(citizen.is_company)
        self.assertEqual(citizen.company_type, "person")
        self.assertEqual(ticket.colonia_id, self.colonia)
        self.assertEqual(ticket.citizen_notification_ids.channel, "email")
        # the next call from the same number finds her
        self.assertEqual(self._capture(lookup="4775559911").partner_id, citizen)

    def test_new_caller_needs_a_name_and_a_valid_phone(self):
        capture = self._capture(lookup="477 555 9912", category_id=self.petition_lamp.id)
        with self.assertRaisesRegex(UserError, "full name"):
            capture.action_save()
        capture = self._capture(
            lookup="12", new_name="Sin Teléfono", category_id=self.petition_lamp.id
        )
        self.assertEqual(capture.lookup_state, "invalid")
        with self.assertRaisesRegex(UserError, "not a valid phone"):
            capture.action_save()
        capture = self._capture(lookup="4775550101")
        with self.assertRaisesRegex(UserError, "petition"):
            capture.action_save()

    def test_duplicate_warning_by_name_phone_or_email(self):
        capture = self._capture(lookup="477 555 9913", new_name="test ciudadana UNO")
        self.assertIn(self.citizen_a, capture.duplicate_ids)
        # accents and case aside
        self.citizen_b.name = "Test Ciudadano Dos Gómez"
        capture = self._capture(lookup="477 555 9914", new_name="TEST CIUDADANO GOMEZ")
        self.assertIn(self.citizen_b, capture.duplicate_ids)
        self.citizen_b.email = "dos@example.com"
        capture = self._capture(
            lookup="477 555 9915", new_name="Otra Persona", new_email="DOS@example.com"
        )
        self.assertEqual(capture.duplicate_ids, self.citizen_b)
        capture = self._capture(lookup="477 555 9916", new_name="Nadie Parecido Aquí")
        self.assertFalse(capture.duplicate_ids)

    # -- petitions ---------------------------------------------------------------
    def test_petition_search_ignores_accents_and_case(self):
        Petition = self.env["helpdesk.ticket.category"].with_user(self.operator)
        for typed in (
            "T-OP-LAMP",
            "t-op-lamp",
            "lampara",
            "LÁMPARA",
            "lámpara apagada",
            "Apagada TEST",
        ):
            with self.subTest(typed=typed):
                found = Petition.name_search(typed, limit=50)
                self.assertIn(self.petition_lamp.id, [pid for pid, _name in found])
                self.assertNotIn(self.petition_leak.id, [pid for pid, _name in found])
        # the report search (search view "Petition") uses the same search
        report = self._report(self.petition_lamp)
        Ticket = self.env["helpdesk.ticket"]
        self.assertIn(report, Ticket.search([("category_id", "ilike", "LAMPARA apagada")]))
        # renaming the petition updates its search text
        self.petition_leak.name = "Fuga de agua potable en la vía pública"
        self.assertIn(self.petition_leak.id, [p for p, _n in Petition.name_search("VIA PUBLICA")])

    # -- place -------------------------------------------------------------------
    def test_coordinates_from_the_colonia_centre_never_zero(self):
        report = self._report(self.petition_lamp, colonia_id=self.colonia.id)
        self.assertAlmostEqual(report.latitude, 21.12)
        self.assertAlmostEqual(report.longitude, -101.68)
        self.assertEqual(report.location_source, "colonia")
        self.assertIn("21.120000, -101.680000", report.location_display)
        # a point given wins over the colonia
        pinned = self._report(
            self.petition_lamp, colonia_id=self.colonia.id, latitude=21.15, longitude=-101.7
        )
        self.assertEqual(pinned.location_source, "point")
        self.assertAlmostEqual(pinned.latitude, 21.15)
        pinned.colonia_id = False
        self.assertAlmostEqual(pinned.latitude, 21.15)
        # without point nor colonia centre: "No location", not 0.0
        bare = self._report(self.petition_lamp, colonia_id=False)
        self.assertFalse(bare.location_source)
        self.assertEqual(bare.location_display, "No location")
        self.assertNotIn("0.0", bare.location_display)
        # choosing the colonia later gives its centre; changing it moves the centre
        bare.colonia_id = self.colonia
        self.assertEqual(bare.location_source, "colonia")
        other = self.env["citizen.colonia"].create({"name": "Test sin centro", "zip": "99001"})
        bare.colonia_id = other
        self.assertFalse(bare.latitude or bare.longitude)
        self.assertEqual(bare.location_display, "No location")

    # -- access ------------------------------------------------------------------
    def test_operators_and_coordinators_create_and_edit_citizens_not_delete(self):
        for user in (self.operator, self.coordinator):
            with self.subTest(user=user.login):
                Partner = self.env["res.partner"].with_user(user)
                citizen = Partner.create(
                    {"name": f"Nuevo {user.login}", "phone": "477 555 7777", "is_citizen": True}
                )
                self.assertEqual(citizen.phone, "+524775557777")
                citizen.write({"email": "nuevo@example.com", "street": "Calle 1"})
                self.citizen_a.with_user(user).write({"street": "Calle Nueva 3"})
                with self.assertRaises(AccessError):
                    citizen.unlink()
                with self.assertRaises(AccessError):
                    self.citizen_b.with_user(user).unlink()
        # officials still only read citizens
        with self.assertRaises(AccessError):
            self.citizen_a.with_user(self.official_light).write({"street": "x"})

    def test_staff_land_on_reports_of_the_day(self):
        action = self.env.ref("citizen_service.action_citizen_reports").id
        self.assertEqual(self.operator.action_id.id, action)
        self.assertEqual(self.coordinator.action_id.id, action)
        self.assertEqual(self.official_light.action_id.id, action)
        self.assertEqual(self.env.ref("citizen_service.user_operator").action_id.id, action)
        self.assertEqual(
            self.env.ref("citizen_service.user_official_alumbrado").action_id.id, action
        )
        # an internal user who joins the citizen service later gets it too
        user = self.env["res.users"].create({"name": "Nueva funcionaria", "login": "t_cs_nueva"})
        self.assertFalse(user.action_id)
        user.write(
            {"groups_id": [Command.link(self.env.ref("citizen_service.group_citizen_official").id)]}
        )
        self.assertEqual(user.action_id.id, action)

    def test_new_report_is_named_in_the_breadcrumb(self):
        Ticket = self.env["helpdesk.ticket"]
        self.assertEqual(Ticket.new({}).display_name, "New citizen report")
        self.assertEqual(Ticket.new({"name": "Bache"}).display_name, "Bache")
        report = self._report(self.petition_lamp)
        self.assertEqual(report.display_name, f"{report.number} - {report.name}")
        # the petition catalog's search box is accent-insensitive too
        Petition = self.env["helpdesk.ticket.category"]
        self.assertIn(self.petition_lamp, Petition.search([("display_name", "ilike", "LAMPARA")]))

    def test_demo_petition_fields_are_in_spanish(self):
        petition = self.env.ref("citizen_service.petition_op_1")
        labels = [d["string"] for d in petition.petition_properties_definition]
        self.assertEqual(labels, ["Número de poste", "Lámparas apagadas"])


@tagged("post_install", "-at_install")
class TestOperatorCaptureTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator = cls.env.ref("citizen_service.user_operator")
        activate_es_mx(cls.env, cls.operator)
        cls.known = cls.env.ref("citizen_service.partner_citizen")

    def test_operator_capture_tour(self):
        Ticket = self.env["helpdesk.ticket"]
        before = Ticket.search([]).ids
        self.assertFalse(self.env["res.partner"]._citizen_find("4775558899"))
        self.assertEqual(self.env["res.partner"]._citizen_find("4771234567"), self.known)
        self.start_tour(
            "/odoo/action-citizen_service.action_citizen_report_capture",
            "citizen_service_operator_capture",
            login=self.operator.login,
        )
        new = Ticket.search([("id", "not in", before)], order="id")
        self.assertEqual(len(new), 2)
        known_report, new_report = new
        lamp = self.env.ref("citizen_service.petition_op_1")
        self.assertEqual(known_report.partner_id, self.known)
        self.assertEqual(known_report.category_id, lamp)
        self.assertEqual(known_report.create_uid, self.operator)
        self.assertTrue(known_report.date_deadline)
        self.assertTrue(known_report.citizen_notification_ids)
        citizen = new_report.partner_id
        self.assertNotEqual(citizen, self.known)
        self.assertEqual(citizen.name, "Guadalupe Martinez Ortega")
        self.assertEqual(citizen.phone, "+524775558899")
        self.assertFalse(citizen.is_company)
        self.assertTrue(citizen.citizen_number)
        self.assertEqual(new_report.colonia_id, self.env.ref("citizen_service.colonia_obregon"))
        self.assertEqual(new_report.location_source, "colonia")
        self.assertTrue(new_report.citizen_notification_ids)
