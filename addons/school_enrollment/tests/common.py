from datetime import timedelta

from odoo import Command, fields
from odoo.addons.citizen_service.tools import curp as curp_lib
from odoo.tests import TransactionCase, new_test_user


def make_curp(n, grade="pri1"):
    """A valid CURP, unique per ``n``."""
    first = "GOMC1503%02dHGTNRR%s" % (1 + n % 28, "ABCDEFGHIJKLMNPQRSTUVWXYZ"[n // 28 % 25])
    return first + curp_lib.check_digit(first)


class EnrollmentCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        today = fields.Date.today()
        cls.campaign = cls.env["school.enrollment.campaign"].create(
            {
                "name": "Test campaign",
                "date_start": today - timedelta(days=10),
                "date_end": today + timedelta(days=60),
                "portal_date_start": today - timedelta(days=5),
                "portal_date_end": today + timedelta(days=30),
                "phone_date_start": today - timedelta(days=5),
                "phone_date_end": today + timedelta(days=30),
            }
        )
        # only the schools of the test take part (demo schools are archived)
        cls.env["school.enrollment.school"].search([]).write({"active": False})
        Colonia = cls.env["citizen.colonia"]
        cls.col_a = Colonia.create(
            {"name": "Test Colonia A", "zip": "37999", "latitude": 21.12, "longitude": -101.68}
        )
        cls.col_b = Colonia.create(
            {"name": "Test Colonia B", "zip": "37998", "latitude": 21.16, "longitude": -101.70}
        )
        School = cls.env["school.enrollment.school"]
        cls.school_a = School.create(
            {
                "cct": "11DPR9001A",
                "name": "Primaria Test A",
                "level": "primary",
                "colonia_id": cls.col_a.id,
                "latitude": 21.121,
                "longitude": -101.681,
                "influence_colonia_ids": [Command.set(cls.col_a.ids)],
                "seat_ids": [Command.create({"grade": "pri1", "seats": 2})],
            }
        )
        cls.school_b = School.create(
            {
                "cct": "11DPR9002B",
                "name": "Primaria Test B",
                "level": "primary",
                "colonia_id": cls.col_b.id,
                "latitude": 21.161,
                "longitude": -101.701,
                "influence_colonia_ids": [Command.set(cls.col_b.ids)],
                "seat_ids": [Command.create({"grade": "pri1", "seats": 3})],
            }
        )
        cls.school_c = School.create(
            {
                "cct": "11DPR9003C",
                "name": "Primaria Test C",
                "level": "primary",
                "colonia_id": cls.col_b.id,
                "latitude": 21.30,
                "longitude": -101.90,
                "seat_ids": [Command.create({"grade": "pri1", "seats": 4})],
            }
        )
        cls.guardian = cls.env["res.partner"].create({"name": "Guadalupe Hernández Test"})
        cls.guardian2 = cls.env["res.partner"].create({"name": "José López Test"})
        cls.n = 0

    @classmethod
    def make_applicant(cls, **vals):
        cls.n += 1
        data = {
            "campaign_id": cls.campaign.id,
            "name": f"Niño Test {cls.n}",
            "curp": make_curp(cls.n),
            "grade": "pri1",
            "guardian_id": cls.guardian.id,
            "colonia_id": cls.col_a.id,
        }
        data.update(vals)
        return cls.env["school.enrollment.applicant"].create(data)

    @classmethod
    def run_assignment(cls, seed=1):
        return cls.env["school.enrollment.assignment.run"]._execute(
            cls.campaign, "initial", seed=seed
        )


def operator_user(env, login="se_operator"):
    return new_test_user(
        env, login=login, groups="base.group_user,citizen_service.group_citizen_operator"
    )


def coordinator_user(env, login="se_coordinator"):
    return new_test_user(
        env, login=login, groups="base.group_user,citizen_service.group_citizen_coordinator"
    )
