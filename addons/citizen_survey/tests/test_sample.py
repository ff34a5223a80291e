import json
import math
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from ..tools import sampling
from .common import CitizenSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveySample(CitizenSurveyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_citizen_survey()
        cls.Sample = cls.env["citizen.survey.sample"]

    def test_daily_draw_takes_ten_percent_of_finished_reports(self):
        finished = self._reports(25)
        open_reports = self._reports(3, finished=False)
        sample = self.Sample._cron_draw_daily()
        self.assertEqual(sample.population_count, 25)
        self.assertEqual(sample.drawn_count, math.ceil(25 * 0.10))  # 3
        self.assertEqual(json.loads(sample.population_json), sorted(finished.ids))
        self.assertEqual(sorted(sample.population_ticket_ids.ids), sorted(finished.ids))
        self.assertFalse(set(sample.line_ids.ticket_id.ids) & set(open_reports.ids))
        self.assertTrue(set(sample.line_ids.ticket_id.ids) <= set(finished.ids))
        self.assertEqual(sample.rate, 10.0)
        self.assertIn(sample.line_ids[0].folio, sample.drawn_folios)
        self.assertIn(finished[0].number, sample.population_folios)

    def test_rate_comes_from_settings(self):
        settings = self.env["res.config.settings"].create({"citizen_survey_sample_rate": 50.0})
        settings.execute()
        self.assertEqual(
            float(self.env["ir.config_parameter"].sudo().get_param("citizen_survey.sample_rate")),
            50.0,
        )
        self._reports(10)
        sample = self.Sample.action_draw_sample()
        self.assertEqual(sample.rate, 50.0)
        self.assertEqual(sample.drawn_count, 5)

    def test_invalid_rate_setting(self):
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"citizen_survey_sample_rate": 150.0})
        self.env["ir.config_parameter"].sudo().set_param("citizen_survey.sample_rate", "abc")
        self._reports(2)
        self.assertEqual(self.Sample._citizen_sample_rate(), 10.0)  # unreadable -> default
        self.env["ir.config_parameter"].sudo().set_param("citizen_survey.sample_rate", "0")
        with self.assertRaises(UserError):
            self.Sample.action_draw_sample()

    def test_reproduce_past_sample_from_stored_seed(self):
        self._reports(40)
        sample = self.Sample.action_draw_sample()
        # anybody can re-draw with plain Python from the stored values
        population = json.loads(sample.population_json)
        redrawn = sampling.draw(population, sample.rate / 100, sample.seed)
        self.assertEqual(redrawn, sorted(sample.line_ids.ticket_id.ids))
        self.assertEqual(sampling.population_digest(population), sample.population_digest)
        sample.action_verify()
        self.assertEqual(sample.verification_state, "ok")
        self.assertTrue(sample.verification_date)
        self.assertIn(sample.seed, sample.message_ids[0].body)

    def test_fixed_seed_gives_the_same_sample(self):
        tickets = self._reports(30)
        sample = self.Sample._draw_sample(seed="auditoria-2026")
        expected = sampling.draw(sorted(tickets.ids), 0.1, "auditoria-2026")
        self.assertEqual(sorted(sample.line_ids.ticket_id.ids), expected)
        self.assertEqual(sample.seed, "auditoria-2026")

    def test_verify_detects_tampering(self):
        tickets = self._reports(20)
        sample = self.Sample.action_draw_sample()
        other = (tickets - sample.line_ids.ticket_id)[:1]
        sample.line_ids[:1].sudo().write({"ticket_id": other.id})
        sample.action_verify()
        self.assertEqual(sample.verification_state, "mismatch")
        self.assertIn("NOT", sample.message_ids[0].body)

    def test_report_is_never_drawn_twice(self):
        first_batch = self._reports(10)
        first = self.Sample.action_draw_sample()
        self.assertEqual(first.population_count, 10)
        # next day: only the newly finished reports are candidates
        second_batch = self._reports(5)
        second = self.Sample.action_draw_sample()
        self.assertEqual(sorted(second.population_ticket_ids.ids), sorted(second_batch.ids))
        self.assertFalse(set(second.line_ids.ticket_id.ids) & set(first_batch.ids))
        # nothing left: no sample at all
        self.assertFalse(self.Sample.action_draw_sample())
        with self.assertRaises(UserError):
            self.Sample.action_draw_now()

    def test_unique_report_per_sample_line(self):
        self._reports(10)
        sample = self.Sample.action_draw_sample()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["citizen.survey.sample.line"].create(
                {"sample_id": sample.id, "ticket_id": sample.line_ids[0].ticket_id.id}
            )

    def test_self_rating_origins_and_anonymous_reports_are_not_called(self):
        web = self._report(channel=self.channel_web)
        app = self._report(channel=self.channel_app)
        phone = self._report()
        sample = self.Sample._draw_sample(rate=100.0)
        self.assertEqual(sample.population_ticket_ids, phone)
        self.assertNotIn(web, sample.population_ticket_ids)
        self.assertNotIn(app, sample.population_ticket_ids)

    def test_lines_assigned_round_robin_to_surveyors(self):
        self._reports(6)
        sample = self.Sample._draw_sample(rate=100.0)
        surveyors = sample.line_ids.mapped("surveyor_id")
        self.assertIn(self.surveyor, surveyors)
        self.assertIn(self.surveyor2, surveyors)
        counts = [
            len(sample.line_ids.filtered(lambda line, u=u: line.surveyor_id == u))
            for u in surveyors
        ]
        self.assertLessEqual(max(counts) - min(counts), 1)

    def test_sample_with_attempts_cannot_be_deleted(self):
        self._reports(10)
        sample = self.Sample.action_draw_sample()
        sample.line_ids[0].action_no_answer()
        with self.assertRaises(UserError):
            sample.unlink()

    def test_cron_is_defined(self):
        cron = self.env.ref("citizen_survey.ir_cron_citizen_survey_daily_sample")
        self.assertEqual(cron.interval_type, "days")
        self.assertEqual(cron.code.strip(), "model._cron_draw_daily()")
        self._reports(3)
        cron.method_direct_trigger()
        self.assertEqual(self.Sample.search([], limit=1, order="id desc").population_count, 3)

    def test_demo_sample_is_reproducible(self):
        sample = self.Sample.search([("seed", "=", "leon-demo-2026")], limit=1)
        if not sample:
            self.skipTest("demo data not loaded")
        sample.action_verify()
        self.assertEqual(sample.verification_state, "ok")
        self.assertTrue(sample.line_ids.filtered(lambda line: line.state == "done").user_input_id)
        self.assertIn("unreachable", sample.line_ids.mapped("state"))

    def test_demo_history_is_recent_and_daily(self):
        samples = self.Sample.search([("seed", "=like", "leon-demo-%")])
        if not samples:
            return  # demo data not loaded: nothing to check
        now = fields.Datetime.now()
        self.assertGreaterEqual(len(samples), 5, "one draw per working day")
        for sample in samples:
            self.assertEqual(sample.rate, 10.0)
            self.assertLess(sample.date, now)
            self.assertGreater(sample.date, now - timedelta(days=30))
            self.assertLessEqual(sample.drawn_count, max(1, -(-sample.population_count // 10)))
        # the demo reports of the survey were finished in the last weeks, not on install day
        ticket = self.env.ref("citizen_survey.ticket_t1")
        self.assertLess(ticket.create_date, now - timedelta(days=7))
        self.assertGreater(ticket.create_date, now - timedelta(days=30))
