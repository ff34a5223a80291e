from odoo.tests import TransactionCase, tagged

from .common import CitizenSurveyCommon


@tagged("post_install", "-at_install")
class TestPostCallSurvey(CitizenSurveyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_citizen_survey()
        cls.UserInput = cls.env["survey.user_input"]
        cls.survey = cls.env.ref("citizen_survey.survey_post_call")

    def _mails(self, user_input):
        return self.env["mail.mail"].search(
            [("model", "=", "survey.user_input"), ("res_id", "=", user_input.id)]
        )

    def test_invite_by_email_with_start_link(self):
        ticket = self._report(finished=False)
        operator = self.surveyor
        user_input = self.UserInput.citizen_survey_invite_post_call(
            self.citizen, ticket, operator=operator
        )
        self.assertEqual(user_input.survey_id, self.survey)
        self.assertEqual(user_input.citizen_kind, "post_call")
        self.assertEqual(user_input.partner_id, self.citizen)
        self.assertEqual(user_input.citizen_operator_id, operator)
        self.assertEqual(user_input.citizen_ticket_id, ticket)
        self.assertEqual(user_input.citizen_team_id, self.team_a)
        self.assertEqual(
            (user_input.citizen_res_model, user_input.citizen_res_id),
            ("helpdesk.ticket", ticket.id),
        )
        mail = self._mails(user_input)
        self.assertEqual(len(mail), 1)
        self.assertIn(user_input.access_token, mail.body_html)
        self.assertIn(self.survey.access_token, mail.body_html)
        self.assertIn("juana@example.com", mail.email_to)

    def test_invite_is_idempotent_per_record(self):
        ticket = self._report(finished=False)
        first = self.UserInput.citizen_survey_invite_post_call(self.citizen, ticket)
        second = self.UserInput.citizen_survey_invite_post_call(self.citizen, ticket)
        self.assertEqual(first, second)
        self.assertEqual(len(self._mails(first)), 1)

    def test_any_record_and_default_operator(self):
        # any record works (call_center_survey passes its call); for a report the operator
        # defaults to its responsible
        record = self._report(finished=False)
        record.user_id = self.surveyor2
        # called by a plain call-center operator (no survey rights)
        user_input = self.UserInput.with_user(self.surveyor).citizen_survey_invite_post_call(
            self.citizen2, record
        )
        self.assertEqual(user_input.citizen_operator_id, self.surveyor2)
        partner_record = self.citizen2
        user_input = self.UserInput.citizen_survey_invite_post_call(self.citizen2, partner_record)
        self.assertEqual(user_input.citizen_res_model, "res.partner")
        self.assertFalse(user_input.citizen_ticket_id)
        self.assertEqual(user_input.citizen_operator_id, self.env.user)

    def test_report_given_with_any_record(self):
        # e.g. a sample line - the call_center_survey bridge passes the call and its report
        ticket = self._report()
        sample = self.env["citizen.survey.sample"]._draw_sample(rate=100.0)
        line = sample.line_ids.filtered(lambda x: x.ticket_id == ticket)
        user_input = self.UserInput.citizen_survey_invite_post_call(
            self.citizen, line, ticket=line.ticket_id
        )
        self.assertEqual(user_input.citizen_ticket_id, ticket)
        self.assertEqual(user_input.citizen_res_model, "citizen.survey.sample.line")

    def test_no_email_no_invitation(self):
        partner = self.env["res.partner"].create({"name": "Sin correo", "phone": "477 555 0000"})
        self.assertFalse(self.UserInput.citizen_survey_invite_post_call(partner, partner))

    def test_answered_post_call_survey_feeds_results(self):
        ticket = self._report(finished=False)
        user_input = self.UserInput.citizen_survey_invite_post_call(
            self.citizen, ticket, operator=self.surveyor
        )
        questions = {q.citizen_key: q for q in self.survey.question_ids}
        user_input._save_lines(questions["satisfaction"], 2)
        no = questions["solved"].suggested_answer_ids.filtered(lambda a: a.citizen_code == "no")
        user_input._save_lines(questions["solved"], no.id)
        user_input._save_lines(questions["comments"], "La espera fue larga")
        user_input._mark_done()
        result = self.env["citizen.survey.result"].search([("user_input_id", "=", user_input.id)])
        self.assertEqual(result.source, "post_call")
        self.assertEqual(result.satisfaction, 2)
        self.assertEqual(result.problem_solved, "no")
        self.assertEqual(result.operator_id, self.surveyor)
        self.assertEqual(result.comments, "La espera fue larga")
        self.assertTrue(result.has_comments)
