from datetime import date

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from .common import CitizenSurveyCommon


@tagged("post_install", "-at_install")
class TestMonthlyClosingSurvey(CitizenSurveyCommon, TransactionCase):
    """The monthly closing freezes the citizen evaluations of the department."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_citizen_survey()
        cls._reports(2)
        sample = cls.env["citizen.survey.sample"]._draw_sample(rate=100.0)
        for line, value in zip(
            sample.line_ids.filtered(lambda x: x.team_id == cls.team_a), ["5", "3"], strict=True
        ):
            line.write({"satisfaction": value, "problem_solved": "yes" if value == "5" else "no"})
            line.action_save_answers()
        web = cls._report(finished=False, channel=cls.channel_web)
        web.stage_id = cls.stage_done
        web.rating_apply(5, token=web.rating_ids.access_token)
        cls.env.flush_all()
        # the evaluations of February 2026
        cls.env.cr.execute(
            "UPDATE survey_user_input SET end_datetime = '2026-02-10 18:00' "
            "WHERE citizen_team_id = %s",
            (cls.team_a.id,),
        )
        cls.env.cr.execute(
            "UPDATE rating_rating SET write_date = '2026-02-11 18:00' "
            "WHERE res_model = 'helpdesk.ticket' AND res_id = %s",
            (web.id,),
        )
        cls.env.invalidate_all()

    def test_survey_figures_frozen(self):
        Closing = self.env["citizen.monthly.closing"]
        with freeze_time("2026-03-01 13:00:00"):
            closing = Closing._issue(self.team_a, date(2026, 2, 1))
        self.assertEqual(closing.survey_count, 3)
        self.assertAlmostEqual(closing.survey_satisfaction, 4.33)
        self.assertAlmostEqual(closing.survey_satisfied_pct, 66.7)
        self.assertAlmostEqual(closing.survey_solved_pct, 50.0)
        by_source = {line.name: (line.count, line.satisfaction) for line in closing.survey_line_ids}
        sources = dict(
            self.env["citizen.survey.result"]
            ._fields["source"]
            ._description_selection(closing.with_context(lang=closing._closing_lang()).env)
        )
        self.assertEqual(
            by_source, {sources["phone_sample"]: (2, 4.0), sources["self_rating"]: (1, 5.0)}
        )
        # later evaluations do not change the issued closing
        self.env.cr.execute(
            "UPDATE survey_user_input SET citizen_satisfaction = 1 WHERE citizen_team_id = %s",
            (self.team_a.id,),
        )
        self.env.invalidate_all()
        self.assertAlmostEqual(closing.survey_satisfaction, 4.33)
        rows = dict(closing._summary_rows())
        self.assertEqual(rows[closing.env._("Evaluations")], 3)
