from datetime import date, datetime, timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common_citizen import CitizenCommon


@tagged("post_install", "-at_install")
class TestReport(CitizenCommon):
    def _created_at(self, reports, when):
        """Pretend ``reports`` were created at ``when`` (UTC) and recompute deadlines."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s WHERE id = ANY(%s)",
            [when, reports.ids],
        )
        reports.invalidate_recordset()
        self.env.add_to_compute(reports._fields["date_deadline"], reports)
        reports.flush_recordset()
        return reports

    # --- petitions and deadlines ---------------------------------------------
    def test_deadline_business_days_with_mexican_holiday(self):
        self.petition_lamp.deadline_days = 1
        report = self._report()
        # Friday 13 Nov 2026, noon in León; Monday 16 is Revolution Day
        self._created_at(report, datetime(2026, 11, 13, 18, 0))
        self.assertEqual(report.date_deadline, date(2026, 11, 17))
        # Friday night in León is already Saturday in UTC: still counts from Friday
        self._created_at(report, datetime(2026, 11, 14, 3, 30))
        self.assertEqual(report.date_deadline, date(2026, 11, 17))
        # an ordinary Friday: next Monday
        self._created_at(report, datetime(2026, 11, 6, 18, 0))
        self.assertEqual(report.date_deadline, date(2026, 11, 9))
        # Independence Day (Wednesday 16 Sep 2026) is skipped too
        self._created_at(report, datetime(2026, 9, 15, 17, 0))
        self.assertEqual(report.date_deadline, date(2026, 9, 17))
        # 5 business days over a weekend and the holiday
        self.petition_lamp.deadline_days = 5
        self.assertEqual(report.date_deadline, date(2026, 9, 23))

    def test_department_comes_from_petition(self):
        report = self._report(self.petition_leak)
        self.assertEqual(report.team_id, self.team_water)
        self.assertEqual(report.petition_code, "T-SAPAL-FUGA")
        self.assertIn("T-SAPAL-FUGA", self.petition_leak.display_name)

    def test_deadline_change_applies_at_once_to_open_reports(self):
        open_report, closed_report = self._report(), self._report()
        reports = self._created_at(open_report | closed_report, datetime(2026, 11, 2, 17, 0))
        self.assertEqual(open_report.date_deadline, date(2026, 11, 9))  # Monday + 5
        closed_report.write({"stage_id": self.stage_done.id, "response": "Atendido."})
        self.petition_lamp.write({"deadline_days": 10})
        self.assertEqual(open_report.date_deadline, date(2026, 11, 17))  # skips 16 Nov
        self.assertEqual(closed_report.date_deadline, date(2026, 11, 9))
        self.assertEqual(len(reports), 2)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.petition_lamp.write({"deadline_days": -1})

    def test_petition_extra_fields(self):
        self.petition_lamp.petition_properties_definition = [
            {"name": "pole_number", "string": "Número de poste", "type": "char"},
            {"name": "lamps_off", "string": "Lámparas apagadas", "type": "integer"},
        ]
        report = self._report(petition_properties={"pole_number": "P-1234", "lamps_off": 3})
        self.assertEqual(report.petition_properties["pole_number"], "P-1234")
        self.assertEqual(report.petition_properties["lamps_off"], 3)
        # another petition has its own (empty) form
        other = self._report(self.petition_leak)
        self.assertFalse(other.petition_properties)

    # --- folio ---------------------------------------------------------------
    def test_folio_from_sequence_unique(self):
        first, second = self._report(), self._report()
        self.assertTrue(first.number.isdigit())
        self.assertTrue(second.number.isdigit())
        self.assertNotEqual(first.number, second.number)
        self.assertEqual(int(second.number), int(first.number) + 1)
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count([("number", "=", first.number)]), 1
        )
        copied = first.copy()
        self.assertNotIn(copied.number, (first.number, second.number))

    # --- traffic light ------------------------------------------------------
    def test_traffic_light_compute_and_search(self):
        today = fields.Date.context_today(self.env.user)
        self.env["ir.config_parameter"].sudo().set_param("citizen_service.due_soon_days", "2")
        overdue = self._report(date_deadline=today - timedelta(days=1))
        soon = self._report(date_deadline=today + timedelta(days=1))
        on_time = self._report(date_deadline=today + timedelta(days=10))
        closed = self._report(date_deadline=today - timedelta(days=3))
        closed.write({"stage_id": self.stage_done.id, "response": "Listo."})
        self.assertEqual(overdue.traffic_light, "overdue")
        self.assertEqual(soon.traffic_light, "due_soon")
        self.assertEqual(on_time.traffic_light, "on_time")
        self.assertEqual(closed.traffic_light, "closed")
        mine = overdue | soon | on_time | closed
        Ticket = self.env["helpdesk.ticket"]

        def found(domain):
            return Ticket.search([("id", "in", mine.ids)] + domain)

        self.assertEqual(found([("traffic_light", "=", "overdue")]), overdue)
        self.assertEqual(found([("traffic_light", "=", "due_soon")]), soon)
        self.assertEqual(found([("traffic_light", "=", "on_time")]), on_time)
        self.assertEqual(found([("traffic_light", "=", "closed")]), closed)
        self.assertEqual(found([("traffic_light", "in", ["overdue", "due_soon"])]), overdue | soon)
        self.assertEqual(found([("traffic_light", "!=", "closed")]), overdue | soon | on_time)
        self.assertEqual(found([("traffic_light", "not in", ["overdue"])]), soon | on_time | closed)
        with self.assertRaises(ValidationError):
            found([("traffic_light", "ilike", "over")])

    # --- statuses -------------------------------------------------------------
    def test_status_flow_and_written_response(self):
        report = self._report()
        self.assertEqual(report.citizen_state, "captured")
        # Proceso starts with the department's first response: without it, it is asked for
        action = report.action_citizen_process()
        self.assertEqual(action["res_model"], "citizen.report.process")
        self.assertEqual(report.citizen_state, "captured")
        report.action_citizen_process(first_response="Se programó la cuadrilla.")
        self.assertEqual(report.citizen_state, "in_process")
        # finishing without the written response asks for it as well
        action = report.action_citizen_finish()
        self.assertEqual(action["context"]["default_target"], "finished")
        self.assertEqual(report.citizen_state, "in_process")
        with self.assertRaises(ValidationError) as err, self.cr.savepoint():
            report.write({"stage_id": self.stage_done.id})
        self.assertIn(report.number, str(err.exception))
        with self.assertRaises(ValidationError), self.cr.savepoint():
            report.write({"stage_id": self.stage_done.id, "response": "   "})
        self.assertEqual(report.citizen_state, "in_process")
        report.response = "Se reemplazó la lámpara."
        report.action_citizen_finish()
        self.assertEqual(report.citizen_state, "finished")
        self.assertTrue(report.closed)
        self.assertTrue(report.closed_date)

    def test_cancelled_and_not_viable_need_reason(self):
        report = self._report()
        for stage in (self.stage_cancelled, self.stage_not_viable):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                report.write({"stage_id": stage.id})
        report.write({"stage_id": self.stage_not_viable.id, "close_reason": "Propiedad privada."})
        self.assertEqual(report.citizen_state, "not_viable")
        other = self._report()
        other.write({"stage_id": self.stage_cancelled.id, "close_reason": "Duplicado."})
        self.assertEqual(other.citizen_state, "cancelled")

    # --- reassignment and co-attention ---------------------------------------
    def test_reassignment_history(self):
        report = self._report()
        self.assertFalse(report.reassigned)
        report.with_context(citizen_reassign_reason="Es fuga, no alumbrado").write(
            {"team_id": self.team_water.id, "category_id": self.petition_leak.id}
        )
        self.assertTrue(report.reassigned)
        self.assertEqual(len(report.reassignment_ids), 1)
        history = report.reassignment_ids
        self.assertEqual(history.from_team_id, self.team_light)
        self.assertEqual(history.to_team_id, self.team_water)
        self.assertEqual(history.from_category_id, self.petition_lamp)
        self.assertEqual(history.to_category_id, self.petition_leak)
        self.assertEqual(history.reason, "Es fuga, no alumbrado")
        # writing the same department again is not a reassignment
        report.write({"team_id": self.team_water.id})
        self.assertEqual(len(report.reassignment_ids), 1)

    def test_report_location(self):
        report = self._report(latitude=21.1221, longitude=-101.6824)
        self.assertEqual(report.colonia_id, self.colonia)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            report.latitude = 123.0
