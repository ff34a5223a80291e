from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import CallCenterCommon


@tagged("post_install", "-at_install")
class TestCallCenterSecurity(CallCenterCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_call_center()
        cls.own = cls._call(operator_id=cls.operator.id)
        cls.other = cls._call(operator_id=cls.operator2.id)
        cls.unassigned = cls._call(answered=False, operator_id=False)

    def test_operator_sees_own_and_unassigned_calls(self):
        calls = (
            self.env["call.center.call"]
            .with_user(self.operator)
            .search([("id", "in", (self.own | self.other | self.unassigned).ids)])
        )
        self.assertEqual(calls, self.own | self.unassigned)
        with self.assertRaises(AccessError):
            self.other.with_user(self.operator).write({"notes": "x"})
        self.own.with_user(self.operator).write({"notes": "Atendido"})
        with self.assertRaises(AccessError):
            self.own.with_user(self.operator).unlink()

    def test_coordinator_sees_all(self):
        calls = (
            self.env["call.center.call"]
            .with_user(self.coordinator)
            .search([("id", "in", (self.own | self.other | self.unassigned).ids)])
        )
        self.assertEqual(len(calls), 3)
        self.assertTrue(
            self.env["call.center.call.report"].with_user(self.coordinator).search_count([])
        )

    def test_operator_cannot_read_statistics_nor_pbx_token(self):
        with self.assertRaises(AccessError):
            self.env["call.center.call.report"].with_user(self.operator).search([])
        with self.assertRaises(AccessError):
            self.pbx.with_user(self.operator).read(["name"])
        with self.assertRaises(AccessError):
            self.env["call.center.reason"].with_user(self.operator).create({"name": "No"})

    def test_pbx_token_only_for_administrators(self):
        pbx = self.pbx.with_user(self.coordinator)
        self.assertEqual(pbx.name, "Test PBX")
        with self.assertRaises(AccessError):
            pbx.read(["token"])
        with self.assertRaises(AccessError):
            pbx.write({"name": "Otro"})
