import math

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import erlang
from .call_center_call import WEEKDAYS


class CallCenterStaffingPlanLine(models.Model):
    _name = "call.center.staffing.plan.line"
    _description = "Staffing plan hour"
    _order = "plan_id, weekday, hour"

    plan_id = fields.Many2one(
        "call.center.staffing.plan", required=True, ondelete="cascade", index=True
    )
    weekday = fields.Selection(WEEKDAYS, required=True)
    hour = fields.Integer(string="Hour of day", required=True, aggregator=False)
    hour_label = fields.Char(string="Hour", compute="_compute_hour_label", store=True)
    calls = fields.Float(string="Calls per hour", digits=(16, 2))
    aht = fields.Integer(string="Handle time (s)")
    traffic = fields.Float(string="Traffic (Erlangs)", digits=(16, 2), readonly=True)
    agents = fields.Integer(string="Agents on the phone", readonly=True, aggregator="max")
    scheduled_agents = fields.Integer(
        string="Agents to schedule",
        readonly=True,
        help="Agents on the phone increased by the shrinkage.",
    )
    service_level = fields.Float(
        string="Expected service level (%)", readonly=True, aggregator="avg"
    )
    asa = fields.Float(string="Expected average wait (s)", readonly=True, aggregator="avg")
    occupancy = fields.Float(string="Occupancy (%)", readonly=True, aggregator="avg")
    abandon_rate = fields.Float(string="Expected abandonment (%)", readonly=True, aggregator="avg")

    _sql_constraints = [
        (
            "slot_uniq",
            "unique(plan_id, weekday, hour)",
            "Each weekday and hour appears once per plan.",
        ),
        ("hour_range", "CHECK(hour >= 0 AND hour <= 23)", "The hour must be between 0 and 23."),
        ("calls_positive", "CHECK(calls >= 0)", "The number of calls cannot be negative."),
    ]

    @api.depends("hour")
    def _compute_hour_label(self):
        for line in self:
            line.hour_label = f"{line.hour:02d}:00"

    def _compute_staffing_values(self):
        for line in self:
            plan = line.plan_id
            aht = line.aht or plan.aht
            try:
                res = erlang.staffing(
                    line.calls,
                    aht,
                    target=plan.target_seconds,
                    sl_goal=plan.service_level_goal / 100.0,
                    patience=plan.patience,
                    max_occupancy=plan.max_occupancy / 100.0,
                )
            except ValueError as exc:
                raise UserError(
                    self.env._(
                        "Cannot compute the staffing for %(day)s %(hour)s: check the calls "
                        "and the handle time of that hour.",
                        day=line.weekday,
                        hour=line.hour_label,
                    )
                ) from exc
            shrink = plan.shrinkage / 100.0
            scheduled = math.ceil(res["agents"] / (1.0 - shrink) - 1e-9) if res["agents"] else 0
            line.write(
                {
                    "traffic": res["traffic"],
                    "agents": res["agents"],
                    "scheduled_agents": scheduled,
                    "service_level": 100.0 * res["service_level"],
                    "asa": res["asa"],
                    "occupancy": 100.0 * res["occupancy"],
                    "abandon_rate": 100.0 * res["abandon_rate"],
                }
            )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._compute_staffing_values()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if {"calls", "aht"} & set(vals):
            self._compute_staffing_values()
        return res
