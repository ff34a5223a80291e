from odoo.addons.citizen_service.tests.common_i18n import activate_es_mx
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestParentTour(HttpCase):
    def test_school_enrollment_parent_tour(self):
        parent = self.env.ref("citizen_service.user_citizen")
        activate_es_mx(self.env, parent, website=True)
        Applicant = self.env["school.enrollment.applicant"]
        children = Applicant.search([("guardian_id", "=", parent.partner_id.id)])
        self.assertEqual(len(children), 3, "the demo parent has twins and an older child")
        twins = children.filtered("is_twin")
        self.assertEqual(len(twins), 2)
        self.assertEqual(len(twins.school_id), 1, "the twins are assigned together")
        request = children.change_request_ids
        self.assertEqual(request.state, "pending_documents")
        proof = self.env.ref("school_enrollment.doc_proof_of_address")
        self.assertIn(proof, request.pending_document_ids)

        self.start_tour("/my/enrollment", "school_enrollment_parent", login="ciudadano")

        self.assertNotIn(proof, request.pending_document_ids)
        self.assertIn(proof, request.received_document_ids)
        self.assertTrue(request.attachment_ids.filtered(lambda a: a.name == "recibo_luz.pdf"))
        moved = twins.filtered(lambda t: t.state == "accepted")
        self.assertEqual(len(moved), 1)
        self.assertEqual(moved.assignment_criterion, "parent_choice")
        # the last seat was taken from the map of schools near home (any school but its
        # previous one, possibly its twin's again): never overbooked
        self.assertTrue(moved.school_id)
        seats = self.env["school.enrollment.seat"].search([("grade", "=", moved.grade)])
        self.assertFalse(seats.filtered(lambda s: s.seats_taken > s.seats))
