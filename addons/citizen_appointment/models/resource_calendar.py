from odoo import api, fields, models


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    citizen_office_calendar = fields.Boolean(
        string="Office hours for appointments",
        help="Opening hours of an office that gives appointments. The official holidays "
        "of the citizen service calendar are copied into it as closed days.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        calendars = super().create(vals_list)
        calendars.filtered("citizen_office_calendar")._citizen_sync_official_holidays()
        return calendars

    def write(self, vals):
        res = super().write(vals)
        if vals.get("citizen_office_calendar"):
            self._citizen_sync_official_holidays()
        return res

    def _citizen_holiday_source(self):
        return self.env.company._citizen_calendar()

    def _citizen_sync_official_holidays(self):
        """Copy the official holidays of the citizen service calendar (citizen_service)
        as global leaves of the office calendars; idempotent."""
        Leave = self.env["resource.calendar.leaves"].sudo()
        calendars = self or self.sudo().search([("citizen_office_calendar", "=", True)])
        source = self._citizen_holiday_source()
        if not source:
            return
        calendars -= source
        if not calendars:
            return
        holidays = Leave.search([("calendar_id", "=", source.id), ("resource_id", "=", False)])
        copies = Leave.search(
            [("calendar_id", "in", calendars.ids), ("citizen_holiday_source_id", "!=", False)]
        )
        existing = {(c.calendar_id.id, c.citizen_holiday_source_id.id): c for c in copies}
        to_create = []
        for calendar in calendars:
            for holiday in holidays:
                vals = {
                    "name": holiday.name,
                    "date_from": holiday.date_from,
                    "date_to": holiday.date_to,
                    "time_type": "leave",
                }
                copy = existing.get((calendar.id, holiday.id))
                if not copy:
                    to_create.append(
                        dict(vals, calendar_id=calendar.id, citizen_holiday_source_id=holiday.id)
                    )
                elif (copy.date_from, copy.date_to, copy.name) != (
                    holiday.date_from,
                    holiday.date_to,
                    holiday.name,
                ):
                    copy.write(vals)
        if to_create:
            Leave.with_context(citizen_holiday_sync=True).create(to_create)
