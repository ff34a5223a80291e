from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCitizenServiceMapTour(HttpCase):
    """The coordinator opens the map of reports, in es_MX."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang("es_MX")
        env["ir.module.module"].search(
            [
                (
                    "name",
                    "in",
                    ["base", "web", "helpdesk_mgmt", "citizen_service", "citizen_service_map"],
                ),
                ("state", "=", "installed"),
            ]
        )._update_translations(["es_MX"])
        cls.coordinator = env.ref("citizen_service.user_coordinator")
        cls.coordinator.write({"lang": "es_MX", "tz": "America/Mexico_City"})

    def test_coordinator_map(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.coordinator)
        domain = [("citizen_state", "in", ("captured", "in_process"))]
        self.assertTrue(Ticket.citizen_map_markers(domain=domain)["markers"])
        self.start_tour(
            "/odoo/action-citizen_service.action_citizen_reports",
            "citizen_service_map",
            login=self.coordinator.login,
        )
