import re

from odoo.tests import HttpCase, tagged

from .common_citizen import CitizenCommon


@tagged("post_install", "-at_install")
class TestPortal(HttpCase, CitizenCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report_a = cls._report(cls.petition_lamp)
        cls.report_a.write({"stage_id": cls.stage_process.id, "response": "Vamos en camino."})
        cls.report_b = cls._report(cls.petition_leak, partner=cls.citizen_b)
        cls.env["citizen.report.action"].create(
            [
                {
                    "ticket_id": cls.report_a.id,
                    "team_id": cls.team_light.id,
                    "description": "Se revisó el poste",
                    "is_public": True,
                },
                {
                    "ticket_id": cls.report_a.id,
                    "team_id": cls.team_light.id,
                    "description": "Comentario interno privado",
                    "is_public": False,
                },
            ]
        )
        cls.env.flush_all()

    def _csrf(self, url):
        page = self.url_open(url).text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def test_my_reports_list(self):
        self.authenticate("t_cs_portal_a", "t_cs_portal_a")
        response = self.url_open("/my/tickets")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(self.report_a.number, page)
        self.assertNotIn(self.report_b.number, page)
        self.assertIn("th_citizen_traffic_light", page)
        self.assertIn(self.petition_lamp.name, page)

    def test_my_report_page(self):
        self.authenticate("t_cs_portal_a", "t_cs_portal_a")
        response = self.url_open(f"/my/ticket/{self.report_a.id}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("o_citizen_portal_report", page)
        self.assertIn("Vamos en camino.", page)
        self.assertIn("Se revisó el poste", page)
        self.assertNotIn("Comentario interno privado", page)
        self.assertIn(self.team_light.name, page)

    def test_my_not_viable_report_shows_reason(self):
        report = self._report(self.petition_leak)
        report.write(
            {"stage_id": self.stage_not_viable.id, "close_reason": "Es propiedad privada."}
        )
        self.authenticate("t_cs_portal_a", "t_cs_portal_a")
        page = self.url_open(f"/my/ticket/{report.id}").text
        self.assertIn("Es propiedad privada.", page)

    def test_other_citizen_report_is_refused(self):
        self.authenticate("t_cs_portal_a", "t_cs_portal_a")
        response = self.url_open(f"/my/ticket/{self.report_b.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(self.report_b.number, response.text)
        self.assertNotIn(self.citizen_b.name, response.text)
        # a report that does not exist at all answers the same
        missing = self.url_open("/my/ticket/999999999", allow_redirects=False)
        self.assertEqual(missing.status_code, 404)
        # the owner still reaches it
        self.authenticate("t_cs_portal_b", "t_cs_portal_b")
        own = self.url_open(f"/my/ticket/{self.report_b.id}")
        self.assertEqual(own.status_code, 200)
        self.assertIn(self.report_b.number, own.text)

    def test_new_report_form(self):
        self.authenticate("t_cs_portal_a", "t_cs_portal_a")
        response = self.url_open("/new/ticket")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn('name="colonia"', page)
        self.assertIn('name="street"', page)
        self.assertIn(self.petition_lamp.code, page)

    def test_new_report_submitted(self):
        # report_b (same petition, same colonia) would be offered as already reported
        # nearby (test_nearby.py): here the report is filed
        self.petition_leak.nearby_distance_m = 0
        self.env.flush_all()
        self.authenticate("t_cs_portal_a", "t_cs_portal_a")
        token = self._csrf("/new/ticket")
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": token,
                "category": self.petition_leak.id,
                "colonia": self.colonia.id,
                "street": "Calle Hidalgo 214",
                "subject": "",
                "description": "Fuga de agua en la banqueta",
            },
        )
        self.assertEqual(response.status_code, 200)
        report = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.citizen_a.id), ("street", "=", "Calle Hidalgo 214")]
        )
        self.assertEqual(len(report), 1)
        self.assertEqual(report.category_id, self.petition_leak)
        self.assertEqual(report.team_id, self.team_water)
        self.assertEqual(report.colonia_id, self.colonia)
        self.assertEqual(report.channel_id, self.channel_web)
        self.assertEqual(report.name, self.petition_leak.name)
        self.assertEqual(report.citizen_state, "captured")
        self.assertTrue(report.date_deadline)
        self.assertIn(f"/my/ticket/{report.id}", response.url)

    def test_new_report_missing_data(self):
        self.authenticate("t_cs_portal_a", "t_cs_portal_a")
        token = self._csrf("/new/ticket")
        before = self.env["helpdesk.ticket"].search_count([])
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": token,
                "category": self.petition_leak.id,
                "colonia": "",
                "street": "",
                "description": "Fuga",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("o_citizen_form_errors", response.text)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), before)
