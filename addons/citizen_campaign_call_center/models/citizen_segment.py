from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class CitizenSegment(models.Model):
    _inherit = "citizen.segment"

    call_line_ids = fields.Many2many(
        "call.center.line",
        string="Callers of the lines",
        help="Citizens who called one of these lines of the call center.",
    )
    call_days = fields.Integer(
        string="Calls of the last days",
        help="Only calls of these last days (0: any date).",
    )

    @api.constrains("call_days")
    def _check_call_days(self):
        if any(segment.call_days < 0 for segment in self):
            raise ValidationError(self.env._("Ages and days cannot be negative."))

    @api.model
    def _citizen_criteria_fields(self):
        return super()._citizen_criteria_fields() + ["call_line_ids", "call_days"]

    def _citizen_domain_parts(self):
        parts = super()._citizen_domain_parts()
        if self.call_line_ids or self.call_days:
            call_domain = [("partner_id", "!=", False)]
            if self.call_line_ids:
                call_domain.append(("line_id", "in", self.call_line_ids._origin.ids))
            if self.call_days:
                since = fields.Datetime.now() - relativedelta(days=self.call_days)
                call_domain.append(("date_start", ">=", since))
            calls = self.env["call.center.call"].sudo()._search(call_domain)
            parts.append([("id", "in", calls.subselect(SQL.identifier(calls.table, "partner_id")))])
        return parts
