from odoo.tests import HttpCase, tagged

from .common_citizen import CitizenCommon
from .common_i18n import activate_es_mx

PUBLIC_KEYS = {
    "folio",
    "status",
    "status_label",
    "create_date",
    "date_deadline",
    "closed_date",
    "petition",
    "petition_code",
    "department",
    "response",
    "description",
    "verified",
    "actions",
    # the folio typed, when it is a duplicate merged into the report shown
    "merged_folio",
}


@tagged("post_install", "-at_install")
class TestFolioLookup(HttpCase, CitizenCommon):
    def setUp(self):
        super().setUp()
        from ..controllers.main import FOLIO_LIMITER

        FOLIO_LIMITER._counts.clear()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.citizen_a.write({"curp": "GOMA840512MGTRRR04", "email": "secreto@example.com"})
        cls.report = cls._report(
            description="<p>Mi vecino Pancho deja basura</p>",
            street="Calle Privadísima 77",
        )
        cls.report.write({"stage_id": cls.stage_done.id, "response": "Se reemplazó la luminaria."})
        cls.env["citizen.report.action"].create(
            [
                {
                    "ticket_id": cls.report.id,
                    "team_id": cls.team_light.id,
                    "description": "Cuadrilla 7 asignada",
                    "is_public": True,
                },
                {
                    "ticket_id": cls.report.id,
                    "team_id": cls.team_light.id,
                    "description": "Nota interna confidencial",
                    "is_public": False,
                },
            ]
        )
        cls.private_texts = [
            cls.citizen_a.name,
            cls.citizen_a.phone,
            "477 555",
            cls.citizen_a.citizen_number,
            "GOMA840512MGTRRR04",
            "secreto@example.com",
            "Calle Privadísima",
            "Calle Secreta",
            "Pancho",
            "Nota interna confidencial",
        ]

    def _assert_no_personal_data(self, text):
        for private in self.private_texts:
            self.assertNotIn(private, text)

    def test_model_whitelist(self):
        Ticket = self.env["helpdesk.ticket"]
        info = Ticket._citizen_public_folio_info(self.report.number)
        self.assertEqual(set(info), PUBLIC_KEYS)
        self.assertEqual(info["folio"], self.report.number)
        self.assertEqual(info["status"], "finished")
        self.assertEqual(info["petition"], self.petition_lamp.name)
        self.assertEqual(info["department"], self.team_light.name)
        # the response and the description need the verification code
        self.assertFalse(info["response"])
        self.assertFalse(info["description"])
        self.assertFalse(info["verified"])
        self.assertEqual([a["description"] for a in info["actions"]], ["Cuadrilla 7 asignada"])
        code = self.report.citizen_access_code
        self.assertEqual(len(code), 8)
        verified = Ticket._citizen_public_folio_info(self.report.number, code=code.lower())
        self.assertTrue(verified["verified"])
        self.assertEqual(verified["response"], "Se reemplazó la luminaria.")
        self.assertIn("Pancho", verified["description"])
        for wrong in ("", "AAAAAAAA", code + "X", "é" * 8, "\x00"):
            self.assertFalse(
                Ticket._citizen_public_folio_info(self.report.number, code=wrong)["verified"]
            )
        self.assertTrue(info["closed_date"])
        self._assert_no_personal_data(repr(info))
        # works for anonymous visitors (public user), typed with spaces or '#'
        public = self.env.ref("base.public_user")
        self.assertEqual(
            Ticket.with_user(public)._citizen_public_folio_info(f" #{self.report.number} ")[
                "folio"
            ],
            self.report.number,
        )
        for bad in ("", None, "99999999999", "1' OR '1'='1", "x" * 40):
            self.assertIsNone(Ticket._citizen_public_folio_info(bad), bad)

    def test_page_form(self):
        response = self.url_open("/atencion/folio")
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="folio"', response.text)

    def test_page_shows_public_data_only(self):
        response = self.url_open(f"/atencion/folio?folio={self.report.number}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(self.report.number, page)
        self.assertNotIn("Se reemplazó la luminaria.", page)
        self.assertIn("o_citizen_folio_code_hint", page)
        self.assertIn("Cuadrilla 7 asignada", page)
        self.assertIn(self.petition_lamp.name, page)
        self.assertIn(self.team_light.name, page)
        self._assert_no_personal_data(page)

    def test_page_post_form(self):
        page = self.url_open("/atencion/folio").text
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        response = self.url_open(
            "/atencion/folio",
            data={
                "folio": self.report.number,
                "code": self.report.citizen_access_code,
                "csrf_token": token,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Se reemplazó la luminaria.", response.text)

    def test_page_unknown_folio(self):
        response = self.url_open("/atencion/folio?folio=987654321")
        self.assertEqual(response.status_code, 404)
        self.assertIn("o_citizen_folio_not_found", response.text)
        self.assertIn("987654321", response.text)

    def test_json(self):
        response = self.url_open(f"/atencion/folio/{self.report.number}/json")
        self.assertEqual(response.status_code, 200)
        self.assertIn("application/json", response.headers["Content-Type"])
        data = response.json()
        self.assertEqual(set(data), PUBLIC_KEYS)
        self.assertEqual(data["status"], "finished")
        self.assertFalse(data["response"])
        self._assert_no_personal_data(response.text)
        code = self.report.citizen_access_code
        data = self.url_open(f"/atencion/folio/{self.report.number}/json?code={code}").json()
        self.assertEqual(data["response"], "Se reemplazó la luminaria.")
        missing = self.url_open("/atencion/folio/987654321/json")
        self.assertEqual(missing.status_code, 404)
        self.assertEqual(missing.json()["error"], "not_found")

    def test_website_menu_links_the_lookup(self):
        menus = self.env["website.menu"].search([("url", "=", "/atencion/folio")])
        self.assertTrue(menus)
        self.assertIn("/atencion/folio", self.url_open("/").text)

    def test_folio_without_leading_zeros(self):
        number = self.report.number
        self.assertTrue(number.startswith("0"), number)
        short = number.lstrip("0")
        info = self.env["helpdesk.ticket"]._citizen_public_folio_info(short)
        self.assertEqual(info["folio"], number)
        response = self.url_open(f"/atencion/folio?folio={short}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(number, response.text)

    def test_denunciations_never_appear(self):
        self.report.category_id.sudo().petition_type = "denunciation"
        self.assertIsNone(
            self.env["helpdesk.ticket"]._citizen_public_folio_info(self.report.number)
        )
        response = self.url_open(f"/atencion/folio/{self.report.number}/json")
        self.assertEqual(response.status_code, 404)
        response = self.url_open(
            f"/atencion/folio?folio={self.report.number}&code={self.report.citizen_access_code}"
        )
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Pancho", response.text)

    def test_lookup_is_throttled_per_client_address(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "citizen_service.folio_lookup_per_minute", "3"
        )
        statuses = [
            self.url_open(f"/atencion/folio/{int(self.report.number) + i}/json").status_code
            for i in range(5)
        ]
        self.assertEqual(statuses[3:], [429, 429])
        self.assertNotIn(429, statuses[:3])
        page = self.url_open(f"/atencion/folio?folio={self.report.number}")
        self.assertEqual(page.status_code, 429)
        self.assertIn("o_citizen_folio_throttled", page.text)
        self.assertTrue(page.headers.get("Retry-After"))


@tagged("post_install", "-at_install")
class TestFolioLookupTour(HttpCase, CitizenCommon):
    """Anonymous visitor in Spanish: folio without leading zeros, then the code."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        activate_es_mx(env, website=True)
        clash = (
            env["helpdesk.ticket"]
            .with_context(active_test=False)
            .search([("number", "in", ["99539", "099539", "0099539", "00099539"])])
        )
        clash.write({"number": False})
        report = cls._report(description="<p>La luminaria frente a la escuela no prende</p>")
        report.sudo().write(
            {
                "number": "0099539",
                "citizen_access_code": "K7Q2M9XP",
                "stage_id": cls.stage_done.id,
                "response": "Se reemplazó la luminaria.",
            }
        )

    def setUp(self):
        super().setUp()
        from ..controllers.main import FOLIO_LIMITER

        FOLIO_LIMITER._counts.clear()

    def test_folio_lookup_tour(self):
        # the visitor arrives in Spanish (headless Chrome asks for en-US otherwise)
        url_code = self.env.ref("base.lang_es_MX").url_code
        self.start_tour(f"/{url_code}/atencion/folio", "citizen_service_folio_lookup")
