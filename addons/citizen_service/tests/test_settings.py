from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common_citizen_analysis import CitizenAnalysisCommon


@tagged("post_install", "-at_install")
class TestCitizenSettings(CitizenAnalysisCommon):
    def test_settings_due_soon_and_calendar(self):
        calendar = self.env["resource.calendar"].create({"name": "Calendario de prueba"})
        settings = self.env["res.config.settings"].create(
            {"citizen_due_soon_days": 5, "citizen_calendar_id": calendar.id}
        )
        settings.execute()
        param = self.env["ir.config_parameter"].sudo().get_param("citizen_service.due_soon_days")
        self.assertEqual(param, "5")
        self.assertEqual(self.env.company.citizen_calendar_id, calendar)
        self.assertEqual(self.env["res.config.settings"].create({}).citizen_due_soon_days, 5)

        report = self._report(self.petition_a)
        report.date_deadline = fields.Date.context_today(report) + timedelta(days=4)
        report.invalidate_recordset(["traffic_light"])
        self.assertEqual(report.traffic_light, "due_soon")
        self.env["res.config.settings"].create({"citizen_due_soon_days": 2}).execute()
        report.invalidate_recordset(["traffic_light"])
        self.assertEqual(report.traffic_light, "on_time")

    def test_settings_negative_days(self):
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"citizen_due_soon_days": -1})

    def test_settings_view(self):
        arch = self.env["res.config.settings"].get_view(
            self.env.ref("base.res_config_settings_view_form").id, "form"
        )["arch"]
        self.assertIn('name="citizen_service"', arch)
        self.assertIn("citizen_due_soon_days", arch)
        action = self.env.ref("citizen_service.action_citizen_service_settings")
        self.assertEqual(action.context, "{'module': 'citizen_service', 'bin_size': False}")
