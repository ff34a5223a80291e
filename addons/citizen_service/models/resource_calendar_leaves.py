from odoo import models


class ResourceCalendarLeaves(models.Model):
    """The holidays of the deadlines are cached (resource.calendar._citizen_calendar_data)."""

    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "citizen.cache.mixin"]
