from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import EnrollmentCase


@tagged("post_install", "-at_install")
class TestSeatWarningsAndDocuments(EnrollmentCase):
    def _twins(self):
        a = self.make_applicant(name="Sofía Gemela Test")
        b = self.make_applicant(name="Mateo Gemelo Test")
        a.write({"sibling_applicant_id": b.id, "is_twin": True})
        b.write({"sibling_applicant_id": a.id, "is_twin": True})
        self.assertTrue(a._set_school(self.school_a, "sibling"))
        self.assertTrue(b._set_school(self.school_a, "sibling"))
        return a, b

    def test_taking_a_seat_warns_when_it_splits_twins(self):
        a, b = self._twins()
        warnings = a._seat_split_warnings(self.school_b)
        self.assertEqual(len(warnings), 1)
        self.assertIn("twin", warnings[0])
        self.assertIn("Mateo Gemelo Test", warnings[0])
        self.assertIn("Primaria Test A", warnings[0])
        # staying with the twin: no warning
        self.assertFalse(a._seat_split_warnings(self.school_a))
        # the twin already moved: following them gives no warning either
        b._set_school(self.school_b, "parent_choice", state="accepted")
        self.assertFalse(a._seat_split_warnings(self.school_b))
        self.assertTrue(a._seat_split_warnings(self.school_c))

    def test_taking_a_seat_warns_when_it_splits_siblings(self):
        older = self.make_applicant(name="Hermana Mayor Test")
        younger = self.make_applicant(name="Hermano Menor Test", sibling_applicant_id=older.id)
        older._set_school(self.school_a, "distance")
        younger._set_school(self.school_a, "sibling")
        warnings = younger._seat_split_warnings(self.school_b)
        self.assertEqual(len(warnings), 1)
        self.assertIn("brother or sister", warnings[0])
        self.assertIn("Hermana Mayor Test", warnings[0])
        # both directions
        self.assertIn("Hermano Menor Test", older._seat_split_warnings(self.school_b)[0])
        # a sibling already enrolled in a school
        enrolled = self.make_applicant(
            name="Con Hermano Inscrito", sibling_school_id=self.school_c.id
        )
        self.assertIn("Primaria Test C", enrolled._seat_split_warnings(self.school_b)[0])
        self.assertFalse(enrolled._seat_split_warnings(self.school_c))

    def test_no_warning_for_a_sibling_of_another_level(self):
        secondary = self.env["school.enrollment.school"].create(
            {
                "cct": "11DES9001A",
                "name": "Secundaria Test",
                "level": "secondary",
                "colonia_id": self.col_a.id,
                "seat_ids": [Command.create({"grade": "sec1", "seats": 5})],
            }
        )
        older = self.make_applicant(name="Hermano Secundaria", grade="sec1")
        older._set_school(secondary, "distance")
        child = self.make_applicant(name="Hermano Primaria", sibling_applicant_id=older.id)
        self.assertFalse(child._seat_split_warnings(self.school_b))

    def _pending_request(self, reason="address"):
        app = self.make_applicant()
        self.run_assignment()
        req = self.env["school.enrollment.change.request"].create(
            {
                "applicant_id": app.id,
                "reason": reason,
                "channel": "portal",
                "new_colonia_id": self.col_b.id,
            }
        )
        req.action_pending_documents()
        return req

    def test_upload_pending_document_recomputes_pending_list(self):
        req = self._pending_request()
        proof = self.env.ref("school_enrollment.doc_proof_of_address")
        ine = self.env.ref("school_enrollment.doc_ine")
        self.assertEqual(req.pending_document_ids, proof | ine)
        self.assertEqual(req.pending_document_count, 2)
        attachment = req._portal_upload_document(
            proof, "recibo.pdf", b"%PDF-1.4", "application/pdf"
        )
        self.assertEqual(req.pending_document_ids, ine)
        self.assertEqual(req.pending_document_count, 1)
        self.assertIn(proof, req.received_document_ids)
        self.assertIn(attachment, req.attachment_ids)
        self.assertEqual(req.state, "pending_documents")
        # not pending any more, or not pending at all: refused
        with self.assertRaisesRegex(UserError, "not pending"):
            req._portal_upload_document(proof, "otro.pdf", b"%PDF-1.4")
        with self.assertRaisesRegex(UserError, "Choose the file"):
            req._portal_upload_document(ine, "vacio.pdf", b"")
        req._portal_upload_document(ine, "ine.jpg", b"\xff\xd8\xff", "image/jpeg")
        self.assertFalse(req.pending_document_ids)
        # everything received: the request goes back to the staff
        self.assertEqual(req.state, "in_progress")
        self.assertIn("All pending documents were received", req.message_ids[0].body)
        req.action_approve()
        with self.assertRaisesRegex(UserError, "closed"):
            req._portal_upload_document(ine, "tarde.pdf", b"%PDF-1.4")

    def test_assignment_document_states_the_date_to_go_to_the_school(self):
        app = self.make_applicant(name="Renata Documento Test")
        self.run_assignment()
        visit = fields.Date.today() + timedelta(days=20)
        self.campaign.write({"date_school_visit": visit, "school_visit_hours": "8:00 - 11:00"})
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "school_enrollment.action_report_assignment", app.ids
        )
        html = html.decode()
        self.assertIn("Date to go to the school", html)
        self.assertIn(str(visit.year), html)
        self.assertIn("8:00 - 11:00", html)
        self.assertIn(app.school_id.name, html)


@tagged("post_install", "-at_install")
class TestDemoNames(EnrollmentCase):
    def test_no_child_is_named_like_their_parent(self):
        self.env.cr.execute(
            """
            SELECT a.name FROM school_enrollment_applicant a
              JOIN res_partner p ON p.id = a.guardian_id
             WHERE lower(a.name) = lower(p.name)
            """
        )
        self.assertFalse(self.env.cr.fetchall())
        self.env.cr.execute(
            """
            SELECT a.name FROM school_enrollment_applicant a
              JOIN school_enrollment_applicant b ON b.id = a.sibling_applicant_id
             WHERE a.name = b.name
            """
        )
        self.assertFalse(self.env.cr.fetchall(), "twins have different names")
