from datetime import timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import fields, models


class ResourceBookingType(models.Model):
    _inherit = "resource.booking.type"

    office_id = fields.Many2one(
        "citizen.office",
        index=True,
        help="Office of the directory (MODINFO) where the citizen is attended.",
    )
    citizen_portal_published = fields.Boolean(
        string="Bookable on the portal",
        default=True,
        help="Citizens can book this kind of appointment themselves on the portal.",
    )
    citizen_organizer_id = fields.Many2one(
        "res.users",
        string="Responsible official",
        help="Organizer of the appointments booked by citizens on the portal.",
    )
    citizen_next_slot = fields.Datetime(
        string="Next free slot", compute="_compute_citizen_next_slot"
    )

    def _citizen_tz(self):
        self.ensure_one()
        return self.resource_calendar_id.tz or self.env.company._citizen_tz()

    def _compute_citizen_next_slot(self):
        for btype in self:
            slots = btype._citizen_next_slots(limit=1) if btype.id else []
            btype.citizen_next_slot = (
                slots[0].astimezone(pytz.utc).replace(tzinfo=None) if slots else False
            )

    def _citizen_next_slots(self, limit=5, start=None, days=62):
        """First free start times (tz-aware, in the calendar's time zone) of this
        booking type, from ``start`` (default: now) and over at most ``days`` days.

        Uses resource_booking's own slot computation, month by month."""
        self.ensure_one()
        tz = pytz.timezone(self._citizen_tz())
        Booking = self.env["resource.booking"].sudo().with_context(tz=tz.zone)
        probe = Booking.new({"type_id": self.id, "duration": self.duration})
        now = fields.Datetime.context_timestamp(probe, fields.Datetime.now())
        window_start = max(start.astimezone(tz), now) if start else now
        window_end = window_start + timedelta(days=days)
        result = []
        cursor = window_start
        while cursor < window_end and len(result) < limit:
            chunk_end = min(cursor + relativedelta(months=1), window_end)
            slots = probe._get_available_slots(cursor, chunk_end)
            for day in sorted(slots):
                for slot in slots[day]:
                    if slot >= cursor and len(result) < limit:
                        result.append(slot)
            cursor = chunk_end
        return result
