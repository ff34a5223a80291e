from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import CitizenSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveySecurity(CitizenSurveyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_citizen_survey()
        cls.ticket_a = cls._report()
        cls.ticket_b = cls._report(petition=cls.petition_b, partner=cls.citizen2)
        cls.sample = cls.env["citizen.survey.sample"]._draw_sample(rate=100.0)
        cls.line_a = cls.sample.line_ids.filtered(lambda line: line.ticket_id == cls.ticket_a)
        cls.line_b = cls.sample.line_ids - cls.line_a
        cls.line_a.surveyor_id = cls.surveyor
        cls.line_b.surveyor_id = cls.surveyor2
        for line, value in ((cls.line_a, "4"), (cls.line_b, "2")):
            line.satisfaction = value
            line.action_save_answers()
        cls.Line = cls.env["citizen.survey.sample.line"]
        cls.Result = cls.env["citizen.survey.result"]

    def test_surveyor_group(self):
        group = self.env.ref("citizen_survey.group_citizen_surveyor")
        self.assertIn(self.env.ref("citizen_service.group_citizen_operator"), group.implied_ids)

    def test_surveyor_sees_and_works_own_assignments(self):
        lines = self.Line.with_user(self.surveyor).search([("sample_id", "=", self.sample.id)])
        self.assertEqual(lines, self.line_a)
        with self.assertRaises(AccessError):
            self.line_b.with_user(self.surveyor).write({"comments": "x"})
        with self.assertRaises(AccessError):
            self.Line.with_user(self.surveyor).create(
                {"sample_id": self.sample.id, "ticket_id": self._report().id}
            )

    def test_surveyor_can_survey(self):
        ticket = self._report()
        sample = self.env["citizen.survey.sample"]._draw_sample(rate=100.0)
        line = sample.line_ids
        line.surveyor_id = self.surveyor
        line = line.with_user(self.surveyor)
        line.action_no_answer()
        line.satisfaction = "5"
        line.action_save_answers()
        self.assertEqual(line.state, "done")
        self.assertEqual(line.ticket_id, ticket)

    def test_official_sees_own_department_results_only(self):
        results = self.Result.with_user(self.official_a).search(
            [("ticket_id", "in", (self.ticket_a | self.ticket_b).ids)]
        )
        self.assertEqual(results.ticket_id, self.ticket_a)
        lines = self.Line.with_user(self.official_a).search([("sample_id", "=", self.sample.id)])
        self.assertEqual(lines, self.line_a)
        with self.assertRaises(AccessError):
            self.line_a.with_user(self.official_a).write({"comments": "x"})
        with self.assertRaises(AccessError):
            self.env["citizen.survey.sample"].with_user(self.official_a).action_draw_sample()

    def test_coordinator_sees_everything(self):
        results = self.Result.with_user(self.coordinator).search(
            [("ticket_id", "in", (self.ticket_a | self.ticket_b).ids)]
        )
        self.assertEqual(results.ticket_id, self.ticket_a | self.ticket_b)
        lines = self.Line.with_user(self.coordinator).search([("sample_id", "=", self.sample.id)])
        self.assertEqual(lines, self.line_a | self.line_b)
        self.line_b.with_user(self.coordinator).surveyor_id = self.surveyor
        self.assertTrue(self.line_b.with_user(self.coordinator).can_assign_surveyor)
        self.assertFalse(self.line_a.with_user(self.surveyor).can_assign_surveyor)
        self.sample.with_user(self.coordinator).action_verify()
        self.assertEqual(self.sample.verification_state, "ok")

    def test_phone_form_readable_by_surveyor_and_official(self):
        view = self.Line.get_view(view_type="form")
        arch_fields = [
            "folio",
            "report_name",
            "response",
            "partner_id",
            "phone",
            "mobile",
            "team_id",
            "category_id",
            "channel_id",
            "sample_id",
            "surveyor_id",
            "operator_id",
            "user_input_id",
            "attempt_ids",
            "state",
            "satisfaction",
            "can_assign_surveyor",
        ]
        for fname in arch_fields:
            self.assertIn(f'name="{fname}"', view["arch"])
        spec = {fname: {} for fname in arch_fields}
        for fname in (
            "partner_id",
            "team_id",
            "category_id",
            "channel_id",
            "sample_id",
            "surveyor_id",
            "operator_id",
            "user_input_id",
        ):
            spec[fname] = {"fields": {"display_name": {}}}
        spec["attempt_ids"] = {
            "fields": {"date": {}, "outcome": {}, "user_id": {"fields": {"display_name": {}}}}
        }
        for user, line in (
            (self.surveyor, self.line_a),
            (self.official_a, self.line_a),
            (self.coordinator, self.line_b),
        ):
            data = line.with_user(user).web_read(spec)[0]
            self.assertEqual(data["folio"], line.folio)
            self.assertEqual(data["partner_id"]["id"], line.partner_id.id)
        ticket_view = (
            self.env["helpdesk.ticket"].with_user(self.official_a).get_view(view_type="form")
        )
        self.assertIn("citizen_survey_line_ids", ticket_view["arch"])
        self.ticket_a.with_user(self.official_a).web_read(
            {
                "citizen_survey_line_ids": {"fields": {"state": {}, "satisfaction": {}}},
                "rating_count": {},
            }
        )
