from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

MONTHS = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
]


class CitizenMonthlyClosingReissue(models.TransientModel):
    """Re-issue (or issue for the first time) the monthly closing of departments for any
    ended month. The current closing becomes superseded; both versions are kept."""

    _name = "citizen.monthly.closing.reissue"
    _description = "Re-issue monthly closings"

    @api.model
    def _default_month_date(self):
        today = fields.Date.context_today(self)
        return date(today.year, today.month, 1) - relativedelta(months=1)

    team_ids = fields.Many2many(
        "helpdesk.ticket.team",
        string="Departments",
        required=True,
        help="Departments whose closing is issued again.",
    )
    month = fields.Selection(
        MONTHS, required=True, default=lambda self: str(self._default_month_date().month)
    )
    year = fields.Integer(required=True, default=lambda self: self._default_month_date().year)
    reason = fields.Char(required=True, help="Why the closing is issued again (kept with it).")
    send_mail = fields.Boolean(
        string="E-mail to the heads", default=True, help="Send the new closing to the heads."
    )

    def action_reissue(self):
        self.ensure_one()
        Closing = self.env["citizen.monthly.closing"]
        Closing._check_can_reissue()
        if not 2000 <= self.year <= 2999:
            raise UserError(self.env._("Write a valid year, e.g. 2026."))
        start = date(self.year, int(self.month), 1)
        closings = Closing._issue(self.team_ids, start, reason=self.reason, send=self.send_mail)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "citizen_service.action_citizen_monthly_closing"
        )
        if len(closings) == 1:
            action.update({"res_id": closings.id, "views": [(False, "form")], "view_mode": "form"})
        else:
            action["domain"] = [("id", "in", closings.ids)]
        return action
