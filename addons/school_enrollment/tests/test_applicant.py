from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import EnrollmentCase, make_curp


@tagged("post_install", "-at_install")
class TestApplicant(EnrollmentCase):
    def test_folio_rua_and_level(self):
        app = self.make_applicant()
        self.assertTrue(app.folio.startswith("IA"))
        self.assertTrue(app.rua.startswith("RUA"))
        self.assertEqual(app.level, "primary")
        self.assertEqual(app.state, "draft")

    def test_invalid_curp_rejected(self):
        with self.assertRaises(ValidationError):
            self.make_applicant(curp="GOMC150312HGTNRR09")  # wrong check digit
        with self.assertRaises(ValidationError):
            self.make_applicant(curp="NOT-A-CURP")

    def test_curp_normalized(self):
        app = self.make_applicant(curp=make_curp(500).lower())
        self.assertEqual(app.curp, make_curp(500))

    def test_duplicate_curp_rejected(self):
        self.make_applicant(curp=make_curp(400))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.make_applicant(curp=make_curp(400))

    def test_unknown_colonia_rejected(self):
        with self.assertRaises(ValidationError):
            self.make_applicant(colonia_id=999999999)
        with self.assertRaisesRegex(Exception, "Unknown colonia"):
            self.env["school.enrollment.applicant"]._find_colonia("Colonia que no existe")
        self.assertEqual(
            self.env["school.enrollment.applicant"]._find_colonia("test colonia a"), self.col_a
        )

    def test_twins_must_share_grade(self):
        a = self.make_applicant()
        with self.assertRaises(ValidationError):
            a.write({"is_twin": True})  # twin without the sibling
        with self.assertRaises(ValidationError):
            self.make_applicant(sibling_applicant_id=a.id, is_twin=True, grade="sec1")
        b = self.make_applicant(sibling_applicant_id=a.id, is_twin=True)
        self.assertTrue(b.is_twin)

    def test_school_grade_must_match_level(self):
        with self.assertRaises(ValidationError):
            self.school_a.write({"seat_ids": [Command.create({"grade": "sec1", "seats": 3})]})

    def test_campaign_dates(self):
        self.assertTrue(self.campaign.portal_open)
        self.assertTrue(self.campaign.phone_open)
        with self.assertRaises(ValidationError):
            self.campaign.portal_date_end = "2000-01-01"

    def test_assignment_document_renders(self):
        app = self.make_applicant()
        self.run_assignment()
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "school_enrollment.action_report_assignment", app.ids
        )
        self.assertIn(app.school_id.cct, html.decode())
        self.assertIn(app.folio, html.decode())
