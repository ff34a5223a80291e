from datetime import timedelta
from unittest.mock import patch

import pytz

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import TZ, AppointmentCase


@tagged("post_install", "-at_install")
class TestAppointment(AppointmentCase):
    def test_official_holidays_are_copied_into_office_hours(self):
        source = self.env.company._citizen_calendar()
        holidays = self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", source.id), ("resource_id", "=", False)]
        )
        self.assertTrue(holidays, "citizen_service ships the official holidays")
        copies = self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", self.calendar.id)]
        )
        self.assertEqual(copies.citizen_holiday_source_id, holidays)
        # a holiday added later to the citizen service calendar reaches the office
        new = self.env["resource.calendar.leaves"].create(
            {
                "name": "Día de la Candelaria (local)",
                "calendar_id": source.id,
                "date_from": "2031-02-02 06:00:00",
                "date_to": "2031-02-03 05:59:59",
            }
        )
        copy = self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", self.calendar.id), ("citizen_holiday_source_id", "=", new.id)]
        )
        self.assertEqual(copy.date_from, new.date_from)
        new.unlink()
        self.assertFalse(copy.exists())

    def test_no_slot_on_an_official_holiday(self):
        holiday = self.env["resource.calendar.leaves"].search(
            [
                ("calendar_id", "=", self.calendar.id),
                ("date_from", ">", fields.Datetime.now() + timedelta(days=1)),
            ],
            order="date_from",
            limit=1,
        )
        holiday_date = pytz.utc.localize(holiday.date_from).astimezone(TZ).date()
        day_before = TZ.localize(fields.Datetime.to_datetime(holiday_date - timedelta(days=1)))
        slots = self.btype._citizen_next_slots(limit=96, start=day_before, days=3)
        self.assertTrue(slots)
        # (a 24-hour test calendar leaves the holiday's last second, 23:59:59, open)
        self.assertNotIn(holiday_date, {slot.date() for slot in slots if slot.hour < 23})
        self.assertIn(holiday_date + timedelta(days=1), {slot.date() for slot in slots})

    def test_next_available_slot_skips_taken_ones(self):
        first = self.btype._citizen_next_slots(limit=1)[0]
        now = fields.Datetime.context_timestamp(self.btype, fields.Datetime.now())
        self.assertGreaterEqual(first, now + timedelta(hours=1), "modification deadline kept")
        booking = self.book(first.astimezone(pytz.utc).replace(tzinfo=None))
        booking.action_confirm()
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(booking.combination_id, self.combination)
        second = self.btype._citizen_next_slots(limit=1)[0]
        self.assertEqual(second, first + timedelta(minutes=30))
        self.assertTrue(self.btype.citizen_next_slot)

    def test_two_bookings_on_one_slot_refused(self):
        start = self.future_slot()
        self.book(start).action_confirm()
        with self.assertRaisesRegex(ValidationError, "Cannot schedule these bookings"):
            self.book(start, partner=self.env["res.partner"].create({"name": "Otro"}))

    def test_a_citizen_holds_one_appointment_at_a_time(self):
        start = self.future_slot()
        first = self.book(start)
        desk2 = self.env["resource.resource"].create(
            {"name": "Ventanilla 2", "calendar_id": self.calendar.id, "tz": "America/Mexico_City"}
        )
        combination2 = self.env["resource.booking.combination"].create(
            {"resource_ids": [Command.set(desk2.ids)]}
        )
        self.btype.combination_rel_ids = [Command.create({"combination_id": combination2.id})]
        with (
            self.assertRaisesRegex(ValidationError, "already has appointment"),
            self.env.cr.savepoint(),
        ):
            self.book(start + timedelta(minutes=15))
        self.env.invalidate_all()
        # once cancelled, the time is free for the citizen again
        first.action_cancel()
        self.assertTrue(self.book(start).meeting_id)

    def test_lead_bucket_and_statistics(self):
        tomorrow = self.future_slot(days=1)
        later = self.future_slot(days=6)
        b1 = self.book(tomorrow)
        b2 = self.book(later)
        self.assertEqual(
            b1.citizen_lead_bucket, "next_day" if b1.citizen_lead_days == 1 else "later"
        )
        self.assertEqual(b2.citizen_lead_bucket, "later")
        self.assertGreaterEqual(b2.citizen_lead_days, 6)
        # the citizen chose the slot the same day
        b2.citizen_scheduled_on = b2.start - timedelta(hours=2)
        self.assertEqual(b2.citizen_lead_bucket, "same_day")
        b2.citizen_attendance = "no_show"
        groups = self.env["resource.booking"]._read_group(
            [("office_id", "=", self.office.id)],
            ["office_id", "citizen_lead_bucket"],
            ["__count", "citizen_no_show_count:sum"],
        )
        stats = {bucket: (count, no_show) for _office, bucket, count, no_show in groups}
        self.assertEqual(stats["same_day"], (1, 1))

    def test_confirmation_move_and_cancel_notify_by_email(self):
        booking = self.book(self.future_slot())
        self.assertEqual(booking.citizen_notify_method, "email")
        booking.action_confirm()
        notes = booking.citizen_notification_ids
        self.assertEqual(len(notes), 1)
        self.assertEqual(notes.channel, "email")
        self.assertIn(booking.citizen_folio, notes.mail_id.subject)
        self.assertIn("confirmed", notes.mail_id.subject)
        self.assertTrue(notes.mail_id.attachment_ids, "PDF confirmation attached")
        # confirming again without moving sends nothing
        booking.action_confirm()
        self.assertEqual(len(booking.citizen_notification_ids), 1)
        # moving the appointment sends a new confirmation
        booking.start = self.future_slot(days=4)
        booking.action_confirm()
        self.assertEqual(len(booking.citizen_notification_ids), 2)
        booking.action_cancel()
        self.assertEqual(len(booking.citizen_notification_ids), 3)
        self.assertIn("cancelled", booking.citizen_notification_ids[0].mail_id.subject)
        self.assertFalse(booking.active)

    def test_sms_when_the_citizen_has_no_email(self):
        caller = self.env["res.partner"].create(
            {"name": "Juan Pérez López", "phone": "477 555 1212", "is_citizen": True}
        )
        booking = self.book(self.future_slot(), partner=caller)
        self.assertEqual(booking.citizen_notify_method, "sms")
        booking.action_confirm()
        note = booking.citizen_notification_ids
        self.assertEqual(note.channel, "sms")
        self.assertEqual(note.state, "logged")
        self.assertIn(booking.citizen_folio, note.body)
        self.assertIn("confirmed", note.body)

    def test_reminders_day_before_and_hour_before(self):
        now = fields.Datetime.now()
        soon = self.book(now.replace(second=0, microsecond=0) + timedelta(minutes=50))
        tomorrow = self.book(now.replace(second=0, microsecond=0) + timedelta(hours=20))
        fresh = self.book(now.replace(second=0, microsecond=0) + timedelta(hours=22))
        (soon | tomorrow | fresh).action_confirm()
        # soon and tomorrow were booked days ago; fresh has just been booked
        (soon | tomorrow).write({"citizen_scheduled_on": now - timedelta(days=3)})
        before = {b: len(b.citizen_notification_ids) for b in soon | tomorrow | fresh}
        self.env["resource.booking"]._cron_citizen_reminders()
        self.assertEqual(len(soon.citizen_notification_ids), before[soon] + 1)
        self.assertEqual(len(tomorrow.citizen_notification_ids), before[tomorrow] + 1)
        self.assertEqual(len(fresh.citizen_notification_ids), before[fresh])
        self.assertTrue(soon.citizen_reminder_hour_sent)
        self.assertTrue(tomorrow.citizen_reminder_day_sent)
        self.assertFalse(tomorrow.citizen_reminder_hour_sent)
        self.assertIn("Reminder", tomorrow.citizen_notification_ids[0].mail_id.subject)
        # the cron never repeats a reminder
        self.env["resource.booking"]._cron_citizen_reminders()
        self.assertEqual(len(tomorrow.citizen_notification_ids), before[tomorrow] + 1)

    def test_checkin_and_no_show(self):
        now = fields.Datetime.now().replace(second=0, microsecond=0)
        local_now = fields.Datetime.context_timestamp(self.btype, now)
        if local_now.hour >= 22:
            self.skipTest("no room left today for an appointment")
        today = self.book(now + timedelta(minutes=70))
        today.action_confirm()
        today.action_citizen_checkin()
        self.assertEqual(today.citizen_attendance, "checked_in")
        self.assertEqual(today.citizen_checkin_user_id, self.env.user)
        with self.assertRaisesRegex(UserError, "already checked in"):
            today.action_citizen_checkin()
        later = self.book(self.future_slot(days=3))
        later.action_confirm()
        with self.assertRaisesRegex(UserError, "not today"):
            later.action_citizen_checkin()
        with self.assertRaisesRegex(UserError, "only after its time"):
            later.action_citizen_no_show()

    def test_cron_marks_no_shows(self):
        booking = self.book(self.future_slot(days=2))
        booking.action_confirm()
        attended = self.book(self.future_slot(days=2, hour=12))
        attended.action_confirm()
        attended.citizen_attendance = "checked_in"
        # two days later, nobody came to the first one
        later = fields.Datetime.now() + timedelta(days=3)
        with patch.object(fields.Datetime, "now", return_value=later):
            self.env["resource.booking"]._cron_citizen_no_show()
        self.assertEqual(booking.citizen_attendance, "no_show")
        self.assertEqual(booking.citizen_no_show_count, 1)
        self.assertEqual(attended.citizen_attendance, "checked_in")

    def test_operator_wizard_books_first_free_slot(self):
        operator = self.env.ref("citizen_service.user_operator")
        wizard = (
            self.env["citizen.appointment.wizard"]
            .with_user(operator)
            .create({"partner_id": self.citizen.id, "type_id": self.btype.id})
        )
        wizard.action_search()
        self.assertEqual(len(wizard.slot_ids), 8)
        action = wizard.slot_ids[0].action_book()
        booking = self.env["resource.booking"].browse(action["res_id"])
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(booking.citizen_booked_by, "operator")
        self.assertEqual(booking.start, wizard.slot_ids[0].start)
        # the same slot, booked again from a stale list, is refused cleanly
        other = (
            self.env["citizen.appointment.wizard"]
            .with_user(operator)
            .create(
                {
                    "partner_id": self.env.ref("citizen_service.partner_citizen").id,
                    "type_id": self.btype.id,
                }
            )
        )
        with self.assertRaisesRegex(UserError, "no longer free"):
            other._book(booking.start)

    def test_printable_confirmation_with_qr(self):
        booking = self.book(self.future_slot())
        booking.action_confirm()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("citizen_appointment.report_appointment_confirmation", booking.ids)[
                0
            ]
            .decode()
        )
        self.assertIn(booking.citizen_folio, html)
        self.assertIn("data:image/png;base64,", html)
        self.assertIn(booking._citizen_when(), html)
        self.assertIn("/my/bookings/%d" % booking.id, booking._citizen_qr_value())

    def test_partner_button_opens_wizard(self):
        action = self.citizen.action_citizen_book_appointment()
        self.assertEqual(action["res_model"], "citizen.appointment.wizard")
        self.assertEqual(action["context"]["default_partner_id"], self.citizen.id)
        self.book(self.future_slot()).action_confirm()
        self.assertEqual(self.citizen.citizen_booking_count, 1)
