from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCitizenServiceMapTour(HttpCase):
    """The coordinator opens the map of reports, in es_MX."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        es = env["res.lang"]._activate_lang("es_MX")
        env["ir.module.module"].search(
            [
                (
                    "name",
                    "in",
                    [
                        "base",
                        "web",
                        "portal",
                        "website",
                        "helpdesk_mgmt",
                        "citizen_service",
                        "citizen_service_map",
                    ],
                ),
                ("state", "=", "installed"),
            ]
        )._update_translations(["es_MX"])
        website = env["website"].get_current_website()
        website.write({"language_ids": [Command.link(es.id)], "default_lang_id": es.id})
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
