from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_citizen_analysis import CitizenAnalysisCommon


@tagged("post_install", "-at_install")
class TestCitizenAnalysis(CitizenAnalysisCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        dt = cls._dt
        # department A: 4 closed (3 within the deadline), 1 open
        cls._close(cls._report(cls.petition_a), dt(0), dt(2), dt(5).date(), cls.official_a)
        cls._close(cls._report(cls.petition_a), dt(0), dt(4), dt(5).date(), cls.official_a)
        cls._close(cls._report(cls.petition_a2), dt(1), dt(5, 23), dt(5).date(), cls.official_a)
        cls._close(cls._report(cls.petition_a), dt(30), dt(40), dt(35).date(), cls.official_a)
        cls.open_a = cls._report(cls.petition_a)
        # department B: 2 closed, both late
        cls._close(cls._report(cls.petition_b), dt(0), dt(6), dt(2).date(), cls.official_b)
        cls._close(cls._report(cls.petition_b), dt(31), dt(39), dt(33).date(), cls.official_b)
        cls.env.flush_all()
        cls.teams = cls.team_a | cls.team_b

    def _groups(self, groupby, measures, domain=None):
        Analysis = self.env["citizen.report.analysis"]
        return Analysis.read_group(
            [("team_id", "in", self.teams.ids)] + (domain or []),
            measures,
            groupby,
            lazy=False,
        )

    def test_compliance_by_department(self):
        groups = {
            g["team_id"][0]: g
            for g in self._groups(
                ["team_id"],
                [
                    "report_count:sum",
                    "closed_count:sum",
                    "closed_on_time_count:sum",
                    "compliance:avg",
                ],
            )
        }
        a, b = groups[self.team_a.id], groups[self.team_b.id]
        self.assertEqual(a["report_count"], 5)
        self.assertEqual(a["closed_count"], 4)
        self.assertEqual(a["closed_on_time_count"], 3)
        self.assertAlmostEqual(a["compliance"], 75.0)
        self.assertEqual(b["closed_count"], 2)
        self.assertAlmostEqual(b["compliance"], 0.0)
        # overall: 3 on time out of 6 closed (the open report does not count)
        total = self._groups([], ["compliance:avg"])[0]
        self.assertAlmostEqual(total["compliance"], 50.0)

    def test_compliance_action_and_views(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "citizen_service.action_citizen_report_compliance"
        )
        self.assertEqual(action["res_model"], "citizen.report.analysis")
        arch = self.env["citizen.report.analysis"].get_view(
            self.env.ref("citizen_service.citizen_report_compliance_view_pivot").id, "pivot"
        )["arch"]
        self.assertIn('name="compliance"', arch)
        self.assertEqual(
            self.env["citizen.report.analysis"]._fields["compliance"].aggregator, "avg"
        )

    def test_productivity_per_user_and_month(self):
        groups = self._groups(
            ["user_id", "closed_date:month"],
            ["closed_count:sum", "days_to_close:avg"],
            [("closed", "=", True)],
        )
        by_key = {(g["user_id"][0], g["closed_date:month"]): g for g in groups}
        march_a = [g for (u, m), g in by_key.items() if u == self.official_a.id and "March" in m]
        april_a = [g for (u, m), g in by_key.items() if u == self.official_a.id and "April" in m]
        self.assertEqual(march_a[0]["closed_count"], 3)
        # 2 + 4 + (4 days 13 h) -> 10.54 / 3
        self.assertAlmostEqual(march_a[0]["days_to_close"], (2 + 4 + 4 + 13 / 24) / 3, places=3)
        self.assertEqual(april_a[0]["closed_count"], 1)
        self.assertAlmostEqual(april_a[0]["days_to_close"], 10.0, places=3)
        b_total = sum(g["closed_count"] for (u, _m), g in by_key.items() if u == self.official_b.id)
        self.assertEqual(b_total, 2)

    def test_statistics_by_origin_colonia_status(self):
        groups = self._groups(["citizen_state"], ["report_count:sum"])
        states = {g["citizen_state"]: g["report_count"] for g in groups}
        self.assertEqual(states, {"finished": 6, "captured": 1})
        groups = self._groups(["colonia_id", "channel_id"], ["report_count:sum"])
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0]["report_count"], 7)
        self.assertEqual(groups[0]["channel_id"][0], self.channel.id)

    def test_analysis_access(self):
        Analysis = self.env["citizen.report.analysis"]
        self.assertTrue(Analysis.with_user(self.coordinator).search_count([]) >= 7)
        with self.assertRaises(AccessError):
            Analysis.with_user(self.official_a).search([])

    def test_archived_reports_excluded(self):
        self.open_a.active = False
        self.env.flush_all()
        groups = self._groups(["team_id"], ["report_count:sum"], [("team_id", "=", self.team_a.id)])
        self.assertEqual(groups[0]["report_count"], 4)
