from odoo.addons.citizen_service.tests.common_i18n import activate_es_mx
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCitizenServiceMapTour(HttpCase):
    """The coordinator opens the map of reports, in es_MX."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.coordinator = env.ref("citizen_service.user_coordinator")
        activate_es_mx(env, cls.coordinator, website=True)

    def test_coordinator_map(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.coordinator)
        domain = [("citizen_state", "in", ("captured", "in_process"))]
        self.assertTrue(Ticket.citizen_map_markers(domain=domain)["markers"])
        self.start_tour(
            "/odoo/action-citizen_service.action_citizen_reports",
            "citizen_service_map",
            login=self.coordinator.login,
        )

    def test_citizen_portal_map(self):
        citizen = self.env.ref("citizen_service.user_citizen")
        citizen.write({"lang": "es_MX", "tz": "America/Mexico_City"})
        Ticket = self.env["helpdesk.ticket"].sudo()
        before = Ticket.search([]).ids
        self.start_tour("/new/ticket", "citizen_service_map_portal", login=citizen.login)
        ticket = Ticket.search([("id", "not in", before)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.location_source, "point")
        self.assertTrue(ticket.latitude and ticket.longitude)
        self.assertEqual(
            ticket.colonia_id,
            self.env["citizen.colonia"]._citizen_at_point(ticket.latitude, ticket.longitude),
        )
