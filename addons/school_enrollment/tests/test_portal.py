import html
import json

from odoo import http
from odoo.tests import HttpCase, tagged

from .common import EnrollmentCase


@tagged("post_install", "-at_install")
class TestPortal(HttpCase, EnrollmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.child = cls.make_applicant(name="Ximena Portal Test", colonia_id=cls.col_b.id)
        cls.other = cls.make_applicant(name="Otro Niño Ajeno", guardian_id=cls.guardian2.id)
        cls.run_assignment()
        cls.child.action_grant_portal_access()
        cls.parent = cls.guardian.user_ids
        cls.parent.password = "padre-test-123"

    def setUp(self):
        super().setUp()
        self.authenticate(self.parent.login, "padre-test-123")

    def _post(self, url, data, files=None):
        data = dict(data, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, files=files, allow_redirects=True)

    def test_my_enrollment_pages(self):
        res = self.url_open("/my/enrollment")
        self.assertEqual(res.status_code, 200)
        self.assertIn("Ximena Portal Test", res.text)
        self.assertNotIn("Otro Niño Ajeno", res.text)
        res = self.url_open(f"/my/enrollment/{self.child.id}")
        self.assertIn(self.child.school_id.cct, res.text)
        # another family's child is not reachable
        res = self.url_open(f"/my/enrollment/{self.other.id}", allow_redirects=False)
        self.assertIn(res.status_code, (302, 303))
        self.assertNotIn("/my/enrollment/", res.headers.get("Location", ""))

    def test_availability_json(self):
        res = self.url_open(f"/my/enrollment/{self.child.id}/availability")
        data = json.loads(res.text)
        self.assertEqual(data["grade"], "pri1")
        self.assertIn(self.school_a.cct, [s["cct"] for s in data["schools"]])
        res = self.url_open(f"/my/enrollment/{self.other.id}/availability")
        self.assertEqual(res.status_code, 404)
        self.assertEqual(json.loads(res.text)["error"], "not_found")

    def test_accept_take_seat_and_request(self):
        previous = self.child.school_id
        # taking a seat asks for confirmation first
        res = self._post(f"/my/enrollment/{self.child.id}/take", {"school_id": self.school_a.id})
        self.assertEqual(res.status_code, 200)
        self.assertIn("o_enrollment_confirm_seat", res.text)
        self.assertIn("Primaria Test A", res.text)
        self.child.invalidate_recordset()
        self.assertEqual(self.child.school_id, previous)
        res = self._post(
            f"/my/enrollment/{self.child.id}/take", {"school_id": self.school_a.id, "confirm": "1"}
        )
        self.assertEqual(res.status_code, 200)
        self.assertIn("alert alert-success", res.text)
        self.child.invalidate_recordset()
        self.assertEqual(self.child.school_id, self.school_a)
        self.assertEqual(self.child.state, "accepted")
        res = self._post(
            f"/my/enrollment/{self.child.id}/request",
            {"reason": "address", "description": "Nos cambiamos", "new_colonia_id": self.col_a.id},
            files={"attachments": ("comprobante.pdf", b"%PDF-1.4 test", "application/pdf")},
        )
        self.assertEqual(res.status_code, 200)
        req = self.env["school.enrollment.change.request"].search(
            [("applicant_id", "=", self.child.id)]
        )
        self.assertEqual(req.channel, "portal")
        self.assertEqual(req.attachment_ids.name, "comprobante.pdf")
        self.assertEqual(req.new_colonia_id, self.col_a)

    def test_bad_request_input(self):
        res = self._post(
            f"/my/enrollment/{self.child.id}/request",
            {"reason": "address", "new_colonia_id": "999999999"},
        )
        # the error is shown to the parent (in the website language)
        self.assertTrue("alert alert-danger" in res.text, "error message expected")
        self.assertTrue(
            "Unknown colonia" in res.text or "Colonia desconocida" in res.text, "unknown colonia"
        )
        res = self._post(f"/my/enrollment/{self.child.id}/request", {"reason": "whatever"})
        self.assertTrue(
            "Choose the reason" in res.text or "Elige el motivo" in res.text, "reason required"
        )
        self.assertFalse(
            self.env["school.enrollment.change.request"].search(
                [("applicant_id", "=", self.child.id)]
            )
        )

    def test_accept(self):
        res = self._post(f"/my/enrollment/{self.child.id}/accept", {})
        self.assertEqual(res.status_code, 200)
        self.child.invalidate_recordset()
        self.assertEqual(self.child.state, "accepted")

    def test_document_pdf(self):
        res = self.url_open(f"/my/enrollment/{self.child.id}/document")
        self.assertEqual(res.status_code, 200)
        self.assertEqual(res.headers["Content-Type"], "application/pdf")

    def test_take_seat_confirmation_warns_about_twins(self):
        twin = self.make_applicant(name="Gemela Portal Test", colonia_id=self.col_b.id)
        self.child.write({"sibling_applicant_id": twin.id, "is_twin": True})
        twin.write({"sibling_applicant_id": self.child.id, "is_twin": True})
        twin._set_school(self.school_b, "sibling")
        target = self.school_c if self.child.school_id != self.school_c else self.school_a
        res = self._post(f"/my/enrollment/{self.child.id}/take", {"school_id": target.id})
        self.assertIn("o_enrollment_split_warning", res.text)
        self.assertIn("Gemela Portal Test", res.text)
        res = self._post(f"/my/enrollment/{self.child.id}/take", {"school_id": "x"})
        self.assertIn("alert alert-danger", res.text)

    def test_upload_pending_document_updates_the_list(self):
        self.child.write({"state": "assigned"})
        req = self.child.sudo()._portal_create_change_request(
            {"reason": "address", "new_colonia_id": str(self.col_a.id)}
        )
        req.action_pending_documents()
        proof = self.env.ref("school_enrollment.doc_proof_of_address")
        ine = self.env.ref("school_enrollment.doc_ine")
        page = self.url_open(f"/my/enrollment/{self.child.id}").text
        self.assertIn(f'name="document_type_id" value="{proof.id}"', page)
        res = self._post(
            f"/my/enrollment/{self.child.id}/request/{req.id}/document",
            {"document_type_id": proof.id},
            files={"document": ("recibo_luz.pdf", b"%PDF-1.4 recibo", "application/pdf")},
        )
        self.assertEqual(res.status_code, 200)
        self.assertIn("alert alert-success", res.text)
        # the pending list on the page no longer offers the uploaded document
        self.assertNotIn(f'name="document_type_id" value="{proof.id}"', res.text)
        self.assertIn(f'name="document_type_id" value="{ine.id}"', res.text)
        self.assertEqual(req.pending_document_ids, ine)
        self.assertIn("recibo_luz.pdf", req.attachment_ids.mapped("name"))
        # a document that is not pending, or no file, is refused with a message
        res = self._post(
            f"/my/enrollment/{self.child.id}/request/{req.id}/document",
            {"document_type_id": proof.id},
            files={"document": ("otra.pdf", b"%PDF-1.4 otra", "application/pdf")},
        )
        self.assertIn("alert alert-danger", res.text)
        res = self._post(
            f"/my/enrollment/{self.child.id}/request/{req.id}/document",
            {"document_type_id": ine.id},
        )
        self.assertIn("alert alert-danger", res.text)
        self.assertEqual(req.pending_document_ids, ine)

    def test_schools_near_home_list(self):
        # home = colonia B (no own coordinates): B is in it, A 4.8 km away, C 25 km away
        rows = self.child._nearby_schools()
        self.assertEqual([r["school"] for r in rows], [self.school_b, self.school_a, self.school_c])
        kms = [r["distance_km"] for r in rows]
        self.assertEqual(kms, sorted(kms))
        self.assertLess(kms[0], 0.2)
        self.assertAlmostEqual(kms[1], 4.8, delta=0.3)
        # the address, when known, is the home point
        self.child.write({"latitude": 21.122, "longitude": -101.682})
        self.assertEqual(self.child._nearby_schools()[0]["school"], self.school_a)
        self.child.write({"latitude": 0.0, "longitude": 0.0})
        # a school without seats left for the grade is not offered
        self.school_c.seat_ids.write({"seats": self.school_c.seat_ids.seats_taken})
        self.assertNotIn(self.school_c, [r["school"] for r in self.child._nearby_schools()])

    def test_schools_near_home_page(self):
        res = self.url_open(f"/my/enrollment/{self.child.id}/nearby")
        self.assertEqual(res.status_code, 200)
        page = res.text
        self.assertIn("o_enrollment_nearby_map", page)
        self.assertIn(
            "/my/enrollment/%s/nearby" % self.child.id,
            self.url_open(f"/my/enrollment/{self.child.id}").text,
        )
        # nearest first, with CCT key, distance and seats left; the current school is marked
        pos = [page.index(s.cct) for s in (self.school_b, self.school_a, self.school_c)]
        self.assertEqual(pos, sorted(pos))
        self.assertIn("km", page)
        self.assertEqual(self.child.school_id, self.school_b)
        self.assertIn(f'name="school_id" value="{self.school_a.id}"', page)
        self.assertNotIn(f'name="school_id" value="{self.school_b.id}"', page)
        # the map gets the home and one marker per located school
        data = page.split('data-map="', 1)[1].split('"', 1)[0]
        data = json.loads(html.unescape(data))
        self.assertEqual(data["home"], [self.col_b.latitude, self.col_b.longitude])
        self.assertEqual(
            [m["cct"] for m in data["markers"]],
            [self.school_b.cct, self.school_a.cct, self.school_c.cct],
        )
        # taking a seat from the list goes through the same confirmation and seat lock
        seats_a = self.school_a.seat_ids.seats_free
        res = self._post(
            f"/my/enrollment/{self.child.id}/take", {"school_id": self.school_a.id, "confirm": "1"}
        )
        self.assertIn("alert alert-success", res.text)
        self.env.invalidate_all()
        self.assertEqual(self.child.school_id, self.school_a)
        self.assertEqual(self.school_a.seat_ids.seats_free, seats_a - 1)
        # another family's child is not reachable
        res = self.url_open(f"/my/enrollment/{self.other.id}/nearby", allow_redirects=False)
        self.assertIn(res.status_code, (302, 303))

    def test_schools_near_home_without_home_point(self):
        nowhere = self.env["citizen.colonia"].create({"name": "Sin coordenadas", "zip": "37997"})
        self.child.write({"colonia_id": nowhere.id})
        rows = self.child._nearby_schools()
        self.assertTrue(rows)
        self.assertTrue(all(r["distance_km"] is None for r in rows))
        res = self.url_open(f"/my/enrollment/{self.child.id}/nearby")
        self.assertEqual(res.status_code, 200)
        self.assertIn("o_enrollment_nearby_no_home", res.text)
