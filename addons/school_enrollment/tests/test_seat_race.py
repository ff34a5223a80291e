import threading

from psycopg2 import errors

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

from ..models.school_enrollment_seat import take_seat_sql
from .common import EnrollmentCase


@tagged("post_install", "-at_install")
class TestSeatConditionalUpdate(EnrollmentCase):
    def test_last_seat_taken_once(self):
        Seat = self.env["school.enrollment.seat"]
        self.school_a.seat_ids.seats = 1
        self.assertTrue(Seat._take_seat(self.school_a.id, "pri1"))
        self.assertFalse(Seat._take_seat(self.school_a.id, "pri1"))
        self.assertEqual(self.school_a.seat_ids.seats_taken, 1)
        self.assertEqual(self.school_a.seat_ids.seats_free, 0)

    def test_portal_take_seat_moves_applicant(self):
        a = self.make_applicant(colonia_id=self.col_b.id)
        self.run_assignment()
        self.assertEqual(a.school_id, self.school_b)
        a._portal_take_seat(self.school_a)
        self.assertEqual(a.school_id, self.school_a)
        self.assertEqual(a.state, "accepted")
        self.assertEqual(a.assignment_criterion, "parent_choice")
        self.assertEqual(self.school_a.seat_ids.seats_taken, 1)
        self.assertEqual(self.school_b.seat_ids.seats_taken, 0)

    def test_portal_take_seat_full_school(self):
        self.school_a.seat_ids.seats = 1
        a = self.make_applicant(colonia_id=self.col_a.id)
        b = self.make_applicant(colonia_id=self.col_b.id)
        self.run_assignment()
        self.assertEqual(a.school_id, self.school_a)
        with self.assertRaisesRegex(UserError, "no seats left"):
            b._portal_take_seat(self.school_a)
        self.assertEqual(b.school_id, self.school_b)
        self.assertEqual(self.school_a.seat_ids.seats_taken, 1)

    def test_portal_take_seat_outside_campaign(self):
        a = self.make_applicant()
        self.campaign.write({"portal_date_start": "2000-01-01", "portal_date_end": "2000-01-31"})
        with self.assertRaisesRegex(UserError, "does not accept changes"):
            a._portal_take_seat(self.school_b)


@tagged("post_install", "-at_install")
class TestSeatRaceTwoCursors(BaseCase):
    """Two parents (two database transactions) race for the last seat."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            school = env["school.enrollment.school"].create(
                {
                    "cct": "11DPR9999Z",
                    "name": "Race school",
                    "level": "primary",
                    "seat_ids": [Command.create({"grade": "pri1", "seats": 1})],
                }
            )
            self.school_id = school.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["school.enrollment.school"].browse(self.school_id).unlink()

    def test_race_for_last_seat(self):
        results = []
        barrier = threading.Barrier(2)

        def parent():
            try:
                # plain cursors: api.Environment would wait for the registry
                # lock held by the test runner
                with self.registry.cursor() as cr:
                    barrier.wait(timeout=10)
                    ok = take_seat_sql(cr, self.school_id, "pri1")
                    if ok:
                        # hold the row lock a little so the other transaction waits on it
                        cr.execute("SELECT pg_sleep(0.3)")
                    results.append(ok)
            except errors.SerializationFailure:
                # the losing transaction is rolled back (and retried by the HTTP layer)
                results.append(False)
            except Exception as e:  # reported by the assertion below
                results.append(repr(e))

        threads = [threading.Thread(target=parent) for _i in range(2)]
        with mute_logger("odoo.sql_db"):  # the loser's serialization failure
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=30)
        self.assertEqual(sorted(results, key=str), [False, True])
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT seats_taken, seats_free FROM school_enrollment_seat WHERE school_id = %s",
                (self.school_id,),
            )
            self.assertEqual(cr.fetchone(), (1, 0))
            # a retry of the losing transaction finds no seat
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.assertFalse(env["school.enrollment.seat"]._take_seat(self.school_id, "pri1"))
            cr.rollback()
