import json

from odoo.addons.citizen_service.tests.common_i18n import activate_es_mx
from odoo.tests import HttpCase, tagged
from odoo.tools.misc import file_open


@tagged("post_install", "-at_install")
class TestCitizenServiceDashboard(HttpCase):
    def test_dashboard_data(self):
        dashboard = self.env.ref("citizen_service_dashboard.spreadsheet_dashboard_citizen_service")
        self.assertEqual(
            dashboard.dashboard_group_id,
            self.env.ref("citizen_service_dashboard.spreadsheet_dashboard_group_citizen_service"),
        )
        self.assertIn(
            self.env.ref("citizen_service.group_citizen_coordinator"), dashboard.group_ids
        )
        with file_open("citizen_service_dashboard/data/files/citizen_service_dashboard.json") as fh:
            data = json.load(fh)
        Analysis = self.env["citizen.report.analysis"]
        # every pivot and chart reads existing fields of the statistics model
        for pivot in data["pivots"].values():
            self.assertEqual(pivot["model"], Analysis._name)
            for measure in pivot["measures"]:
                self.assertIn(measure["fieldName"], Analysis._fields)
            for row in pivot["rows"]:
                self.assertIn(row["fieldName"], Analysis._fields)
            Analysis.search(pivot["domain"], limit=1)
        for sheet in data["sheets"]:
            for figure in sheet["figures"]:
                meta = figure["data"].get("metaData")
                if meta:
                    for group_by in meta["groupBy"]:
                        self.assertIn(group_by.split(":")[0], Analysis._fields)
                    self.assertIn(meta["measure"], Analysis._fields)
                    Analysis.search(figure["data"]["searchParams"]["domain"], limit=1)
        # the Miércoles Ciudadano and chatbot figures filter on these origin codes
        Channel = self.env["helpdesk.ticket.channel"]
        self.assertTrue(Channel.search([("code", "=", "MC")]))
        self.assertTrue(Channel.search([("code", "=", "CHATBOT")]))
        # only coordinators see it
        official = self.env.ref("citizen_service.user_official_alumbrado")
        groups = self.env["spreadsheet.dashboard.group"].with_user(official)
        self.assertNotIn(dashboard, groups.search([]).published_dashboard_ids)

    def test_dashboard_tour(self):
        coordinator = self.env.ref("citizen_service.user_coordinator")
        activate_es_mx(self.env, coordinator)
        self.start_tour("/odoo", "citizen_service_dashboard", login=coordinator.login)
