from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import CitizenSurveyCommon


@tagged("post_install", "-at_install")
class TestPhoneSurvey(CitizenSurveyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_citizen_survey()
        cls.tickets = cls._reports(4)
        cls.sample = cls.env["citizen.survey.sample"]._draw_sample(rate=100.0)
        cls.lines = cls.sample.line_ids.sorted("id")
        cls.lines.write({"surveyor_id": cls.surveyor.id})

    def test_answers_create_a_linked_survey_answer(self):
        line = self.lines[0].with_user(self.surveyor)
        line.write(
            {
                "satisfaction": "4",
                "problem_solved": "yes",
                "time_acceptable": "no",
                "comments": "Tardaron un poco pero quedó bien.",
            }
        )
        line.action_save_answers()
        self.assertEqual(line.state, "done")
        self.assertTrue(line.reached)
        self.assertEqual(line.attempt_count, 1)
        self.assertEqual(line.last_outcome, "reached")
        answer = line.sudo().user_input_id
        self.assertEqual(answer.survey_id, self.env.ref("citizen_survey.survey_perception"))
        self.assertEqual(answer.state, "done")
        self.assertEqual(answer.citizen_kind, "phone_sample")
        self.assertEqual(answer.citizen_ticket_id, line.ticket_id)
        self.assertEqual(answer.citizen_team_id, self.team_a)
        self.assertEqual(answer.citizen_category_id, self.petition_a)
        self.assertEqual(answer.citizen_channel_id, self.channel_phone)
        self.assertEqual(answer.partner_id, self.citizen)
        # the survey's own answer lines hold the values (usable by survey statistics)
        self.assertEqual(answer.citizen_satisfaction, 4)
        self.assertEqual(answer.citizen_problem_solved, "yes")
        self.assertEqual(answer.citizen_time_ok, "no")
        self.assertEqual(answer.citizen_comments, "Tardaron un poco pero quedó bien.")
        self.assertEqual(len(answer.user_input_line_ids), 4)
        self.assertEqual(line.satisfaction_value, 4)
        self.assertEqual(self.sample.done_count, 1)

    def test_satisfaction_is_required(self):
        line = self.lines[0].with_user(self.surveyor)
        with self.assertRaises(UserError):
            line.action_save_answers()
        self.assertFalse(line.attempt_ids)
        self.assertFalse(line.user_input_id)

    def test_no_answer_three_times_is_unreachable(self):
        line = self.lines[1].with_user(self.surveyor)
        line.note = "Buzón de voz"
        line.action_no_answer()
        self.assertEqual(line.state, "in_progress")
        self.assertEqual(line.attempt_ids.note, "Buzón de voz")
        self.assertFalse(line.note)
        line.action_no_answer()
        self.assertEqual(line.attempt_count, 2)
        self.assertEqual(line.state, "in_progress")
        line.action_no_answer()
        self.assertEqual(line.attempt_count, 3)
        self.assertEqual(line.state, "unreachable")
        self.assertEqual(line.last_outcome, "no_answer")
        self.assertTrue(line.last_attempt_date)
        self.assertFalse(line.reached)
        with self.assertRaises(UserError):
            line.action_no_answer()

    def test_reached_after_a_failed_attempt(self):
        line = self.lines[1].with_user(self.surveyor)
        line.action_no_answer()
        line.satisfaction = "3"
        line.action_save_answers()
        self.assertEqual(line.state, "done")
        self.assertEqual(line.attempt_count, 2)
        self.assertEqual(line.reached_pct, 100.0)

    def test_wrong_number_and_refused(self):
        wrong, refused = (
            self.lines[2].with_user(self.surveyor),
            self.lines[3].with_user(self.surveyor),
        )
        wrong.action_wrong_number()
        self.assertEqual(wrong.state, "unreachable")
        refused.action_refused()
        self.assertEqual(refused.state, "refused")
        self.assertFalse(refused.reached)
        refused.satisfaction = "5"
        with self.assertRaises(UserError):
            refused.action_save_answers()
        # share of the sample reached
        self.lines[0].satisfaction = "5"
        self.lines[0].action_save_answers()
        self.assertEqual(self.sample.reached_count, 1)
        self.assertAlmostEqual(self.sample.reached_rate, 25.0)

    def test_max_attempts_is_configurable(self):
        self.env["ir.config_parameter"].sudo().set_param("citizen_survey.max_attempts", "1")
        line = self.lines[0]
        line.action_no_answer()
        self.assertEqual(line.state, "unreachable")

    def test_survey_data(self):
        for xmlid in ("citizen_survey.survey_perception", "citizen_survey.survey_post_call"):
            survey = self.env.ref(xmlid)
            keys = set(survey.question_ids.mapped("citizen_key"))
            self.assertEqual(keys, {"satisfaction", "solved", "time_ok", "comments"})
            scale = survey.question_ids.filtered(lambda q: q.citizen_key == "satisfaction")
            self.assertEqual((scale.scale_min, scale.scale_max), (1, 5))
        self.assertEqual(
            self.env.ref("citizen_survey.survey_perception").title,
            "Encuesta de percepción ciudadana",
        )

    def test_full_questionnaire_alternative(self):
        line = self.lines[2].with_user(self.surveyor)
        action = line.action_open_questionnaire()
        user_input = line.sudo().questionnaire_input_id
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(user_input.access_token, action["url"])
        self.assertEqual(user_input.citizen_ticket_id, line.ticket_id)
        # opening it again reuses the same answer
        self.assertEqual(line.action_open_questionnaire()["url"], action["url"])
        self.assertEqual(line.state, "pending")
        survey = self.env.ref("citizen_survey.survey_perception")
        questions = {q.citizen_key: q for q in survey.question_ids}
        yes = questions["solved"].suggested_answer_ids.filtered(lambda a: a.citizen_code == "yes")
        user_input._save_lines(questions["satisfaction"], 4)
        user_input._save_lines(questions["solved"], yes.id)
        user_input._save_lines(questions["comments"], "Todo bien")
        user_input._mark_done()
        self.assertEqual(line.state, "done")
        self.assertEqual(line.user_input_id, user_input)
        self.assertEqual(line.satisfaction, "4")
        self.assertEqual(line.problem_solved, "yes")
        self.assertEqual(line.comments, "Todo bien")
        self.assertEqual(line.last_outcome, "reached")
