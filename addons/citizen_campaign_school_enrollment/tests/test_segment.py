from odoo.addons.school_enrollment.tests.common import EnrollmentCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestEnrollmentSegment(EnrollmentCase):
    def test_parents_with_pending_documents(self):
        other = self.campaign.copy({"name": "Otra campaña"})
        pending = self.make_applicant()
        complete = self.make_applicant(guardian_id=self.guardian2.id)
        Request = self.env["school.enrollment.change.request"]
        req_pending = Request.create({"applicant_id": pending.id, "reason": "disability"})
        req_complete = Request.create({"applicant_id": complete.id, "reason": "disability"})
        self.assertTrue(req_pending.pending_document_count)
        req_complete.received_document_ids = req_complete.required_document_ids
        self.assertFalse(req_complete.pending_document_count)
        segment = self.env["citizen.segment"].create(
            {"name": "Documentos pendientes", "enrollment_pending_documents": True}
        )
        parents = segment._citizen_partners()
        self.assertIn(self.guardian, parents, "parents need not be registered citizens")
        self.assertNotIn(self.guardian2, parents)
        # a closed request no longer counts
        req_pending.state = "rejected"
        self.assertNotIn(self.guardian, segment._citizen_partners())
        # applicants of an enrollment campaign
        segment.write(
            {"enrollment_pending_documents": False, "enrollment_campaign_id": self.campaign.id}
        )
        self.assertEqual(
            segment._citizen_partners() & (self.guardian | self.guardian2),
            self.guardian | self.guardian2,
        )
        segment.enrollment_campaign_id = other
        self.assertFalse(segment._citizen_partners() & (self.guardian | self.guardian2))
        self.assertEqual(segment.partner_count, 0)
