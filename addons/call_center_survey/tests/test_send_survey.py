from odoo.addons.call_center.tests.common import CallCenterCommon
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCallSurvey(CallCenterCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_call_center()

    def test_send_survey_from_call(self):
        call = self._call(caller_number="4779001122")
        self.citizen.email = False
        with self.assertRaises(UserError):
            call.action_send_survey()
        self.citizen.email = "juana@example.com"
        report = self.env["helpdesk.ticket"].create(
            {"name": "Bache", "description": "Bache", "partner_id": self.citizen.id}
        )
        call.report_id = report
        self.assertTrue(call.with_user(self.operator).action_send_survey())
        user_input = self.env["survey.user_input"].search(
            [("citizen_res_model", "=", "call.center.call"), ("citizen_res_id", "=", call.id)]
        )
        self.assertEqual(len(user_input), 1)
        self.assertEqual(user_input.citizen_ticket_id, report)
        self.assertEqual(user_input.citizen_operator_id, call.operator_id)
        self.assertIn("juana@example.com", call.message_ids[0].body)
        # a second click does not send a second survey for the same call
        call.action_send_survey()
        self.assertEqual(
            self.env["survey.user_input"].search_count(
                [("citizen_res_model", "=", "call.center.call"), ("citizen_res_id", "=", call.id)]
            ),
            1,
        )
