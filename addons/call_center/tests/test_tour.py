from odoo.addons.citizen_service.tests.common_i18n import activate_es_mx
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCallCenterOperatorTour(HttpCase):
    def test_call_center_operator_tour(self):
        operator = self.env.ref("citizen_service.user_operator")
        activate_es_mx(self.env, operator)
        Call = self.env["call.center.call"]
        ringing = Call.search(
            [("operator_id", "=", operator.id), ("state", "=", "ringing")]
        ).filtered(lambda c: c.partner_id)
        self.assertGreaterEqual(len(ringing), 2, "the demo data has calls ringing now")
        martha = self.env.ref("call_center.partner_caller_1")
        rosa = self.env.ref("call_center.partner_caller_3")
        self.start_tour("/odoo", "call_center_operator", login="operador")
        first = Call.search([("partner_id", "=", martha.id), ("pbx_call_id", "=like", "ringing-%")])
        second = Call.search([("partner_id", "=", rosa.id), ("pbx_call_id", "=like", "ringing-%")])
        report = first.report_id
        self.assertTrue(report)
        self.assertEqual(report.channel_id, self.env.ref("citizen_service.channel_call_center_cat"))
        self.assertEqual(report.call_center_call_id, first)
        self.assertEqual(first.state, "in_progress")
        self.assertTrue(second.report_id)
        self.assertEqual(second.state, "in_progress")
        self.assertEqual(second.outcome, "report")
