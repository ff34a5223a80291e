from odoo import Command
from odoo.tests import new_test_user, tagged

from .common_citizen_analysis import CitizenAnalysisCommon

MEASURES = [
    "__count",
    "report_count:sum",
    "closed_count:sum",
    "closed_on_time_count:sum",
    "finished_count:sum",
    "compliance:avg",
]


@tagged("post_install", "-at_install")
class TestReportCount(CitizenAnalysisCommon):
    """The pivots read the report counts (``citizen.report.count``) kept by triggers on
    every write: their figures must be those of the per-report analysis, always."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        dt = cls._dt
        cls.closed_a = cls._close(
            cls._report(cls.petition_a), dt(0), dt(2), dt(5).date(), cls.official_a
        )
        cls.late_b = cls._close(
            cls._report(cls.petition_b), dt(0), dt(6), dt(2).date(), cls.official_b
        )
        cls.open_a = cls._report(cls.petition_a2)
        cls.open_c = cls._report(cls.petition_c)
        cls.env.flush_all()
        cls.teams = cls.team_a | cls.team_b | cls.team_c

    def _both(self, groupby, domain=None, env=None):
        """The groups as the pivot gets them (counts) and per report (the SQL view)."""
        Analysis = (env or self.env)["citizen.report.analysis"]
        domain = [("team_id", "in", self.teams.ids)] + (domain or [])
        self.assertTrue(Analysis._citizen_counts_can_answer(domain, groupby, MEASURES, (), None))
        fast = Analysis._read_group(domain, groupby, MEASURES)
        slow = Analysis.with_context(citizen_analysis_per_report=True)._read_group(
            domain, groupby, MEASURES
        )
        return fast, slow

    def assertSameFigures(self, groupby, domain=None, env=None):
        fast, slow = self._both(groupby, domain, env)
        self.assertEqual(len(fast), len(slow))
        for row_fast, row_slow in zip(fast, slow, strict=True):
            self.assertEqual(row_fast[: len(groupby)], row_slow[: len(groupby)])
            for value_fast, value_slow in zip(
                row_fast[len(groupby) :], row_slow[len(groupby) :], strict=True
            ):
                message = f"{groupby} {domain}: {fast} != {slow}"
                if value_slow in (None, False):
                    self.assertEqual(value_fast, value_slow, message)
                else:
                    self.assertAlmostEqual(float(value_fast), float(value_slow), msg=message)
        return fast

    def _check_all(self):
        self.env.flush_all()
        for groupby in (
            [],
            ["team_id"],
            ["team_id", "citizen_state"],
            ["category_id", "closed"],
            ["channel_id", "petition_type", "stage_id"],
            ["company_id", "closed_on_time", "reassigned"],
        ):
            self.assertSameFigures(groupby)
            self.assertSameFigures(groupby, [("closed", "=", True)])
            self.assertSameFigures(groupby, [("citizen_state", "in", ("captured", "finished"))])

    def test_figures_follow_every_write(self):
        self._check_all()
        groups = {row[0]: row for row in self._both(["team_id"], [("closed", "=", True)])[0]}
        # team A: 1 closed on time; team B: 1 closed late; team C: nothing closed (no group)
        self.assertEqual(groups[self.team_a][1:5], (1, 1, 1, 1))
        self.assertEqual(groups[self.team_b][1:5], (1, 1, 1, 0))
        self.assertNotIn(self.team_c, groups)
        # a report closed, another moved to another petition and department, one archived,
        # one deleted, one reassigned, new ones created: the counts follow each write
        self._close(self.open_a, self._dt(3), self._dt(4), self._dt(9).date(), self.official_a)
        self._check_all()
        self.open_c.write({"category_id": self.petition_b.id})
        self._check_all()
        self.late_b.action_archive()
        self._check_all()
        self.closed_a.unlink()
        self._check_all()
        self.open_c.write({"reassigned": True})
        self._check_all()
        self._report(self.petition_c)
        self._report(self.petition_a)
        self._check_all()
        self.late_b.action_unarchive()
        self._check_all()
        # a stage stops being a closing one: no recount, "closed" is read from the stage
        self.stage_done.closed = False
        self._check_all()

    def test_compact_and_rebuild(self):
        Count = self.env["citizen.report.count"]
        for _i in range(3):
            self.open_c.write({"category_id": self.petition_b.id})
            self.open_c.write({"category_id": self.petition_c.id})
        self.env.flush_all()
        self.env.cr.execute("SELECT count(*) FROM citizen_report_count_rows")
        before = self.env.cr.fetchone()[0]
        Count._citizen_compact()
        self.env.cr.execute("SELECT count(*) FROM citizen_report_count_rows")
        self.assertLess(self.env.cr.fetchone()[0], before)
        self._check_all()
        # counts lost (e.g. a table copied without its triggers): the rebuild recounts
        self.env.cr.execute("DELETE FROM citizen_report_count_rows")
        Count._citizen_rebuild()
        self._check_all()
        self.env.ref("citizen_service.ir_cron_citizen_report_count_compact").method_direct_trigger()
        self._check_all()

    def test_finer_pivots_read_the_reports(self):
        Analysis = self.env["citizen.report.analysis"]
        can = Analysis._citizen_counts_can_answer
        self.assertFalse(can([], ["colonia_id"], ["__count"], (), None))
        self.assertFalse(can([], ["create_date:month"], ["__count"], (), None))
        self.assertFalse(can([("colonia_id", "=", self.colonia.id)], [], ["__count"], (), None))
        self.assertFalse(can([], ["team_id"], ["days_to_close:avg"], (), None))
        self.assertFalse(can([], ["team_id"], ["__count"], [("__count", ">", 1)], None))
        self.assertFalse(can([], ["team_id"], ["__count"], (), "__count desc"))
        self.assertTrue(can([("closed", "=", True)], ["team_id"], MEASURES, (), "team_id desc"))
        # the colonia pivot still answers, per report
        groups = Analysis.read_group(
            [("team_id", "in", self.teams.ids)], ["report_count:sum"], ["colonia_id"], lazy=False
        )
        self.assertEqual(groups[0]["report_count"], 4)

    def test_counts_keep_the_municipalities_apart(self):
        company_b = self.env["res.company"].create({"name": "Municipio de Celaya"})
        self.env.user.company_ids = [Command.link(company_b.id)]
        env_b = self.env(context=dict(self.env.context, allowed_company_ids=company_b.ids))
        team_b = env_b["helpdesk.ticket.team"].create(
            {"name": "Servicios Celaya", "code": "SPC", "company_id": company_b.id}
        )
        petition_b = env_b["helpdesk.ticket.category"].create(
            {
                "name": "Bache Celaya",
                "code": "SPC-BACHE",
                "team_id": team_b.id,
                "deadline_days": 5,
                "company_id": company_b.id,
            }
        )
        report_b = env_b["helpdesk.ticket"].create(
            {
                "name": "Bache en Celaya",
                "description": "<p>Bache</p>",
                "partner_id": self.citizen.id,
                "category_id": petition_b.id,
                "channel_id": self.channel.id,
                "company_id": company_b.id,
            }
        )
        self._close(report_b.with_env(self.env), self._dt(0), self._dt(1), self._dt(5).date())
        self.teams |= team_b
        staff_a = new_test_user(
            self.env,
            "t_count_staff_a",
            groups="base.group_user,citizen_service.group_citizen_admin",
            company_id=self.env.company.id,
            company_ids=[Command.set(self.env.company.ids)],
        )
        env_a = self.env(user=staff_a, context={"allowed_company_ids": self.env.company.ids})
        fast = self.assertSameFigures(["team_id"], [("closed", "=", True)], env=env_a)
        # León's staff count León's closed reports only, never Celaya's
        self.assertEqual({row[0].id for row in fast}, {self.team_a.id, self.team_b.id})
        self.assertSameFigures(["company_id"], env=env_a)
        companies = {
            row[0] for row in env_a["citizen.report.analysis"]._read_group([], ["company_id"])
        }
        self.assertEqual(companies, {self.env.company.with_env(env_a)})
        # even when asking for Celaya's explicitly
        self.assertFalse(
            env_a["citizen.report.analysis"]._read_group(
                [("company_id", "=", company_b.id)], ["team_id"], ["__count"]
            )
        )
        # the counts model itself follows the same rule
        self.assertEqual(
            {row[0] for row in env_a["citizen.report.count"]._read_group([], ["company_id"])},
            {self.env.company.with_env(env_a)},
        )
        env_both = self.env(context={"allowed_company_ids": (self.env.company | company_b).ids})
        fast = self.assertSameFigures(["team_id"], [("closed", "=", True)], env=env_both)
        self.assertEqual({row[0].id: row[1] for row in fast}[team_b.id], 1)
