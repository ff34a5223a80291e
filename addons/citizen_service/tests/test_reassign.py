from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_citizen_analysis import CitizenAnalysisCommon


@tagged("post_install", "-at_install")
class TestCitizenReassign(CitizenAnalysisCommon):
    def _wizard(self, user, tickets, **vals):
        Wizard = self.env["citizen.report.reassign"].with_user(user)
        ctx = {"active_model": "helpdesk.ticket", "active_ids": tickets.ids}
        return Wizard.with_context(**ctx).create(vals)

    def test_reassign_records_history(self):
        report = self._report(self.petition_a)
        report.user_id = self.official_a
        self.assertEqual(report.team_id, self.team_a)
        wizard = self._wizard(
            self.coordinator,
            report,
            team_id=self.team_b.id,
            category_id=self.petition_b.id,
            reason="La basura es competencia de Aseo",
        )
        self.assertEqual(wizard.ticket_ids, report)
        wizard.action_apply()
        self.assertEqual(report.team_id, self.team_b)
        self.assertEqual(report.category_id, self.petition_b)
        self.assertFalse(report.user_id)
        self.assertTrue(report.reassigned)
        history = report.reassignment_ids
        self.assertEqual(len(history), 1)
        self.assertEqual(history.user_id, self.coordinator)
        self.assertTrue(history.date)
        self.assertEqual(history.from_team_id, self.team_a)
        self.assertEqual(history.to_team_id, self.team_b)
        self.assertEqual(history.from_category_id, self.petition_a)
        self.assertEqual(history.to_category_id, self.petition_b)
        self.assertEqual(history.reason, "La basura es competencia de Aseo")
        message = report.message_ids.filtered(
            lambda m: "La basura es competencia" in (m.body or "")
        )
        self.assertTrue(message)
        # the "reassigned" filter of the lists finds it
        Ticket = self.env["helpdesk.ticket"]
        self.assertIn(report, Ticket.search([("reassigned", "=", True)]))

    def test_reassign_requires_reason_and_department(self):
        report = self._report(self.petition_a)
        with self.assertRaises(UserError):
            self._wizard(self.coordinator, report, team_id=self.team_b.id).action_apply()
        with self.assertRaises(UserError):
            self._wizard(self.coordinator, report, reason="x").action_apply()
        with self.assertRaises(UserError):
            # petition of another department
            self._wizard(
                self.coordinator,
                report,
                team_id=self.team_b.id,
                category_id=self.petition_c.id,
                reason="x",
            ).action_apply()
        with self.assertRaises(UserError):
            self._wizard(
                self.coordinator, report, team_id=self.team_a.id, reason="x"
            ).action_apply()
        self.assertFalse(report.reassigned)
        self.assertFalse(report.reassignment_ids)

    def test_official_reassigns_away(self):
        report = self._report(self.petition_a)
        wizard = self._wizard(
            self.official_a, report, team_id=self.team_c.id, reason="Es una fuga de agua"
        )
        action = wizard.action_apply()
        # the official no longer sees the report: back to the list of reports
        self.assertEqual(action.get("res_model"), "helpdesk.ticket")
        self.assertEqual(report.team_id, self.team_c)
        self.assertEqual(report.reassignment_ids.user_id, self.official_a)
        Ticket = self.env["helpdesk.ticket"]
        self.assertFalse(Ticket.with_user(self.official_a).search([("id", "=", report.id)]))
        self.assertTrue(Ticket.with_user(self.official_c).search([("id", "=", report.id)]))

    def test_share_coattention_actions(self):
        report = self._report(self.petition_a)
        Ticket = self.env["helpdesk.ticket"]
        self.assertFalse(Ticket.with_user(self.official_b).search([("id", "=", report.id)]))
        wizard = self._wizard(
            self.official_a,
            report,
            mode="share",
            coattention_team_ids=[self.team_b.id],
            reason="Hay basura acumulada junto a la luminaria",
        )
        self.assertEqual(wizard.action_apply()["type"], "ir.actions.act_window_close")
        self.assertEqual(report.coattention_team_ids, self.team_b)
        self.assertFalse(report.reassigned)
        self.assertIn("Test Aseo", report.message_ids[0].body)
        # the co-attending official sees the report and records his own action
        self.assertEqual(Ticket.with_user(self.official_b).search([("id", "=", report.id)]), report)
        Action = self.env["citizen.report.action"].with_user(self.official_b)
        action = Action.create(
            {"ticket_id": report.id, "description": "Se retiró la basura", "is_public": True}
        )
        self.assertEqual(action.team_id, self.team_b)
        self.assertEqual(action.user_id, self.official_b)
        # ... also from the report form (one2many on the report)
        report.with_user(self.official_b).write(
            {
                "action_ids": [
                    Command.create({"description": "Segunda visita", "team_id": self.team_b.id})
                ]
            }
        )
        self.assertEqual(len(report.action_ids), 2)
        # the owner department sees the actions of the co-attending one
        self.assertEqual(
            len(
                self.env["citizen.report.action"]
                .with_user(self.official_a)
                .search([("ticket_id", "=", report.id)])
            ),
            2,
        )
        # a department not involved neither sees the report nor records actions on it
        self.assertFalse(Ticket.with_user(self.official_c).search([("id", "=", report.id)]))
        with self.assertRaises(AccessError):
            self.env["citizen.report.action"].with_user(self.official_c).create(
                {"ticket_id": report.id, "description": "No me corresponde"}
            )

    def test_share_requires_departments(self):
        report = self._report(self.petition_a)
        with self.assertRaises(UserError):
            self._wizard(self.coordinator, report, mode="share").action_apply()

    def test_form_buttons(self):
        arch = self.env["helpdesk.ticket"].get_view(
            self.env.ref("helpdesk_mgmt.ticket_view_form").id, "form"
        )["arch"]
        action = self.env.ref("citizen_service.action_citizen_report_reassign")
        self.assertIn(f'name="{action.id}"', arch)
        self.assertIn("Share with departments", arch)
