from odoo.addons.call_center.tests.common import CallCenterCommon
from odoo.addons.school_enrollment.tests.common import EnrollmentCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestCallChangeRequestLink(CallCenterCommon, EnrollmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_call_center()

    def test_call_links_change_request(self):
        applicant = self.make_applicant()
        request = self.env["school.enrollment.change.request"].create(
            {"applicant_id": applicant.id, "reason": "address", "channel": "phone"}
        )
        self.assertEqual(request.call_center_call_count, 0)
        call = self._call(outcome="enrollment", change_request_id=request.id)
        request.invalidate_recordset(["call_center_call_count"])
        self.assertEqual(request.call_center_call_count, 1)
        action = request.action_view_call_center_calls()
        self.assertEqual(self.env[action["res_model"]].search(action["domain"]), call)
        self.assertEqual(action["context"]["default_change_request_id"], request.id)
