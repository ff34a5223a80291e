from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCitizenServiceMap(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.team = env.ref("citizen_service.team_alumbrado")
        cls.petition = env["helpdesk.ticket.category"].search(
            [("team_id", "=", cls.team.id)], limit=1
        )
        cls.citizen = env["res.partner"].create(
            {"name": "Mapa Ciudadana Prueba", "is_citizen": True, "phone": "477 555 0177"}
        )
        Ticket = env["helpdesk.ticket"].with_context(citizen_no_notify=True)

        def report(**vals):
            return Ticket.create(
                {
                    "name": "Lámpara apagada (mapa)",
                    "partner_id": cls.citizen.id,
                    "category_id": cls.petition.id,
                    "team_id": cls.team.id,
                    "description": "<p>Prueba del mapa.</p>",
                    **vals,
                }
            )

        cls.located = report(latitude=21.1250, longitude=-101.6860)
        cls.unlocated = report()
        cls.unlocated.write({"colonia_id": False, "latitude": 0.0, "longitude": 0.0})

    def test_map_view_in_actions(self):
        for xmlid in (
            "citizen_service.action_citizen_reports",
            "citizen_service.action_citizen_reports_all",
            "citizen_service_map.action_citizen_reports_map",
        ):
            action = self.env.ref(xmlid)
            modes = [mode for _view, mode in action.views]
            self.assertIn("leaflet_map", modes, xmlid)
            views = self.env["helpdesk.ticket"].get_views(action.views)["views"]
            self.assertIn('js_class="citizen_service_map"', views["leaflet_map"]["arch"])
        # Reports of the day keeps opening on its list
        action = self.env.ref("citizen_service.action_citizen_reports")
        self.assertEqual(action.views[0][1], "list")
        menu = self.env.ref("citizen_service_map.menu_citizen_reports_map")
        self.assertEqual(menu.parent_id, self.env.ref("citizen_service.menu_citizen_reports"))

    def test_markers_skip_reports_without_coordinates(self):
        self.assertFalse(self.unlocated.latitude or self.unlocated.longitude)
        Ticket = self.env["helpdesk.ticket"]
        domain = [("partner_id", "=", self.citizen.id)]
        self.assertEqual(Ticket.search(Ticket._citizen_map_domain(domain)), self.located)
        result = Ticket.citizen_map_markers(domain=domain)
        self.assertEqual(result["total"], 1)
        self.assertEqual(result["unlocated"], 1)
        (marker,) = result["markers"]
        self.assertEqual(marker["id"], self.located.id)
        self.assertEqual((marker["lat"], marker["lng"]), (21.125, -101.686))
        self.assertEqual(marker["folio"], self.located.number)
        self.assertEqual(marker["petition"], self.petition.display_name)
        self.assertEqual(marker["status"], "Captured")
        self.assertEqual(marker["traffic_light"], self.located.traffic_light)
        self.assertIn(["overdue", "Overdue"], result["legend"])

    def test_markers_follow_the_search(self):
        Ticket = self.env["helpdesk.ticket"]
        domain = [("partner_id", "=", self.citizen.id), ("traffic_light", "=", "closed")]
        self.assertEqual(Ticket.citizen_map_markers(domain=domain)["markers"], [])

    def test_markers_respect_record_rules(self):
        """An official only sees the markers of the reports he may read."""
        official = self.env.ref("citizen_service.user_official_alumbrado")
        Ticket = self.env["helpdesk.ticket"].with_user(official)
        ids = {m["id"] for m in Ticket.citizen_map_markers()["markers"]}
        self.assertTrue(ids)
        self.assertLessEqual(ids, set(Ticket.search([]).ids))
        everything = self.env["helpdesk.ticket"].citizen_map_markers()["markers"]
        self.assertGreater(len(everything), len(ids))

    def test_default_position_on_the_city(self):
        self.env.user.company_id.partner_id.write(
            {"partner_latitude": 0.0, "partner_longitude": 0.0}
        )
        position = self.env["res.users"].get_default_leaflet_position("helpdesk.ticket")
        self.assertAlmostEqual(position["lat"], 21.1, delta=0.3)
        self.assertAlmostEqual(position["lng"], -101.7, delta=0.3)
