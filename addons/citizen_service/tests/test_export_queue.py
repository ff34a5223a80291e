import io
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..wizards import citizen_report_export
from ..wizards.citizen_report_export import JOB_CHANNEL, QUEUE_THRESHOLD_PARAM
from .common_citizen_analysis import CitizenAnalysisCommon
from .common_queue import trap_jobs

try:
    import openpyxl
except ImportError:  # pragma: no cover
    openpyxl = None

LOGGER = "odoo.addons.citizen_service.wizards.citizen_report_export"


@tagged("post_install", "-at_install")
class TestCitizenExportQueue(CitizenAnalysisCommon):
    """Exports above the threshold are built by a queue job run as the user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reports = (
            cls._report(cls.petition_a)
            | cls._report(cls.petition_a2)
            | cls._report(cls.petition_b, street="Blvd. López Mateos 1020")
        )
        # any export of more than one report goes through the queue
        cls.env["ir.config_parameter"].sudo().set_param(QUEUE_THRESHOLD_PARAM, "1")

    def setUp(self):
        super().setUp()
        if openpyxl is None:  # pragma: no cover
            self.skipTest("openpyxl is not installed")

    def _wizard(self, user, **vals):
        ctx = {"active_model": "helpdesk.ticket", "active_ids": self.reports.ids}
        return self.env["citizen.report.export"].with_user(user).with_context(**ctx).create(vals)

    def _rows(self, export):
        book = openpyxl.load_workbook(io.BytesIO(export.sudo().attachment_id.raw), read_only=True)
        rows = list(book.active.iter_rows(values_only=True))
        return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]

    def _inbox(self, export, user):
        """Messages of the export that notify ``user``."""
        return self.env["mail.message"].search(
            [
                ("model", "=", "citizen.report.export"),
                ("res_id", "=", export.id),
                ("notification_ids.res_partner_id", "=", user.partner_id.id),
            ]
        )

    def test_big_export_is_queued_not_run_inline(self):
        wizard = self._wizard(self.coordinator)  # the selected reports
        with trap_jobs() as trap:
            action = wizard.action_export()
            trap.assert_jobs_count(1, only=wizard._citizen_export_job)
            job = trap.enqueued_jobs[0]
            self.assertEqual(job.channel, JOB_CHANNEL)
            # the user is told, in Spanish in the UI, that the file will arrive
            self.assertEqual(action["tag"], "display_notification")
            self.assertIn("3", action["params"]["message"])
            self.assertEqual(action["params"]["next"]["type"], "ir.actions.act_window_close")
            # nothing was built in the request
            self.assertEqual(wizard.state, "queued")
            self.assertFalse(wizard.attachment_id)
            # the job runs as the user who asked
            self.assertEqual(job.recordset.env.uid, self.coordinator.id)
            self.assertFalse(job.recordset.env.su)
            trap.perform_enqueued_jobs()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.row_count, 3)
        self.assertTrue(wizard.date_done)
        self.assertEqual(wizard.attachment_id.res_model, "citizen.report.export")
        self.assertEqual(wizard.attachment_id.res_id, wizard.id)
        rows = self._rows(wizard)
        self.assertEqual([r["Folio"] for r in rows], self.reports.sorted("id").mapped("number"))
        # the user gets a message with the download link
        message = self._inbox(wizard, self.coordinator)
        self.assertEqual(len(message), 1)
        self.assertIn(f"/web/content/{wizard.attachment_id.id}?download=true", message.body)
        # and downloads the file from the export
        action = wizard.with_user(self.coordinator).action_download()
        self.assertEqual(action["url"], f"/web/content/{wizard.attachment_id.id}?download=true")
        self.assertIn(
            wizard,
            self.env["citizen.report.export"]
            .with_user(self.coordinator)
            .search([("state", "!=", "draft")]),
        )

    def test_job_applies_the_record_rules_of_the_user(self):
        # official A only exports the reports of department A, even with "all reports"
        wizard = self._wizard(self.official_a, scope="filter", hide_citizen_data=True)
        with trap_jobs() as trap:
            wizard.action_export()
            trap.assert_jobs_count(1)
            trap.perform_enqueued_jobs()
        self.assertEqual(wizard.state, "done")
        rows = self._rows(wizard)
        self.assertEqual(len(rows), 2)
        self.assertEqual({r["Department"] for r in rows}, {"Test Alumbrado"})
        self.assertNotIn("Phone", rows[0])
        # another official neither sees the export nor reads its file
        other = self.env["citizen.report.export"].with_user(self.official_b)
        self.assertFalse(other.search([("id", "=", wizard.id)]))
        with self.assertRaises(AccessError):
            other.browse(wizard.id).attachment_id.read(["name"])
        with self.assertRaises(AccessError):
            self.env["ir.attachment"].with_user(self.official_b).browse(
                wizard.attachment_id.id
            ).read(["raw"])

    def test_user_cannot_export_as_someone_else(self):
        wizard = self._wizard(self.official_a, scope="filter", user_id=self.coordinator.id)
        self.assertEqual(wizard.user_id, self.official_a)
        with trap_jobs() as trap:
            wizard.action_export()
            self.assertEqual(trap.enqueued_jobs[0].recordset.env.uid, self.official_a.id)

    @mute_logger(LOGGER)
    def test_failure_is_shown_and_retried(self):
        wizard = self._wizard(self.official_a, scope="filter")
        with trap_jobs() as trap:
            wizard.action_export()
            with patch.object(
                citizen_report_export.CitizenReportExport,
                "_get_xlsx",
                side_effect=RuntimeError("disco lleno"),
            ):
                trap.perform_enqueued_jobs()
        self.assertEqual(wizard.state, "failed")
        self.assertIn("disco lleno", wizard.error)
        self.assertFalse(wizard.attachment_id)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "citizen.report.export"), ("res_id", "=", wizard.id)]
            )
        )
        message = self._inbox(wizard, self.official_a)
        self.assertEqual(len(message), 1)
        self.assertIn("disco lleno", message.body)
        # the user retries from the export: a new job, which now succeeds
        with trap_jobs() as trap:
            wizard.with_user(self.official_a).action_retry()
            self.assertEqual(wizard.state, "queued")
            self.assertFalse(wizard.error)
            trap.assert_jobs_count(1)
            trap.perform_enqueued_jobs()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(len(self._rows(wizard)), 2)

    def test_job_with_nothing_left_to_export_fails_cleanly(self):
        # the selected reports were there when asked, deleted before the job ran
        wizard = self._wizard(self.official_a)
        with trap_jobs() as trap:
            wizard.action_export()
            self.reports.unlink()
            trap.perform_enqueued_jobs()
        self.assertEqual(wizard.state, "failed")
        self.assertEqual(wizard.error, "There are no reports to export.")

    def test_small_export_stays_immediate(self):
        self.env["ir.config_parameter"].sudo().set_param(QUEUE_THRESHOLD_PARAM, "10")
        wizard = self._wizard(self.official_a, scope="filter")
        with trap_jobs() as trap:
            action = wizard.action_export()
            trap.assert_jobs_count(0)
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.row_count, 2)
        # a bad threshold falls back to the default
        self.env["ir.config_parameter"].sudo().set_param(QUEUE_THRESHOLD_PARAM, "muchos")
        self.assertEqual(
            self.env["citizen.report.export"]._queue_threshold(),
            citizen_report_export.QUEUE_THRESHOLD,
        )

    def test_job_function_and_channel(self):
        function = self.env.ref("citizen_service.job_function_citizen_report_export")
        self.assertEqual(function.channel_id.complete_name, JOB_CHANNEL)
        self.assertEqual(function.method, "_citizen_export_job")
