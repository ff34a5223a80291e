from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import EnrollmentCase, coordinator_user, operator_user


@tagged("post_install", "-at_install")
class TestAccess(EnrollmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls.make_applicant(colonia_id=cls.col_a.id)
        cls.other = cls.make_applicant(colonia_id=cls.col_b.id, guardian_id=cls.guardian2.id)
        cls.run_assignment()
        cls.mine.action_grant_portal_access()
        cls.parent = cls.guardian.user_ids
        cls.staff = new_test_user(
            cls.env, login="se_staff", groups="school_enrollment.group_school_staff"
        )
        cls.school_a.user_ids = [Command.link(cls.staff.id)]
        cls.operator = operator_user(cls.env)
        cls.coordinator = coordinator_user(cls.env)

    def test_portal_user_created_with_rua(self):
        self.assertEqual(self.parent.login, self.mine.rua)
        self.assertTrue(self.parent._is_portal())
        self.assertTrue(self.mine.sudo().portal_password)
        # re-granting does not create a second user
        self.mine.action_grant_portal_access()
        self.assertEqual(len(self.guardian.user_ids), 1)

    def test_parent_sees_only_own_children(self):
        Applicant = self.env["school.enrollment.applicant"].with_user(self.parent)
        self.assertEqual(Applicant.search([("campaign_id", "=", self.campaign.id)]), self.mine)
        with self.assertRaises(AccessError):
            self.other.with_user(self.parent).read(["name"])
        with self.assertRaises(AccessError):
            self.mine.with_user(self.parent).write({"name": "Hack"})

    def test_staff_sees_own_school(self):
        Applicant = self.env["school.enrollment.applicant"].with_user(self.staff)
        self.assertEqual(Applicant.search([]), self.mine)
        School = self.env["school.enrollment.school"].with_user(self.staff)
        self.assertEqual(School.search([]), self.school_a)
        with self.assertRaises(AccessError):
            self.mine.with_user(self.staff).write({"name": "Other"})

    def test_operator_and_coordinator_see_all(self):
        for user in (self.operator, self.coordinator):
            found = (
                self.env["school.enrollment.applicant"]
                .with_user(user)
                .search([("campaign_id", "=", self.campaign.id)])
            )
            self.assertEqual(found, self.mine | self.other)
        with self.assertRaises(AccessError):
            self.env["school.enrollment.assignment.run"].with_user(self.operator)._execute(
                self.campaign
            )
        run = (
            self.env["school.enrollment.assignment.run"]
            .with_user(self.coordinator)
            ._execute(self.campaign, seed=2)
        )
        self.assertEqual(run.user_id, self.coordinator)

    def test_operator_files_change_request(self):
        req = (
            self.env["school.enrollment.change.request"]
            .with_user(self.operator)
            .create({"applicant_id": self.other.id, "reason": "siblings", "channel": "phone"})
        )
        req.message_post(body="Llamada de seguimiento")
        self.assertEqual(req.user_id, self.operator)
        self.assertEqual(self.other.state, "change")
