import base64
import io
import zipfile

from odoo.tests import TransactionCase, tagged

from .common import CitizenSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveyResults(CitizenSurveyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_citizen_survey()
        cls._reports(2)
        cls._reports(2, petition=cls.petition_b, partner=cls.citizen2)
        cls.sample = cls.env["citizen.survey.sample"]._draw_sample(rate=100.0)
        scores = {cls.team_a: ["5", "3"], cls.team_b: ["1", "2"]}
        for team, values in scores.items():
            for line, value in zip(
                cls.sample.line_ids.filtered(lambda x, t=team: x.team_id == t), values, strict=True
            ):
                line.write(
                    {
                        "satisfaction": value,
                        "problem_solved": "yes",
                        "comments": "Comentario" if value == "1" else False,
                    }
                )
                line.action_save_answers()
        web = cls._report(finished=False, channel=cls.channel_web)
        web.stage_id = cls.stage_done
        web.rating_apply(5, token=web.rating_ids.access_token)
        cls.Result = cls.env["citizen.survey.result"]

    def test_satisfaction_per_department_origin_month(self):
        domain = [("team_id", "in", (self.team_a | self.team_b).ids)]
        groups = {
            team.id: avg
            for team, avg in self.Result._read_group(domain, ["team_id"], ["satisfaction:avg"])
        }
        self.assertAlmostEqual(groups[self.team_a.id], (5 + 3 + 5) / 3)
        self.assertAlmostEqual(groups[self.team_b.id], 1.5)
        by_source = dict(self.Result._read_group(domain, ["source"], ["__count"]))
        self.assertEqual(by_source, {"phone_sample": 4, "self_rating": 1})
        by_channel = dict(self.Result._read_group(domain, ["channel_id"], ["__count"]))
        self.assertEqual(by_channel[self.channel_web], 1)
        self.assertEqual(by_channel[self.channel_phone], 4)
        by_month = self.Result._read_group(domain, ["date:month"], ["satisfaction:avg"])
        self.assertEqual(len(by_month), 1)
        by_petition = dict(self.Result._read_group(domain, ["category_id"], ["__count"]))
        self.assertEqual(by_petition[self.petition_b], 2)
        by_operator = dict(self.Result._read_group(domain, ["operator_id"], ["__count"]))
        self.assertEqual(sum(by_operator.values()), 5)
        satisfied = dict(self.Result._read_group(domain, ["team_id"], ["satisfied_pct:avg"]))
        self.assertAlmostEqual(satisfied[self.team_b], 0.0)

    def test_share_of_sample_reached(self):
        self.assertEqual(self.sample.reached_rate, 100.0)
        groups = dict(
            self.env["citizen.survey.sample.line"]._read_group(
                [("sample_id", "=", self.sample.id)], ["team_id"], ["reached_pct:avg"]
            )
        )
        self.assertEqual(groups[self.team_a], 100.0)

    def test_comments_list(self):
        action = self.env.ref("citizen_survey.action_citizen_survey_comments")
        comments = self.Result.search(eval(action.domain) + [("team_id", "=", self.team_b.id)])
        self.assertEqual(comments.mapped("comments"), ["Comentario"])

    def test_xlsx_export(self):
        results = self.Result.search([("team_id", "in", (self.team_a | self.team_b).ids)])
        report = self.env.ref("citizen_survey.action_report_citizen_survey_result_xlsx")
        content, report_type = report._render_xlsx(report.report_name, results.ids, {})
        self.assertEqual(report_type, "xlsx")
        with zipfile.ZipFile(io.BytesIO(content)) as xlsx:
            strings = xlsx.read("xl/sharedStrings.xml").decode()
        self.assertIn(self.team_a.name, strings)
        self.assertIn("Comentario", strings)
        self.assertIn(results.ticket_id[0].number, strings)
        self.assertTrue(base64.b64encode(content))

    def test_views_and_menus_load(self):
        for view in ("list", "pivot", "graph", "search", "form"):
            self.Result.get_view(view_type=view)
        for model in ("citizen.survey.sample", "citizen.survey.sample.line"):
            self.env[model].get_view(view_type="form")
        self.assertTrue(self.env.ref("citizen_survey.menu_citizen_survey").parent_id)
        self.assertEqual(
            self.env.ref("citizen_survey.menu_citizen_analysis_survey").parent_id,
            self.env.ref("citizen_service.menu_citizen_analysis"),
        )
