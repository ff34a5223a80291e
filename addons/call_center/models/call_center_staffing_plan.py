from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError


class CallCenterStaffingPlan(models.Model):
    _name = "call.center.staffing.plan"
    _description = "Staffing plan"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, tracking=True)
    source = fields.Selection(
        [("history", "Logged calls"), ("manual", "Entered volumes")],
        required=True,
        default="history",
        help="Logged calls: the hourly volumes are the average of the calls logged in the "
        "period. Entered volumes: type the expected calls per hour in the grid.",
    )
    date_from = fields.Date(string="History from")
    date_to = fields.Date(string="History to")
    line_ids = fields.Many2many("call.center.line", string="Lines", help="Empty: all lines.")
    opening_hour = fields.Integer(default=9, help="First hour of the grid (manual volumes).")
    closing_hour = fields.Integer(default=15, help="Hour the service closes (manual volumes).")
    weekdays_only = fields.Boolean(string="Monday to Friday only", default=True)
    target_seconds = fields.Integer(string="Answer within (s)", default=20, required=True)
    service_level_goal = fields.Float(string="Service level goal (%)", default=80.0, required=True)
    aht = fields.Integer(
        string="Average handle time (s)",
        default=240,
        help="Used when there is no history for a cell (and for entered volumes).",
    )
    patience = fields.Integer(
        string="Average caller patience (s)",
        default=120,
        help="Mean time callers wait before hanging up; used to estimate abandonment.",
    )
    max_occupancy = fields.Float(string="Maximum occupancy (%)", default=85.0)
    shrinkage = fields.Float(
        string="Shrinkage (%)",
        default=0.0,
        help="Share of paid time operators are not on the phone (breaks, training). "
        "Scheduled agents = agents / (1 - shrinkage).",
    )
    line_detail_ids = fields.One2many(
        "call.center.staffing.plan.line", "plan_id", string="Hourly grid", copy=True
    )
    total_calls = fields.Float(compute="_compute_totals", string="Calls per week")
    peak_agents = fields.Integer(compute="_compute_totals", string="Peak agents")
    agent_hours = fields.Integer(compute="_compute_totals", string="Agent hours per week")

    @api.depends("line_detail_ids.calls", "line_detail_ids.scheduled_agents")
    def _compute_totals(self):
        for plan in self:
            plan.total_calls = sum(plan.line_detail_ids.mapped("calls"))
            agents = plan.line_detail_ids.mapped("scheduled_agents")
            plan.peak_agents = max(agents) if agents else 0
            plan.agent_hours = sum(agents)

    @api.constrains(
        "service_level_goal",
        "target_seconds",
        "aht",
        "max_occupancy",
        "shrinkage",
        "opening_hour",
        "closing_hour",
        "date_from",
        "date_to",
    )
    def _check_parameters(self):
        for plan in self:
            if not 0 < plan.service_level_goal < 100:
                raise ValidationError(
                    self.env._("The service level goal must be between 0 and 100%.")
                )
            if plan.target_seconds <= 0 or plan.aht <= 0:
                raise ValidationError(
                    self.env._("The answer threshold and the handle time must be positive.")
                )
            if not 0 < plan.max_occupancy <= 100 or not 0 <= plan.shrinkage < 100:
                raise ValidationError(
                    self.env._("Occupancy must be in (0, 100]% and shrinkage in [0, 100)%.")
                )
            if not 0 <= plan.opening_hour < plan.closing_hour <= 24:
                raise ValidationError(
                    self.env._("The opening hour must be before the closing hour.")
                )
            if plan.date_from and plan.date_to and plan.date_from > plan.date_to:
                raise ValidationError(self.env._("The history period ends before it starts."))

    def _weekday_counts(self):
        """How many times each weekday occurs in the history period."""
        self.ensure_one()
        counts = dict.fromkeys(range(7), 0)
        day = self.date_from
        while day <= self.date_to:
            counts[day.weekday()] += 1
            day += timedelta(days=1)
        return counts

    def action_load_history(self):
        """Fill the grid with the average calls and handle time per weekday x hour."""
        for plan in self:
            if not plan.date_from or not plan.date_to:
                raise UserError(self.env._("Set the history period first."))
            domain = [
                ("direction", "=", "inbound"),
                ("date_local", ">=", plan.date_from),
                ("date_local", "<=", plan.date_to),
            ]
            if plan.line_ids:
                domain.append(("line_id", "in", plan.line_ids.ids))
            rows = (
                self.env["call.center.call"]
                .sudo()
                ._read_group(domain, ["day_of_week", "hour_of_day"], ["__count"])
            )
            answered = {
                (dow, hour): (count, dur)
                for dow, hour, count, dur in self.env["call.center.call"]
                .sudo()
                ._read_group(
                    domain + [("answered", "=", True)],
                    ["day_of_week", "hour_of_day"],
                    ["__count", "duration:sum"],
                )
            }
            if not rows:
                raise UserError(self.env._("No calls were logged in this period."))
            weekdays = plan._weekday_counts()
            commands = [Command.clear()]
            for dow, hour, count in rows:
                if plan.weekdays_only and int(dow) > 4:
                    continue
                days = weekdays.get(int(dow)) or 1
                ans_count, ans_dur = answered.get((dow, hour), (0, 0))
                aht = round(ans_dur / ans_count) if ans_count and ans_dur else plan.aht
                commands.append(
                    Command.create(
                        {
                            "weekday": dow,
                            "hour": hour,
                            "calls": round(count / days, 2),
                            "aht": aht,
                        },
                    )
                )
            plan.line_detail_ids = commands
            plan.line_detail_ids._compute_staffing_values()
        return True

    def action_generate_grid(self):
        """Empty grid (opening hours x weekdays) for entered volumes."""
        for plan in self:
            existing = {(cell.weekday, cell.hour) for cell in plan.line_detail_ids}
            days = range(5) if plan.weekdays_only else range(7)
            commands = [
                Command.create({"weekday": str(d), "hour": h, "calls": 0.0, "aht": plan.aht})
                for d in days
                for h in range(plan.opening_hour, plan.closing_hour)
                if (str(d), h) not in existing
            ]
            plan.line_detail_ids = commands
        return True

    def action_compute(self):
        self.line_detail_ids._compute_staffing_values()
        return True

    def action_open_grid(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "call_center.action_call_center_staffing_plan_line"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        action["display_name"] = self.name
        return action
