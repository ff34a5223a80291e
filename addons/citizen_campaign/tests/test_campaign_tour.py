from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCampaignTour(HttpCase):
    def test_coordinator_creates_a_segment_and_sends_a_campaign(self):
        coordinator = self.env.ref("citizen_service.user_coordinator")
        self.env["res.lang"]._activate_lang("es_MX")
        self.env["ir.module.module"].search(
            [("name", "in", ("citizen_campaign", "citizen_service", "base", "web", "mail"))]
        )._update_translations(["es_MX"])
        coordinator.write({"lang": "es_MX", "tz": "America/Mexico_City"})
        self.start_tour(
            "/odoo/action-citizen_campaign.action_citizen_segment",
            "citizen_campaign_coordinator",
            login="coordinador",
        )
        campaign = self.env["citizen.campaign"].search([("name", "=", "Feria del empleo juvenil")])
        self.assertEqual(campaign.segment_id.name, "Jóvenes del sector Oriente")
        self.assertEqual(campaign.segment_id.sector, "Oriente")
        self.assertNotEqual(campaign.state, "draft")
        self.assertEqual(campaign.recipient_count, campaign.segment_id.partner_count)
