from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import CallCenterCommon


@tagged("post_install", "-at_install")
class TestStaffingPlan(CallCenterCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_call_center()

    def test_manual_volumes_erlang_c(self):
        plan = self.env["call.center.staffing.plan"].create(
            {
                "name": "Manual",
                "source": "manual",
                "opening_hour": 9,
                "closing_hour": 11,
                "aht": 180,
                "target_seconds": 20,
                "service_level_goal": 80,
                "max_occupancy": 100,
            }
        )
        plan.action_generate_grid()
        self.assertEqual(len(plan.line_detail_ids), 10)  # 5 weekdays x 2 hours
        cell = plan.line_detail_ids.filtered(lambda c: c.weekday == "0" and c.hour == 9)
        cell.calls = 200  # 200 calls x 180 s / 3600 s = 10 Erlangs
        self.assertAlmostEqual(cell.traffic, 10.0)
        self.assertEqual(cell.agents, 14)
        self.assertAlmostEqual(cell.service_level, 88.8, places=1)
        # exact Erlang A with the default 120 s patience: 2.28 % (the old heuristic said 5.8 %)
        self.assertAlmostEqual(cell.abandon_rate, 2.28, places=2)
        self.assertEqual(cell.hour_label, "09:00")
        plan.shrinkage = 30
        plan.action_compute()
        self.assertEqual(cell.scheduled_agents, 20)  # ceil(14 / 0.7)
        self.assertEqual(plan.peak_agents, 20)
        plan.service_level_goal = 90
        plan.action_compute()
        self.assertEqual(cell.agents, 15)
        # pivot weekday x hour
        rows = self.env["call.center.staffing.plan.line"]._read_group(
            [("plan_id", "=", plan.id)], ["weekday", "hour_label"], ["scheduled_agents:sum"]
        )
        self.assertIn(("0", "09:00", cell.scheduled_agents), rows)
        action = plan.action_open_grid()
        self.assertEqual(action["domain"], [("plan_id", "=", plan.id)])

    def test_plan_from_history(self):
        start = self.t0.replace(year=2032, month=3, day=1)  # Monday 1 March 2032, 10:00 local
        for week in range(2):
            for i in range(6):
                self._call(
                    date_start=start + timedelta(days=7 * week, minutes=i),
                    date_answer=start + timedelta(days=7 * week, minutes=i, seconds=10),
                    date_end=start + timedelta(days=7 * week, minutes=i, seconds=310),
                )
        plan = self.env["call.center.staffing.plan"].create(
            {
                "name": "Historia",
                "date_from": date(2032, 3, 1),
                "date_to": date(2032, 3, 14),
            }
        )
        plan.action_load_history()
        self.assertEqual(len(plan.line_detail_ids), 1)
        cell = plan.line_detail_ids
        self.assertEqual((cell.weekday, cell.hour), ("0", 10))
        self.assertAlmostEqual(cell.calls, 6.0)  # 12 calls over two Mondays
        self.assertEqual(cell.aht, 300)
        self.assertGreaterEqual(cell.agents, 2)
        self.assertGreaterEqual(cell.service_level, 80)
        empty = self.env["call.center.staffing.plan"].create(
            {
                "name": "Vacía",
                "date_from": date(2040, 1, 1),
                "date_to": date(2040, 1, 7),
            }
        )
        with self.assertRaises(UserError):
            empty.action_load_history()

    def test_invalid_parameters(self):
        with self.assertRaises(ValidationError):
            self.env["call.center.staffing.plan"].create({"name": "X", "service_level_goal": 120})
        with self.assertRaises(ValidationError):
            self.env["call.center.staffing.plan"].create(
                {"name": "Y", "source": "manual", "opening_hour": 15, "closing_hour": 9}
            )

    def test_demo_plan(self):
        plan = self.env.ref("call_center.staffing_plan_2023", raise_if_not_found=False)
        if not plan:
            self.skipTest("demo data not loaded")
        self.assertEqual(len(plan.line_detail_ids), 30)  # 5 weekdays x 6 opening hours
        self.assertTrue(all(plan.line_detail_ids.mapped("agents")))
        Call = self.env["call.center.call"]
        pbx = self.env.ref("call_center.pbx_cat")
        demo = Call.search_count([("pbx_id", "=", pbx.id), ("pbx_call_id", "=like", "cat-%")])
        self.assertEqual(demo, 2685)
        # the season ends the day before the install day, and calls ring now
        self.assertGreaterEqual(plan.date_to, fields.Date.today() - timedelta(days=2))
        recent = Call.search_count(
            [
                ("pbx_id", "=", pbx.id),
                ("date_start", ">=", fields.Datetime.now() - timedelta(days=7)),
            ]
        )
        self.assertGreater(recent, 50)
        self.assertFalse(Call.search_count([("date_start", ">", fields.Datetime.now())]))
        self.assertTrue(Call.search_count([("pbx_id", "=", pbx.id), ("state", "=", "ringing")]))
