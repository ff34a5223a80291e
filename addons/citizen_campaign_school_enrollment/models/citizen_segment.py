from odoo import api, fields, models

OPEN_REQUEST_STATES = ("new", "in_progress", "pending_documents")


class CitizenSegment(models.Model):
    _inherit = "citizen.segment"

    enrollment_campaign_id = fields.Many2one(
        "school.enrollment.campaign",
        string="Enrollment campaign",
        help="Parents / guardians of the applicants of this enrollment campaign.",
    )
    enrollment_pending_documents = fields.Boolean(
        string="Change requests with pending documents",
        help="Parents / guardians with an open change request that still lacks documents.",
    )

    def _citizen_base_domain(self):
        # parents and guardians are registered by the enrollment, not always as citizens
        if self.enrollment_campaign_id or self.enrollment_pending_documents:
            return [("enrollment_applicant_ids", "!=", False)]
        return super()._citizen_base_domain()

    @api.model
    def _citizen_criteria_fields(self):
        return super()._citizen_criteria_fields() + [
            "enrollment_campaign_id",
            "enrollment_pending_documents",
        ]

    def _citizen_domain_parts(self):
        parts = super()._citizen_domain_parts()
        applicant_domain = []
        if self.enrollment_campaign_id:
            applicant_domain.append(("campaign_id", "=", self.enrollment_campaign_id._origin.id))
        if self.enrollment_pending_documents:
            applicant_domain.append(
                (
                    "change_request_ids",
                    "any",
                    [
                        ("pending_document_count", ">", 0),
                        ("state", "in", OPEN_REQUEST_STATES),
                    ],
                )
            )
        if applicant_domain:
            parts.append([("enrollment_applicant_ids", "any", applicant_domain)])
        return parts
