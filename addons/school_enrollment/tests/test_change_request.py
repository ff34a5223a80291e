from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import EnrollmentCase


@tagged("post_install", "-at_install")
class TestChangeRequest(EnrollmentCase):
    def _request(self, applicant, **vals):
        data = {"applicant_id": applicant.id, "reason": "address", "channel": "phone"}
        data.update(vals)
        return self.env["school.enrollment.change.request"].create(data)

    def test_request_outside_campaign_period(self):
        app = self.make_applicant()
        self.campaign.write({"phone_date_start": "2000-01-01", "phone_date_end": "2000-01-31"})
        with self.assertRaisesRegex(ValidationError, "not accepted today"):
            self._request(app)
        # the portal window is still open
        req = self._request(app, channel="portal", new_colonia_id=self.col_b.id)
        self.assertEqual(req.channel, "portal")

    def test_pending_documents_and_workflow(self):
        app = self.make_applicant()
        self.run_assignment()
        req = self._request(app, reason="disability")
        self.assertTrue(req.name.startswith("SC"))
        self.assertEqual(app.state, "change")
        self.assertEqual(req.previous_school_id, app.school_id)
        codes = set(req.pending_document_ids.mapped("code"))
        self.assertEqual(codes, {"proof_of_address", "ine", "disability_certificate"})
        req.action_start()
        self.assertEqual(req.state, "in_progress")
        req.action_pending_documents()
        self.assertEqual(req.state, "pending_documents")
        self.assertIn("Pending documents", req.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "documents pending"):
            req.action_approve()
        req.received_document_ids = req.required_document_ids
        self.assertFalse(req.pending_document_ids)
        req.action_approve()
        self.assertEqual(req.state, "approved")
        self.assertTrue(app.disability)

    def test_reject_restores_applicant(self):
        app = self.make_applicant()
        self.run_assignment()
        req = self._request(app, new_colonia_id=self.col_b.id)
        req.action_reject()
        self.assertEqual(app.state, "assigned")

    def test_address_request_needs_colonia(self):
        app = self.make_applicant()
        req = self._request(app)
        req.received_document_ids = req.required_document_ids
        with self.assertRaisesRegex(UserError, "correct colonia"):
            req.action_approve()
        with self.assertRaises(ValidationError):
            self._request(self.make_applicant(), new_colonia_id=987654321)

    def test_redistribution_gives_everyone_a_place(self):
        # 9 seats, 9 children: every seat is taken
        apps = [
            self.make_applicant(colonia_id=(self.col_a if i < 5 else self.col_b).id)
            for i in range(9)
        ]
        self.run_assignment()
        self.assertTrue(all(a.school_id for a in apps))
        in_c = [a for a in apps if a.school_id == self.school_c]
        moving = in_c[:2]
        requests = self.env["school.enrollment.change.request"]
        for app in moving:
            req = self._request(app, new_colonia_id=self.col_a.id)
            req.received_document_ids = req.required_document_ids
            req.action_approve()
            requests |= req
        self.assertEqual(moving[0].colonia_id, self.col_a)
        requests.action_redistribute()
        self.assertEqual(set(requests.mapped("state")), {"done"})
        for req in requests:
            self.assertTrue(req.new_school_id, "100% of children who asked get a place")
            self.assertEqual(req.applicant_id.assignment_criterion, "redistribution")
            self.assertEqual(req.applicant_id.state, "assigned")
        run = requests.run_id
        self.assertEqual(run.mode, "redistribution")
        self.assertEqual(run.applicant_count, 2)
        seats = self.env["school.enrollment.seat"].search(
            [("school_id", "in", (self.school_a | self.school_b | self.school_c).ids)]
        )
        self.assertEqual(sum(seats.mapped("seats_taken")), 9)
        self.assertTrue(all(s.seats_taken <= s.seats for s in seats))

    def test_twins_request_redistributes_both_together(self):
        a = self.make_applicant(colonia_id=self.col_a.id)
        b = self.make_applicant(colonia_id=self.col_b.id)
        self.run_assignment()
        self.assertNotEqual(a.school_id, b.school_id)
        req = self._request(a, reason="twins", sibling_applicant_id=b.id)
        req.received_document_ids = req.required_document_ids
        req.action_approve()
        self.assertTrue(a.is_twin and b.is_twin)
        req.action_redistribute()
        self.assertEqual(a.school_id, b.school_id)
        self.assertTrue(a.school_id)

    def test_nothing_to_redistribute(self):
        with self.assertRaises(UserError):
            self.env["school.enrollment.change.request"].action_redistribute()

    def test_redistribution_honours_preferred_school_with_seats(self):
        app = self.make_applicant(colonia_id=self.col_a.id)
        self.run_assignment()
        self.assertEqual(app.school_id, self.school_a)
        req = self._request(
            app,
            reason="address",
            new_colonia_id=self.col_a.id,
            requested_school_id=self.school_c.id,
        )
        req.received_document_ids = req.required_document_ids
        req.action_approve()
        req.action_redistribute()
        self.assertEqual(req.new_school_id, self.school_c)
        self.assertEqual(self.school_a.seat_ids.seats_taken, 0)
        self.assertEqual(self.school_c.seat_ids.seats_taken, 1)
