import logging
from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import citizen_when, lead_bucket

_logger = logging.getLogger(__name__)

LEAD_BUCKETS = [
    ("same_day", "Same day"),
    ("next_day", "Next day"),
    ("later", "Later"),
]
MAIL_TEMPLATES = {
    "confirmed": "citizen_appointment.mail_template_appointment_confirmed",
    "moved": "citizen_appointment.mail_template_appointment_confirmed",
    "reminder_day": "citizen_appointment.mail_template_appointment_reminder",
    "reminder_hour": "citizen_appointment.mail_template_appointment_reminder",
    "cancelled": "citizen_appointment.mail_template_appointment_cancelled",
}


class ResourceBooking(models.Model):
    _inherit = "resource.booking"

    office_id = fields.Many2one(
        related="type_id.office_id", store=True, index=True, string="Office"
    )
    citizen_folio = fields.Char(string="Folio", compute="_compute_citizen_folio")
    citizen_booked_by = fields.Selection(
        [
            ("portal", "Citizen (portal)"),
            ("operator", "Operator"),
            ("message", "Citizen (WhatsApp / SMS)"),
        ],
        string="Booked by",
        default="operator",
        readonly=True,
    )
    citizen_scheduled_on = fields.Datetime(
        string="Slot chosen on",
        readonly=True,
        copy=False,
        help="When the current date and time of the appointment were chosen.",
    )
    citizen_lead_days = fields.Integer(
        string="Days to the appointment",
        compute="_compute_citizen_lead",
        store=True,
        aggregator="avg",
    )
    citizen_lead_bucket = fields.Selection(
        LEAD_BUCKETS,
        string="Slot obtained",
        compute="_compute_citizen_lead",
        store=True,
        index=True,
    )
    citizen_attendance = fields.Selection(
        [
            ("expected", "Expected"),
            ("checked_in", "Attended"),
            ("no_show", "Did not come"),
        ],
        string="Attendance",
        default="expected",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    citizen_no_show_count = fields.Integer(
        string="No-shows", compute="_compute_citizen_attendance_counts", store=True
    )
    citizen_checked_in_count = fields.Integer(
        string="Attended appointments",
        compute="_compute_citizen_attendance_counts",
        store=True,
    )
    citizen_checkin_date = fields.Datetime(string="Checked in at", readonly=True, copy=False)
    citizen_checkin_user_id = fields.Many2one(
        "res.users", string="Checked in by", readonly=True, copy=False
    )
    citizen_notify_method = fields.Selection(
        [
            ("email", "E-mail"),
            ("sms", "SMS"),
            ("whatsapp", "WhatsApp"),
            ("none", "Do not notify"),
        ],
        string="Notify the citizen by",
        compute="_compute_citizen_notify_method",
        store=True,
        readonly=False,
    )
    citizen_confirmed_start = fields.Datetime(readonly=True, copy=False)
    citizen_reminder_day_sent = fields.Boolean(readonly=True, copy=False)
    citizen_reminder_hour_sent = fields.Boolean(readonly=True, copy=False)
    citizen_notification_ids = fields.One2many(
        "citizen.notification", "booking_id", string="Notifications", readonly=True
    )

    def _compute_citizen_folio(self):
        for booking in self:
            booking.citizen_folio = "CITA-%06d" % booking.id if booking.id else False

    def _citizen_tz(self):
        # portal citizens read their appointments without access to resource calendars
        tz = self.sudo().type_id.resource_calendar_id.tz
        return pytz.timezone(tz or self.env.company._citizen_tz())

    def _citizen_local(self, value):
        """UTC naive datetime -> aware datetime in the office time zone."""
        if not value:
            return False
        return pytz.utc.localize(value).astimezone(self._citizen_tz())

    @api.depends("start", "citizen_scheduled_on", "type_id")
    def _compute_citizen_lead(self):
        for booking in self:
            if not booking.start:
                booking.citizen_lead_days = 0
                booking.citizen_lead_bucket = False
                continue
            requested = booking.citizen_scheduled_on or booking.create_date or booking.start
            requested_date = booking._citizen_local(requested).date()
            start_date = booking._citizen_local(booking.start).date()
            booking.citizen_lead_days = max((start_date - requested_date).days, 0)
            booking.citizen_lead_bucket = lead_bucket(requested_date, start_date)

    @api.depends("citizen_attendance")
    def _compute_citizen_attendance_counts(self):
        for booking in self:
            booking.citizen_no_show_count = int(booking.citizen_attendance == "no_show")
            booking.citizen_checked_in_count = int(booking.citizen_attendance == "checked_in")

    @api.depends("partner_ids")
    def _compute_citizen_notify_method(self):
        for booking in self:
            partner = booking.partner_ids[:1]
            if booking.citizen_notify_method and booking.citizen_notify_method != "none":
                continue
            if partner.email:
                booking.citizen_notify_method = "email"
            elif partner.mobile or partner.phone:
                booking.citizen_notify_method = "sms"
            else:
                booking.citizen_notify_method = "none"

    # ------------------------------------------------------------------ create/write
    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            if vals.get("start") and not vals.get("citizen_scheduled_on"):
                vals["citizen_scheduled_on"] = now
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("start") and "citizen_scheduled_on" not in vals:
            vals = dict(
                vals,
                citizen_scheduled_on=fields.Datetime.now(),
                citizen_reminder_day_sent=False,
                citizen_reminder_hour_sent=False,
            )
        return super().write(vals)

    @api.constrains("start", "partner_ids", "active")
    def _check_citizen_one_appointment_at_a_time(self):
        """A citizen cannot hold two appointments at the same time."""
        for booking in self.filtered(lambda b: b.start and b.active and b.office_id):
            clash = self.sudo().search(
                [
                    ("id", "!=", booking.id),
                    ("office_id", "!=", False),
                    ("partner_ids", "in", booking.partner_ids.ids),
                    ("start", "<", booking.stop),
                    ("stop", ">", booking.start),
                ],
                limit=1,
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "%(citizen)s already has appointment %(folio)s at that time (%(when)s).",
                        citizen=booking.partner_ids[:1].name,
                        folio=clash.citizen_folio,
                        when=clash._citizen_when(),
                    )
                )

    # ------------------------------------------------------------------ one slot, one booking
    def _check_scheduling(self):
        self._citizen_lock_resources()
        return super()._check_scheduling()

    def _citizen_lock_resources(self):
        """Serialize the bookings of the same resources.

        Two transactions booking the same desk at the same time both see it free in
        their snapshot. Touching the booked resources' rows makes the second one wait
        for the first and fail with a serialization error when the first commits;
        Odoo retries the request and the retry finds the slot taken (clean
        ValidationError from resource_booking)."""
        now = fields.Datetime.now()
        booked = self.filtered(lambda b: b.meeting_id and b.stop and b.stop >= now)
        resources = booked.with_context(active_test=False).sudo().combination_id.resource_ids
        if resources:
            self.env.cr.execute(
                "UPDATE resource_resource SET write_date = write_date WHERE id IN %s",
                [tuple(sorted(resources.ids))],
            )

    # ------------------------------------------------------------------ notifications
    def _citizen_notify_disabled(self):
        ctx = self.env.context
        return bool(ctx.get("install_mode") or ctx.get("citizen_no_notify"))

    def _citizen_when(self):
        """Date and time of the appointment as the citizen reads it."""
        return citizen_when(self._citizen_local(self.start), self.partner_id._citizen_lang())

    def _citizen_message_text(self, kind):
        self.ensure_one()
        booking = self.with_context(lang=self.partner_id._citizen_lang())
        _ = booking.env._
        values = {
            "folio": booking.citizen_folio,
            "type": booking.type_id.name or "",
            "when": booking._citizen_when(),
            "place": booking.location or booking.office_id.name or "",
        }
        if kind == "cancelled":
            return self.env._(
                "Your appointment %(folio)s (%(type)s) of %(when)s has been cancelled.", **values
            )
        if kind in ("reminder_day", "reminder_hour"):
            return self.env._(
                "Reminder: your appointment %(folio)s (%(type)s) is on %(when)s at %(place)s.",
                **values,
            )
        return self.env._(
            "Your appointment %(folio)s (%(type)s) is confirmed for %(when)s at %(place)s. "
            "Bring an official ID.",
            **values,
        )

    def _citizen_notify(self, kind):
        """Tell the citizen of ``kind`` through the appointment's channel."""
        if self._citizen_notify_disabled():
            return self.env["citizen.notification"]
        Notification = self.env["citizen.notification"].sudo()
        sent = Notification
        for booking in self.sudo():
            partner = booking.partner_id
            method = booking.citizen_notify_method
            if not partner or method == "none":
                continue
            phone = partner.mobile or partner.phone
            if method in ("sms", "whatsapp") and phone:
                body = booking._citizen_message_text(kind)
                if method == "sms":
                    notif = Notification._citizen_send_sms(
                        phone, body, partner=partner, kind="appointment"
                    )
                else:
                    notif = Notification._citizen_send_whatsapp(
                        phone, body, partner=partner, kind="appointment"
                    )
                notif.booking_id = booking
                sent |= notif
            elif partner.email:
                template = self.env.ref(MAIL_TEMPLATES[kind], raise_if_not_found=False)
                if not template:
                    continue
                mail_id = (
                    template.sudo()
                    .with_context(citizen_kind=kind)
                    .send_mail(
                        booking.id,
                        force_send=False,
                        email_layout_xmlid="mail.mail_notification_light",
                    )
                )
                mail = self.env["mail.mail"].sudo().browse(mail_id)
                sent |= Notification.create(
                    {
                        "channel": "email",
                        "kind": "appointment",
                        "recipient": partner.email,
                        "body": mail.subject,
                        "partner_id": partner.id,
                        "booking_id": booking.id,
                        "mail_id": mail_id,
                    }
                )
        return sent

    def action_confirm(self):
        res = super().action_confirm()
        for booking in self.filtered(lambda b: b.start and b.state == "confirmed"):
            if booking.citizen_confirmed_start == booking.start:
                continue
            kind = "moved" if booking.citizen_confirmed_start else "confirmed"
            booking._citizen_notify(kind)
            booking.citizen_confirmed_start = booking.start
        return res

    def action_cancel(self):
        to_tell = self.filtered(lambda b: b.start and b.active)
        to_tell._citizen_notify("cancelled")
        return super().action_cancel()

    @api.model
    def _cron_citizen_reminders(self):
        """Reminders the day before and one hour before the appointment."""
        now = fields.Datetime.now()
        base = [
            ("state", "in", ("scheduled", "confirmed")),
            ("citizen_attendance", "=", "expected"),
            ("start", ">", now),
        ]
        hour = self.search(
            base
            + [
                ("citizen_reminder_hour_sent", "=", False),
                ("start", "<=", now + timedelta(hours=1)),
            ]
        )
        day = (
            self.search(
                base
                + [
                    ("citizen_reminder_day_sent", "=", False),
                    ("start", "<=", now + timedelta(hours=24)),
                ]
            )
            - hour
        )
        # just booked: a reminder of what the citizen has just chosen is noise
        for kind, bookings, field, span in (
            ("reminder_day", day, "citizen_reminder_day_sent", 24),
            ("reminder_hour", hour, "citizen_reminder_hour_sent", 1),
        ):
            fresh = bookings.filtered(
                lambda b, s=span: (
                    b.citizen_scheduled_on and b.citizen_scheduled_on > b.start - timedelta(hours=s)
                )
            )
            (bookings - fresh)._citizen_notify(kind)
            bookings.write({field: True})
        return True

    @api.model
    def _cron_citizen_no_show(self):
        """Appointments whose time is over and nobody checked in: no-show."""
        grace = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("citizen_appointment.no_show_grace_minutes", 30)
        )
        limit = fields.Datetime.now() - timedelta(minutes=grace)
        missed = self.search(
            [
                ("state", "in", ("scheduled", "confirmed")),
                ("citizen_attendance", "=", "expected"),
                ("stop", "<", limit),
            ]
        )
        missed.write({"citizen_attendance": "no_show"})
        return len(missed)

    # ------------------------------------------------------------------ desk
    def action_citizen_checkin(self):
        today = fields.Datetime.now()
        for booking in self:
            if booking.state not in ("scheduled", "confirmed"):
                raise UserError(self.env._("Only a scheduled appointment can be checked in."))
            if booking.citizen_attendance == "checked_in":
                raise UserError(
                    self.env._("Appointment %s was already checked in.", booking.citizen_folio)
                )
            local_today = booking._citizen_local(today).date()
            if booking._citizen_local(booking.start).date() != local_today:
                raise UserError(
                    self.env._(
                        "Appointment %(folio)s is for %(when)s, not today.",
                        folio=booking.citizen_folio,
                        when=booking._citizen_when(),
                    )
                )
        self.write(
            {
                "citizen_attendance": "checked_in",
                "citizen_checkin_date": today,
                "citizen_checkin_user_id": self.env.uid,
            }
        )
        return True

    def action_citizen_no_show(self):
        now = fields.Datetime.now()
        for booking in self:
            if not booking.start or booking.start > now:
                raise UserError(
                    self.env._("An appointment can be marked as a no-show only after its time.")
                )
            if booking.citizen_attendance == "checked_in":
                raise UserError(
                    self.env._(
                        "Appointment %s was checked in: the citizen came.", booking.citizen_folio
                    )
                )
        self.write({"citizen_attendance": "no_show"})
        return True

    def action_citizen_print_confirmation(self):
        return self.env.ref(
            "citizen_appointment.action_report_appointment_confirmation"
        ).report_action(self)

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Appointment %s", self.citizen_folio)

    def _citizen_qr_value(self):
        """What the QR of the printed confirmation encodes: the appointment's page."""
        self.ensure_one()
        return self.get_base_url() + self.sudo().get_portal_url()

    def _citizen_qr_data_uri(self):
        import base64

        self.ensure_one()
        png = self.env["ir.actions.report"].barcode(
            "QR", self._citizen_qr_value(), width=240, height=240
        )
        return "data:image/png;base64," + base64.b64encode(png).decode()

    # ------------------------------------------------------------------ demo
    @api.model
    def _citizen_create_demo_bookings(self):
        """Demo appointments relative to today: attended ones and no-shows in the
        last weeks, and upcoming ones on the first free slots."""
        from datetime import datetime, time

        from odoo import Command

        ref = self.env.ref
        types = [
            ref("citizen_appointment.type_licencia_centro"),
            ref("citizen_appointment.type_atencion_sur"),
            ref("citizen_appointment.type_atencion_norte"),
            ref("citizen_appointment.type_predial_centro"),
        ]
        citizen = ref("citizen_service.partner_citizen", raise_if_not_found=False)
        partners = self.env["res.partner"].search(
            [("is_citizen", "=", True), ("id", "!=", citizen.id if citizen else 0)],
            order="id",
            limit=16,
        )
        if not partners:
            return False
        Booking = self.with_context(
            tracking_disable=True,
            mail_create_nolog=True,
            mail_notrack=True,
            dont_notify=True,
            citizen_no_notify=True,
        )
        tz = pytz.timezone(self.env.company._citizen_tz())
        today = datetime.now(tz).date()
        leads = [0, 1, 1, 3, 0, 6, 1, 2, 0, 4]
        vals_list = []
        day, n = today, 0
        while n < 30:
            day -= timedelta(days=1)
            if day.weekday() >= 5:
                continue
            for minute in (0, 30):
                btype = types[n % len(types)]
                local = tz.localize(datetime.combine(day, time(9 + n % 5, minute)))
                start = local.astimezone(pytz.utc).replace(tzinfo=None)
                vals_list.append(
                    {
                        "type_id": btype.id,
                        "partner_ids": [Command.set(partners[n % len(partners)].ids)],
                        "start": start,
                        "combination_id": btype.combination_rel_ids[:1].combination_id.id,
                        "combination_auto_assign": False,
                        "citizen_scheduled_on": start
                        - timedelta(days=leads[n % len(leads)], hours=1),
                        "citizen_booked_by": "portal" if n % 3 else "operator",
                    }
                )
                n += 1
        past = Booking.create(vals_list)
        past.action_confirm()
        for index, booking in enumerate(past):
            if index % 6 == 2:
                booking.citizen_attendance = "no_show"
            else:
                booking.write(
                    {
                        "citizen_attendance": "checked_in",
                        "citizen_checkin_date": booking.start - timedelta(minutes=5),
                        "citizen_checkin_user_id": ref("citizen_service.user_operator").id,
                    }
                )
        # upcoming: the demo citizen (portal login "ciudadano") and other citizens
        upcoming = []
        for index, btype in enumerate(types):
            slots = btype._citizen_next_slots(limit=3, start=datetime.now(tz) + timedelta(days=1))
            for offset, slot in enumerate(slots[:2]):
                partner = partners[(index * 2 + offset + 3) % len(partners)]
                if index == 2 and offset == 0 and citizen:
                    partner = citizen
                upcoming.append(
                    {
                        "type_id": btype.id,
                        "partner_ids": [Command.set(partner.ids)],
                        "start": slot.astimezone(pytz.utc).replace(tzinfo=None),
                        "citizen_booked_by": "portal" if offset else "operator",
                    }
                )
        # one for today at the desk, if the office still has a slot today
        sur = ref("citizen_appointment.type_atencion_sur")
        for slot in sur._citizen_next_slots(limit=1):
            if slot.date() == today:
                upcoming.append(
                    {
                        "type_id": sur.id,
                        "partner_ids": [Command.set(partners[-1].ids)],
                        "start": slot.astimezone(pytz.utc).replace(tzinfo=None),
                        "citizen_booked_by": "operator",
                    }
                )
        future = self.browse()
        for vals in upcoming:
            future |= Booking.create(vals)
        future.action_confirm()
        return True
