from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .common import CallCenterCommon


@tagged("post_install", "-at_install")
class TestCallLog(CallCenterCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_call_center()

    def test_number_normalised_and_citizen_found(self):
        call = self._call(caller_number="(477) 900-1122")
        self.assertEqual(call.caller_number, "+524779001122")
        self.assertEqual(call.partner_id, self.citizen)

    def test_invalid_number_rejected_in_ui(self):
        with self.assertRaises(ValidationError):
            self._call(caller_number="12")

    def test_times_state_and_dimensions(self):
        call = self._call(wait=15, talk=300)
        self.assertEqual(call.wait_time, 15)
        self.assertEqual(call.duration, 300)
        self.assertEqual(call.state, "done")
        self.assertTrue(call.answered)
        self.assertTrue(call.answered_in_sl)
        self.assertEqual(call.hour_of_day, 10)
        self.assertEqual(call.day_of_week, "0")  # Monday
        self.assertEqual(str(call.date_local), "2022-01-10")
        slow = self._call(wait=25)
        self.assertFalse(slow.answered_in_sl)
        # threshold is configurable per line (30 s on line 2)
        self.assertTrue(self._call(wait=25, line_id=self.line2.id).answered_in_sl)

    def test_unanswered_call_goes_to_callback_queue(self):
        call = self._call(answered=False, wait=40, operator_id=False)
        self.assertEqual(call.state, "missed")
        self.assertTrue(call.abandoned)
        self.assertEqual(call.outcome, "abandoned")
        self.assertEqual(call.wait_time, 40)
        self.assertEqual(call.callback_state, "pending")
        queue = self.env["call.center.call"].search([("callback_state", "=", "pending")])
        self.assertIn(call, queue)
        call.with_user(self.operator).action_callback_done()
        self.assertEqual(call.callback_state, "done")
        self.assertEqual(call.callback_user_id, self.operator)
        self.assertTrue(call.callback_date)
        with self.assertRaises(UserError):
            call.action_callback_done()

    def test_callback_outcome_and_fcr(self):
        call = self._call(outcome="callback")
        self.assertEqual(call.callback_state, "pending")
        call.outcome = "resolved"
        self.assertFalse(call.callback_state)
        self.assertTrue(call.first_contact_resolution)

    def test_derived_needs_department(self):
        with self.assertRaises(ValidationError):
            self._call(outcome="derived")
        team = self.env["helpdesk.ticket.team"].create({"name": "Dirección de prueba"})
        self.assertEqual(self._call(outcome="derived", team_id=team.id).team_id, team)

    def test_answer_after_end_rejected(self):
        with self.assertRaises(ValidationError):
            self._call(date_end=self.t0, date_answer=self.t0 + timedelta(seconds=5))

    def test_quick_log_form(self):
        action = self.env.ref("call_center.action_call_center_call_quick")
        self.assertEqual(action.target, "new")
        form = Form(
            self.env["call.center.call"].with_user(self.operator),
            view="call_center.call_center_call_view_form_quick",
        )
        form.caller_number = "477 900 1122"
        self.assertEqual(form.partner_id, self.citizen)
        form.reason_id = self.reason
        form.outcome = "resolved"
        call = form.save()
        call.action_log_done()
        self.assertEqual(call.operator_id, self.operator)
        self.assertEqual(call.state, "done")
        self.assertEqual(call.caller_number, "+524779001122")

    def test_create_report_button(self):
        category = self.env["helpdesk.ticket.category"].create({"name": "Bache de prueba"})
        self.reason.category_id = category
        call = self._call(caller_number="4779001122", reason_id=self.reason.id, notes="Bache")
        self.assertEqual(call.category_id, category)
        action = call.action_create_report()
        self.assertEqual(action["res_model"], "helpdesk.ticket")
        ctx = action["context"]
        self.assertEqual(ctx["default_partner_id"], self.citizen.id)
        self.assertEqual(ctx["default_category_id"], category.id)
        self.assertEqual(
            ctx.get("default_channel_id"),
            self.env.ref("citizen_service.channel_call_center_cat").id,
        )
        ticket = self.env["helpdesk.ticket"].with_context(**ctx).create({"description": "Bache"})
        self.assertEqual(ticket.partner_id, self.citizen)
        self.assertEqual(ticket.channel_id.name, "Centro de Atención Telefónica")
        self.assertEqual(call.report_id, ticket)
        self.assertEqual(ticket.call_center_call_id, call)
        self.assertEqual(ticket.call_center_call_count, 1)
        self.assertEqual(call.outcome, "report")
        with self.assertRaises(UserError):
            call.action_create_report()

    def _ringing_call(self, **kw):
        vals = {
            "line_id": self.line.id,
            "caller_number": "4779001122",
            "operator_id": self.operator.id,
            "date_start": fields.Datetime.now() - timedelta(seconds=30),
        }
        vals.update(kw)
        call = self.env["call.center.call"].create(vals)
        self.assertEqual(call.state, "ringing")
        return call

    def test_create_report_from_ringing_call_ends_ringing(self):
        call = self._ringing_call().with_user(self.operator)
        action = call.action_create_report()
        # the operator is attending the call: it no longer rings
        self.assertEqual(call.state, "in_progress")
        self.assertTrue(call.date_answer)
        self.assertEqual(call.wait_time, (call.date_answer - call.date_start).seconds)
        Ticket = self.env["helpdesk.ticket"].with_user(self.operator)
        ticket = Ticket.with_context(**action["context"]).create({"description": "Lámpara"})
        self.assertEqual(ticket.channel_id, self.env.ref("citizen_service.channel_call_center_cat"))
        self.assertEqual(call.report_id, ticket)
        self.assertEqual(ticket.call_center_call_id, call)
        self.assertEqual(call.outcome, "report")
        view = ticket.action_view_call_center_calls()
        self.assertEqual(view["res_id"], call.id)

    def test_report_created_with_origin_call_ends_ringing(self):
        call = self._ringing_call()
        self.env["helpdesk.ticket"].create(
            {"name": "Fuga", "description": "Fuga", "call_center_call_id": call.id}
        )
        self.assertEqual(call.state, "in_progress")
        self.assertEqual(call.outcome, "report")

    def test_link_call_to_existing_report(self):
        first = self._ringing_call()
        report = self.env["helpdesk.ticket"].create(
            {"name": "Bache", "description": "Bache", "call_center_call_id": first.id}
        )
        again = self._ringing_call(line_id=self.line2.id).with_user(self.operator)
        action = again.action_link_report()
        self.assertEqual(action["res_model"], "call.center.link.report.wizard")
        wizard = (
            self.env["call.center.link.report.wizard"]
            .with_user(self.operator)
            .with_context(**action["context"])
            .create({"report_id": report.id})
        )
        self.assertEqual(wizard.partner_id, self.citizen)
        wizard.action_link()
        self.assertEqual(again.report_id, report)
        self.assertEqual(again.outcome, "report")
        self.assertEqual(again.state, "in_progress")
        # the report keeps its origin call and shows both calls
        self.assertEqual(report.call_center_call_id, first)
        self.assertEqual(report.call_center_call_ids, first | again)
        self.assertEqual(report.call_center_call_count, 2)
        self.assertIn("linked to this report", report.message_ids[:1].body)
        with self.assertRaises(UserError):
            again.action_link_report()
        other = self.env["helpdesk.ticket"].create({"name": "Otro", "description": "Otro"})
        with self.assertRaises(UserError):
            again._link_report(other)

    def test_link_report_sets_origin_when_missing(self):
        report = self.env["helpdesk.ticket"].create({"name": "Poda", "description": "Poda"})
        call = self._ringing_call()
        call._link_report(report)
        self.assertEqual(report.call_center_call_id, call)
        self.assertEqual(call.report_id, report)

    def test_protocol_for_reason_and_petition(self):
        office = self.env["citizen.office"].create({"name": "Oficina de prueba"})
        category = self.env["helpdesk.ticket.category"].create({"name": "Petición protocolo"})
        by_reason = self.env["call.center.protocol"].create(
            {
                "name": "Por motivo",
                "script": "<p>Guion A</p>",
                "reason_ids": [Command.set(self.reason.ids)],
                "office_ids": [Command.set(office.ids)],
            }
        )
        by_category = self.env["call.center.protocol"].create(
            {
                "name": "Por petición",
                "script": "<p>Guion B</p>",
                "category_ids": [Command.set(category.ids)],
            }
        )
        call = self._call(reason_id=self.reason.id)
        self.assertEqual(call.protocol_id, by_reason)
        self.assertIn("Guion A", call.protocol_script)
        self.assertEqual(call.protocol_office_ids, office)
        call.category_id = category
        self.assertEqual(call.protocol_id, by_category)

    def test_click2dial_logs_outbound_call(self):
        res = self.env["phone.common"].with_user(self.operator).click2dial("+524779001122")
        call = self.env["call.center.call"].browse(res["call_center_call_id"])
        self.assertEqual(call.direction, "outbound")
        self.assertEqual(call.operator_id, self.operator)
        self.assertEqual(call.partner_id, self.citizen)
        self.assertFalse(call.abandoned)

    def test_partner_smart_button(self):
        self._call(caller_number="4779001122")
        partner = self.citizen.with_user(self.operator)
        self.assertEqual(partner.call_center_call_count, 1)
        action = partner.action_open_call_center_calls()
        self.assertEqual(action["domain"], [("partner_id", "=", self.citizen.id)])

    def test_screen_pop_service_in_backend_assets(self):
        files = self.env["ir.asset"]._get_asset_paths("web.assets_backend", {})
        self.assertTrue(
            any("call_center/static/src/js/call_center_service.js" in f[0] for f in files)
        )
