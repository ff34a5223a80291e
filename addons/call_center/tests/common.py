from datetime import datetime, timedelta

from odoo.tests import new_test_user


class CallCenterCommon:
    @classmethod
    def _setup_call_center(cls):
        env = cls.env
        cls.pbx = env["call.center.pbx"].create(
            {"name": "Test PBX", "token": "test-token-0123456789abcdef"}
        )
        cls.line = env["call.center.line"].create(
            {"name": "Test line 1", "code": "T1", "pbx_id": cls.pbx.id, "service_level_seconds": 20}
        )
        cls.line2 = env["call.center.line"].create(
            {"name": "Test line 2", "code": "T2", "pbx_id": cls.pbx.id, "service_level_seconds": 30}
        )
        cls.pbx.default_line_id = cls.line
        cls.operator = new_test_user(
            env,
            login="cc_op1",
            name="Operadora Uno",
            groups="base.group_user,citizen_service.group_citizen_operator",
            email="cc_op1@example.com",
        )
        cls.operator.call_center_extension = "9301"
        cls.operator2 = new_test_user(
            env,
            login="cc_op2",
            name="Operador Dos",
            groups="base.group_user,citizen_service.group_citizen_operator",
            email="cc_op2@example.com",
        )
        cls.coordinator = new_test_user(
            env,
            login="cc_coord",
            name="Coordinadora",
            groups="base.group_user,citizen_service.group_citizen_coordinator",
            email="cc_coord@example.com",
        )
        cls.citizen = env["res.partner"].create(
            {"name": "Juana Pérez Ruiz", "phone": "477 900 1122", "is_citizen": True}
        )
        cls.reason = env["call.center.reason"].create({"name": "Test reason", "code": "T-R"})
        cls.t0 = datetime(2022, 1, 10, 16, 0, 0)  # 10:00 in León (UTC-6)

    @classmethod
    def _call(cls, wait=10, talk=120, answered=True, **kw):
        vals = {
            "line_id": cls.line.id,
            "caller_number": "4779990000",
            "operator_id": cls.operator.id,
            "date_start": cls.t0,
            "date_answer": cls.t0 + timedelta(seconds=wait) if answered else False,
            "date_end": cls.t0 + timedelta(seconds=wait + (talk if answered else 0)),
        }
        vals.update(kw)
        return cls.env["call.center.call"].create(vals)


def dt(*args):
    return datetime(*args)
