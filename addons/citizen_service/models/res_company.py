from datetime import timedelta

from odoo import api, fields, models

from ..tools.phone import citizen_phone_parts
from ..tools.workdays import CITIZEN_TZ, MONDAY_TO_FRIDAY


class ResCompany(models.Model):
    _inherit = "res.company"

    # helpdesk_mgmt assigns a new ticket to the user who creates it (default on): a 072
    # operator or the front desk would own every report they capture; in a city the
    # department assigns its reports
    helpdesk_mgmt_ticket_auto_assign = fields.Boolean(default=False)
    citizen_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Citizen service calendar",
        help="Working calendar (with official holidays) used to compute report deadlines.",
    )

    @api.model
    def _citizen_no_auto_assign(self):
        """At install: no company assigns new reports to their creator (data file)."""
        self.search([("helpdesk_mgmt_ticket_auto_assign", "=", True)]).write(
            {"helpdesk_mgmt_ticket_auto_assign": False}
        )

    def _citizen_calendar(self):
        self.ensure_one()
        return (
            self.citizen_calendar_id
            or self.env.ref("citizen_service.resource_calendar_municipal", raise_if_not_found=False)
            or self.resource_calendar_id
        )

    def _citizen_calendar_rules(self, date_from, date_to):
        """Working weekdays and holiday dates of the citizen calendar in a range."""
        calendar = self._citizen_calendar()
        if not calendar:
            return MONDAY_TO_FRIDAY, set()
        weekdays, _tz, leaves = self.env["resource.calendar"]._citizen_calendar_data(calendar.id)
        start = fields.Datetime.to_datetime(date_from)
        stop = fields.Datetime.to_datetime(date_to) + timedelta(days=1)
        holidays = set()
        for leave_from, leave_to, first, last in leaves:
            if leave_to < start or leave_from > stop:
                continue
            day = first
            while day <= last:
                holidays.add(day)
                day += timedelta(days=1)
        return weekdays, holidays

    def _citizen_tz(self):
        """Time zone of the city: the company's (partner) time zone, Mexico City by default."""
        return (self[:1].sudo().partner_id.tz if self else False) or CITIZEN_TZ

    def _citizen_public_phone(self):
        """(tel: URI, national display) of the company phone, e.g. ('+524777880000', '477 788 0000')."""
        self.ensure_one()
        return citizen_phone_parts(self.phone)
