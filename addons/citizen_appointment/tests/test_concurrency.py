import threading
from datetime import datetime, timedelta

import pytz
from psycopg2 import errors

from odoo import SUPERUSER_ID, Command, api
from odoo.api import Transaction
from odoo.exceptions import ValidationError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

TZ = pytz.timezone("America/Mexico_City")
# no e-mails: their post-commit sending would look the registry up from the threads
CTX = {
    "tz": "America/Mexico_City",
    "tracking_disable": True,
    "citizen_no_notify": True,
    "dont_notify": True,
}


@tagged("post_install", "-at_install")
class TestOneSlotOneBooking(BaseCase):
    """Two citizens (two database transactions) book the same desk at the same time."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, CTX)
            calendar = env["resource.calendar"].create(
                {
                    "name": "Race office hours",
                    "tz": "America/Mexico_City",
                    "attendance_ids": [Command.clear()]
                    + [
                        Command.create(
                            {
                                "name": str(d),
                                "dayofweek": str(d),
                                "hour_from": 0,
                                "hour_to": 24,
                                "day_period": "morning",
                            }
                        )
                        for d in range(7)
                    ],
                }
            )
            desk = env["resource.resource"].create(
                {"name": "Race desk", "calendar_id": calendar.id, "tz": "America/Mexico_City"}
            )
            combination = env["resource.booking.combination"].create(
                {"resource_ids": [Command.set(desk.ids)]}
            )
            office = env["citizen.office"].create({"name": "Race office"})
            btype = env["resource.booking.type"].create(
                {
                    "name": "Race appointment",
                    "office_id": office.id,
                    "resource_calendar_id": calendar.id,
                    "duration": 0.5,
                    "combination_rel_ids": [Command.create({"combination_id": combination.id})],
                }
            )
            partners = env["res.partner"].create([{"name": "Citizen A"}, {"name": "Citizen B"}])
            self.ids = {
                "calendar": calendar.id,
                "desk": desk.id,
                "combination": combination.id,
                "office": office.id,
                "type": btype.id,
                "partners": partners.ids,
            }
        # tomorrow 11:00 local, never a holiday: the race calendar has none
        day = datetime.now(TZ).date() + timedelta(days=2)
        self.start = (
            TZ.localize(datetime(day.year, day.month, day.day, 11, 0))
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
        )
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, CTX)
            bookings = (
                env["resource.booking"]
                .with_context(active_test=False)
                .search([("type_id", "=", self.ids["type"])])
            )
            bookings.meeting_id.with_context(active_test=False).unlink()
            bookings.unlink()
            env["resource.booking.type"].browse(self.ids["type"]).unlink()
            env["resource.booking.combination"].browse(self.ids["combination"]).unlink()
            env["resource.resource"].browse(self.ids["desk"]).unlink()
            env["resource.calendar"].browse(self.ids["calendar"]).unlink()
            env["citizen.office"].browse(self.ids["office"]).unlink()
            env["res.partner"].browse(self.ids["partners"]).unlink()

    def _book(self, cr, partner_id):
        # the server thread holds Registry._lock while it runs the post-install tests:
        # give the cursor its transaction so that api.Environment does not look the
        # registry up again (and wait for that lock) from this thread
        cr.transaction = Transaction(self.registry)
        env = api.Environment(cr, SUPERUSER_ID, CTX)
        booking = env["resource.booking"].create(
            {
                "type_id": self.ids["type"],
                "partner_ids": [Command.set([partner_id])],
                "start": self.start,
            }
        )
        booking.action_confirm()
        env.flush_all()
        cr.postcommit.clear()
        return booking.id

    def test_race_for_one_slot(self):
        results = []
        barrier = threading.Barrier(2)

        def citizen(partner_id):
            try:
                try:
                    with self.registry.cursor() as cr:
                        barrier.wait(timeout=10)
                        self._book(cr, partner_id)
                        # hold the lock a little so the other transaction waits on it
                        cr.execute("SELECT pg_sleep(0.5)")
                    results.append("booked")
                except errors.SerializationFailure:
                    # what Odoo's request retry does: run the transaction again
                    with self.registry.cursor() as cr:
                        self._book(cr, partner_id)
                    results.append("booked on retry")
            except ValidationError as e:
                results.append(("refused", str(e)))
            except Exception as e:  # reported by the assertion below
                results.append(("unexpected", repr(e)))

        threads = [threading.Thread(target=citizen, args=(pid,)) for pid in self.ids["partners"]]
        with mute_logger("odoo.sql_db"):
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=30)
        self.assertEqual(len(results), 2, results)
        booked = [r for r in results if r == "booked"]
        refused = [r for r in results if isinstance(r, tuple) and r[0] == "refused"]
        self.assertEqual(len(booked), 1, results)
        self.assertEqual(len(refused), 1, results)
        self.assertIn("Cannot schedule these bookings", refused[0][1])
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, CTX)
            bookings = env["resource.booking"].search(
                [("type_id", "=", self.ids["type"]), ("meeting_id", "!=", False)]
            )
            self.assertEqual(len(bookings), 1)
            self.assertEqual(bookings.start, self.start)
