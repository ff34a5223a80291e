from odoo.addons.citizen_service.tests.common_i18n import activate_es_mx
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCampaignTour(HttpCase):
    def test_coordinator_creates_a_segment_and_sends_a_campaign(self):
        coordinator = self.env.ref("citizen_service.user_coordinator")
        activate_es_mx(self.env, coordinator)
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
