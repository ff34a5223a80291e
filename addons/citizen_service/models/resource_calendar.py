import pytz

from odoo import api, models, tools

from ..tools.workdays import CITIZEN_TZ, MONDAY_TO_FRIDAY


class ResourceCalendar(models.Model):
    _name = "resource.calendar"
    _inherit = ["resource.calendar", "citizen.cache.mixin"]

    @api.model
    @tools.ormcache("calendar_id")
    def _citizen_calendar_data(self, calendar_id):
        """Working weekdays, time zone and whole-company leaves of a calendar (cached).

        Leaves are ``(date_from, date_to, first local day, last local day)``; every
        change of a calendar, its attendances or leaves clears the cache.
        """
        calendar = self.sudo().browse(calendar_id)
        weekdays = frozenset(int(d) for d in calendar.attendance_ids.mapped("dayofweek"))
        tz_name = calendar.tz or CITIZEN_TZ
        tz = pytz.timezone(tz_name)
        leaves = []
        for leave in (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search([("calendar_id", "in", [calendar.id, False]), ("resource_id", "=", False)])
        ):
            first = pytz.utc.localize(leave.date_from).astimezone(tz).date()
            last = pytz.utc.localize(leave.date_to).astimezone(tz).date()
            leaves.append((leave.date_from, leave.date_to, first, last))
        return weekdays or MONDAY_TO_FRIDAY, tz_name, tuple(leaves)
