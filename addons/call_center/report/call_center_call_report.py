from odoo import fields, models, tools

from ..models.call_center_call import OUTCOMES, WEEKDAYS


class CallCenterCallReport(models.Model):
    _name = "call.center.call.report"
    _description = "Call-centre statistics"
    _auto = False
    _order = "date_start desc"
    _rec_name = "date_start"

    call_id = fields.Many2one("call.center.call", readonly=True)
    date_start = fields.Datetime(string="Start", readonly=True)
    date_local = fields.Date(string="Day", readonly=True)
    hour_of_day = fields.Integer(string="Hour of day", readonly=True, aggregator=False)
    day_of_week = fields.Selection(WEEKDAYS, string="Day of week", readonly=True)
    direction = fields.Selection([("inbound", "Inbound"), ("outbound", "Outbound")], readonly=True)
    state = fields.Selection(
        [
            ("ringing", "Ringing"),
            ("in_progress", "In progress"),
            ("done", "Finished"),
            ("missed", "Missed"),
        ],
        readonly=True,
    )
    line_id = fields.Many2one("call.center.line", readonly=True)
    pbx_id = fields.Many2one("call.center.pbx", string="PBX", readonly=True)
    operator_id = fields.Many2one("res.users", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Citizen", readonly=True)
    reason_id = fields.Many2one("call.center.reason", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", string="Petition", readonly=True)
    outcome = fields.Selection(OUTCOMES, readonly=True)
    nbr_calls = fields.Integer(string="Calls", readonly=True)
    nbr_answered = fields.Integer(string="Answered calls", readonly=True)
    nbr_abandoned = fields.Integer(string="Abandoned calls", readonly=True)
    nbr_in_sl = fields.Integer(string="Answered within threshold", readonly=True)
    nbr_fcr = fields.Integer(string="Resolved at first contact", readonly=True)
    nbr_reports = fields.Integer(string="Reports created", readonly=True)
    wait_time = fields.Float(string="Average wait (s)", readonly=True, aggregator="avg")
    handle_time = fields.Float(
        string="Average handle time (s)",
        readonly=True,
        aggregator="avg",
        help="Average talk time of answered calls.",
    )
    service_level = fields.Float(
        string="Service level (%)",
        readonly=True,
        aggregator="avg",
        help="Share of inbound calls answered within the line threshold (20 s by default).",
    )
    answer_rate = fields.Float(string="Answer rate (%)", readonly=True, aggregator="avg")
    abandon_rate = fields.Float(string="Abandon rate (%)", readonly=True, aggregator="avg")
    fcr_rate = fields.Float(
        string="First-contact resolution (%)",
        readonly=True,
        aggregator="avg",
        help="Share of answered calls resolved during the call.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT
                    c.id AS id,
                    c.id AS call_id,
                    c.date_start,
                    c.date_local,
                    c.hour_of_day,
                    c.day_of_week,
                    c.direction,
                    c.state,
                    c.line_id,
                    c.pbx_id,
                    c.operator_id,
                    c.partner_id,
                    c.reason_id,
                    c.category_id,
                    c.outcome,
                    1 AS nbr_calls,
                    CASE WHEN c.answered THEN 1 ELSE 0 END AS nbr_answered,
                    CASE WHEN c.abandoned THEN 1 ELSE 0 END AS nbr_abandoned,
                    CASE WHEN c.answered_in_sl THEN 1 ELSE 0 END AS nbr_in_sl,
                    CASE WHEN c.first_contact_resolution THEN 1 ELSE 0 END AS nbr_fcr,
                    CASE WHEN c.report_id IS NOT NULL THEN 1 ELSE 0 END AS nbr_reports,
                    CASE WHEN c.direction = 'inbound' AND c.state IN ('done', 'missed')
                         THEN c.wait_time END AS wait_time,
                    CASE WHEN c.answered THEN c.duration END AS handle_time,
                    CASE WHEN c.direction = 'inbound'
                         THEN CASE WHEN c.answered_in_sl THEN 100.0 ELSE 0.0 END
                    END AS service_level,
                    CASE WHEN c.direction = 'inbound'
                         THEN CASE WHEN c.answered THEN 100.0 ELSE 0.0 END
                    END AS answer_rate,
                    CASE WHEN c.direction = 'inbound'
                         THEN CASE WHEN c.abandoned THEN 100.0 ELSE 0.0 END
                    END AS abandon_rate,
                    CASE WHEN c.answered
                         THEN CASE WHEN c.first_contact_resolution THEN 100.0 ELSE 0.0 END
                    END AS fcr_rate
                FROM call_center_call c
            )
            """
        )
