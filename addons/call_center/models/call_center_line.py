from datetime import datetime, time, timedelta

from odoo import api, fields, models, tools


class CallCenterLine(models.Model):
    _name = "call.center.line"
    _inherit = ["citizen.cache.mixin"]
    _citizen_cache_fields = ("code", "pbx_id", "active")
    _description = "Call-centre line"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    code = fields.Char(
        string="PBX code",
        help="Identifier of the line (trunk, DID, queue member or channel) sent by the PBX.",
    )
    number = fields.Char(string="Line number")
    public_number = fields.Char(
        string="Public number",
        help="Single number published to citizens; the PBX distributes its calls over the lines.",
    )
    pbx_id = fields.Many2one("call.center.pbx", string="PBX", ondelete="set null", index=True)
    service_level_seconds = fields.Integer(
        string="Service level threshold (s)",
        default=20,
        help="A call answered within this many seconds counts towards the service level.",
    )
    color = fields.Integer()
    # dashboard figures (today, non stored, one read_group for all lines)
    today_received = fields.Integer(compute="_compute_today_stats", string="Received today")
    today_answered = fields.Integer(compute="_compute_today_stats", string="Answered today")
    today_abandoned = fields.Integer(compute="_compute_today_stats", string="Abandoned today")
    today_service_level = fields.Float(
        compute="_compute_today_stats", string="Service level today (%)"
    )
    today_avg_wait = fields.Float(compute="_compute_today_stats", string="Average wait today (s)")
    callback_pending = fields.Integer(compute="_compute_today_stats", string="Pending callbacks")

    _sql_constraints = [
        ("code_pbx_uniq", "unique(pbx_id, code)", "The PBX code of a line must be unique per PBX."),
        (
            "service_level_positive",
            "CHECK(service_level_seconds > 0)",
            "The service level threshold must be positive.",
        ),
    ]

    @api.model
    @tools.ormcache("pbx_id", "code")
    def _line_id_for_code(self, pbx_id, code):
        line = self.sudo().search([("pbx_id", "=", pbx_id), ("code", "=", code)], limit=1)
        return line.id or None

    @api.model
    def _today_utc_bounds(self):
        tz_name = self.env["call.center.call"]._call_center_tz_name()
        import pytz

        tz = pytz.timezone(tz_name)
        today = datetime.now(tz).date()
        start = tz.localize(datetime.combine(today, time.min)).astimezone(pytz.UTC)
        return start.replace(tzinfo=None), (start + timedelta(days=1)).replace(tzinfo=None)

    def _compute_today_stats(self):
        Call = self.env["call.center.call"].sudo()
        Report = self.env["call.center.call.report"].sudo()
        start, end = self._today_utc_bounds()
        domain = [
            ("line_id", "in", self.ids),
            ("direction", "=", "inbound"),
            ("date_start", ">=", start),
            ("date_start", "<", end),
        ]
        rows = Report._read_group(
            domain,
            ["line_id"],
            ["__count", "nbr_answered:sum", "nbr_abandoned:sum", "nbr_in_sl:sum", "wait_time:avg"],
        )
        stats = {line: vals for line, *vals in rows}
        pending = dict(
            Call._read_group(
                [("line_id", "in", self.ids), ("callback_state", "=", "pending")],
                ["line_id"],
                ["__count"],
            )
        )
        for line in self:
            count, answered, abandoned, in_sl, wait = stats.get(line, (0, 0, 0, 0, 0.0))
            line.today_received = count
            line.today_answered = answered
            line.today_abandoned = abandoned
            line.today_service_level = 100.0 * in_sl / count if count else 0.0
            line.today_avg_wait = wait or 0.0
            line.callback_pending = pending.get(line, 0)

    def action_open_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "call_center.action_call_center_call"
        )
        action["domain"] = [("line_id", "=", self.id)]
        action["context"] = {"search_default_filter_today": 1}
        return action
