from datetime import date, timedelta

from odoo.tests import TransactionCase, tagged

from .common import CallCenterCommon


@tagged("post_install", "-at_install")
class TestCallCenterKpis(CallCenterCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_call_center()
        cls.reason2 = cls.env["call.center.reason"].create({"name": "Otro motivo", "code": "T-R2"})
        day = cls.t0.replace(year=2031)  # isolated from demo data
        cls.calls = (
            cls._call(
                wait=5,
                talk=100,
                date_start=day,
                date_answer=day + timedelta(seconds=5),
                date_end=day + timedelta(seconds=105),
                reason_id=cls.reason.id,
                outcome="resolved",
            )
            | cls._call(
                wait=40,
                date_start=day,
                date_answer=day + timedelta(seconds=40),
                date_end=day + timedelta(seconds=340),
                reason_id=cls.reason2.id,
                outcome="callback",
                operator_id=cls.operator2.id,
                line_id=cls.line2.id,
            )
            | cls._call(
                date_start=day,
                date_answer=False,
                date_end=day + timedelta(seconds=60),
                operator_id=False,
            )
        )
        cls.domain = [("date_local", "=", date(2031, 1, 10))]

    def test_sql_view_measures(self):
        Report = self.env["call.center.call.report"]
        self.env.flush_all()
        [(calls, answered, abandoned, in_sl, fcr, wait, handle, sl, fcr_rate)] = Report._read_group(
            self.domain,
            [],
            [
                "nbr_calls:sum",
                "nbr_answered:sum",
                "nbr_abandoned:sum",
                "nbr_in_sl:sum",
                "nbr_fcr:sum",
                "wait_time:avg",
                "handle_time:avg",
                "service_level:avg",
                "fcr_rate:avg",
            ],
        )
        self.assertEqual((calls, answered, abandoned, in_sl, fcr), (3, 2, 1, 1, 1))
        self.assertAlmostEqual(wait, (5 + 40 + 60) / 3)
        self.assertAlmostEqual(handle, (100 + 300) / 2)
        self.assertAlmostEqual(sl, 100 / 3)
        self.assertAlmostEqual(fcr_rate, 50.0)
        per_line = dict(Report._read_group(self.domain, ["line_id"], ["nbr_calls:sum"]))
        self.assertEqual(per_line[self.line], 2)
        per_hour = Report._read_group(self.domain, ["hour_of_day", "day_of_week"], ["__count"])
        self.assertEqual(per_hour, [(10, "4", 3)])  # 10 Jan 2031 is a Friday

    def test_stats_rows_and_dashboard(self):
        stats = self.env["call.center.call"]._stats_for_period(date(2031, 1, 10), date(2031, 1, 10))
        self.assertEqual(stats["total"]["calls"], 3)
        self.assertEqual(stats["total"]["abandoned"], 1)
        self.assertEqual(stats["total"]["fcr"], 50.0)
        operators = {r["label"]: r for r in stats["sections"][0]["rows"]}
        self.assertEqual(operators["Operadora Uno"]["calls"], 1)
        self.assertEqual(operators["Operador Dos"]["handle"], 300.0)
        lines = self.env["call.center.line"].browse((self.line | self.line2).ids)
        lines._compute_today_stats()  # no calls today in this isolated setup
        self.assertEqual(lines[0].callback_pending, 1)

    def test_daily_and_weekly_mail(self):
        self.env["res.users"].search(
            [("groups_id", "in", self.env.ref("citizen_service.group_citizen_coordinator").id)]
        ).write({"email": "coord@example.com"})
        Mail = self.env["mail.mail"]
        before = Mail.search([])
        self.assertTrue(
            self.env["call.center.call"]._send_stats_email("daily", today=date(2031, 1, 11))
        )
        mail = Mail.search([]) - before
        self.assertEqual(len(mail), 1)
        self.assertIn("2031-01-10", mail.subject)
        self.assertIn("Operadora Uno", mail.body_html)
        self.assertIn(self.coordinator.partner_id, mail.recipient_ids)
        self.env["call.center.call"]._send_stats_email("weekly", today=date(2031, 1, 13))
        weekly = Mail.search([]) - before - mail
        self.assertIn("2031-01-06", weekly.subject)
        self.assertIn("<table", weekly.body_html)
        self.assertTrue(self.env.ref("call_center.ir_cron_call_center_daily_report").active)
        self.env.ref("call_center.ir_cron_call_center_weekly_report").method_direct_trigger()
