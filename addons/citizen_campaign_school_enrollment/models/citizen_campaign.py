from odoo import api, models

from .citizen_segment import OPEN_REQUEST_STATES


class CitizenCampaign(models.Model):
    _inherit = "citizen.campaign"

    @api.model
    def _citizen_demo_guardian_consents(self):
        """Demo: the parents who registered on the enrollment portal accepted SMS."""
        guardians = (
            self.env["school.enrollment.change.request"]
            .search([("state", "in", OPEN_REQUEST_STATES)])
            .mapped("guardian_id")
            .filtered(lambda p: p.mobile or p.phone)
        )
        guardians.with_context(citizen_consent_origin="portal").write({"citizen_consent_sms": True})
        return True
