from odoo import models


class ResourceCalendarAttendance(models.Model):
    """The working days of the deadlines are cached (resource.calendar._citizen_calendar_data)."""

    _name = "resource.calendar.attendance"
    _inherit = ["resource.calendar.attendance", "citizen.cache.mixin"]
