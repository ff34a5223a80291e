from odoo import fields, models, tools


class CitizenReportAnalysis(models.Model):
    """Statistics of citizen reports (SQL view over ``helpdesk_ticket``).

    One row per active report. ``compliance`` is 100 when a closed report was closed on or
    before its deadline, 0 when it was closed late and NULL while it is open, so the
    average of the field (pivot measure) is the compliance percentage of closed reports.
    """

    _name = "citizen.report.analysis"
    _description = "Citizen reports analysis"
    _auto = False
    _rec_name = "number"
    _order = "create_date desc"

    number = fields.Char(string="Folio", readonly=True)
    ticket_id = fields.Many2one("helpdesk.ticket", string="Report", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", string="Department", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", string="Petition", readonly=True)
    petition_type = fields.Selection(
        [
            ("procedure", "Procedure / service"),
            ("complaint", "Complaint"),
            ("denunciation", "Denunciation"),
            ("information", "Information"),
        ],
        string="Type",
        readonly=True,
    )
    channel_id = fields.Many2one("helpdesk.ticket.channel", string="Origin", readonly=True)
    colonia_id = fields.Many2one("citizen.colonia", readonly=True)
    stage_id = fields.Many2one("helpdesk.ticket.stage", readonly=True)
    citizen_state = fields.Selection(
        [
            ("captured", "Captured"),
            ("in_process", "In process"),
            ("finished", "Finished"),
            ("cancelled", "Cancelled"),
            ("not_viable", "Not viable"),
        ],
        string="Status",
        readonly=True,
    )
    user_id = fields.Many2one("res.users", string="Assigned user", readonly=True)
    create_uid = fields.Many2one("res.users", string="Captured by", readonly=True)
    finished_by_id = fields.Many2one("res.users", string="Finished by", readonly=True)
    finished_date = fields.Datetime(string="Finished on", readonly=True)
    finished_count = fields.Integer(string="# Finished", readonly=True, aggregator="sum")
    productivity_user = fields.Boolean(
        string="Counted in productivity",
        readonly=True,
        help="Finished by an official: a member of a department, or an operator who is "
        "not a technical administrator. System, portal and public users are left out.",
    )
    partner_id = fields.Many2one("res.partner", string="Citizen", readonly=True)
    citizen_sex = fields.Selection(
        [("female", "Female"), ("male", "Male"), ("other", "Other / not stated")],
        string="Sex",
        readonly=True,
    )
    create_date = fields.Datetime(string="Created on", readonly=True)
    date_deadline = fields.Date(string="Deadline", readonly=True)
    closed_date = fields.Datetime(string="Closed on", readonly=True)
    closed = fields.Boolean(readonly=True)
    reassigned = fields.Boolean(readonly=True)
    closed_on_time = fields.Boolean(readonly=True)
    report_count = fields.Integer(string="# Reports", readonly=True, aggregator="sum")
    closed_count = fields.Integer(string="# Closed", readonly=True, aggregator="sum")
    closed_on_time_count = fields.Integer(
        string="# Closed on time", readonly=True, aggregator="sum"
    )
    compliance = fields.Float(
        string="Compliance (%)",
        digits=(16, 1),
        readonly=True,
        aggregator="avg",
        help="Share of the closed reports that were closed within their deadline.",
    )
    days_to_close = fields.Float(
        string="Days to close",
        digits=(16, 1),
        readonly=True,
        aggregator="avg",
        help="Calendar days between the capture and the closing of the report.",
    )

    def _select(self):
        return """
            SELECT
                t.id AS id,
                t.id AS ticket_id,
                t.number AS number,
                t.company_id AS company_id,
                t.team_id AS team_id,
                t.category_id AS category_id,
                t.petition_type AS petition_type,
                t.channel_id AS channel_id,
                t.colonia_id AS colonia_id,
                t.stage_id AS stage_id,
                t.citizen_state AS citizen_state,
                t.user_id AS user_id,
                t.create_uid AS create_uid,
                t.finished_by_id AS finished_by_id,
                CASE WHEN t.citizen_state = 'finished' THEN t.finished_date END AS finished_date,
                CASE WHEN t.citizen_state = 'finished' THEN 1 ELSE 0 END AS finished_count,
                (pu.id IS NOT NULL) AS productivity_user,
                t.partner_id AS partner_id,
                t.citizen_sex AS citizen_sex,
                t.create_date AS create_date,
                t.date_deadline AS date_deadline,
                CASE WHEN s.closed THEN t.closed_date END AS closed_date,
                COALESCE(s.closed, FALSE) AS closed,
                COALESCE(t.reassigned, FALSE) AS reassigned,
                COALESCE(s.closed AND t.closed_on_time, FALSE) AS closed_on_time,
                1 AS report_count,
                CASE WHEN s.closed THEN 1 ELSE 0 END AS closed_count,
                CASE WHEN s.closed AND t.closed_on_time THEN 1 ELSE 0 END
                    AS closed_on_time_count,
                CASE
                    WHEN s.closed IS NOT TRUE THEN NULL
                    WHEN t.closed_on_time THEN 100.0
                    ELSE 0.0
                END AS compliance,
                CASE
                    WHEN s.closed AND t.closed_date IS NOT NULL
                    THEN EXTRACT(EPOCH FROM (t.closed_date - t.create_date)) / 86400.0
                END AS days_to_close
        """

    def _from(self):
        return f"""
            FROM helpdesk_ticket t
            LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
            LEFT JOIN ({self._productive_users_query()}) pu ON pu.id = t.finished_by_id
        """

    def _productive_users_query(self):
        """Users whose finished reports count as productivity: officials (members of a
        department) and operators who are not technical administrators; never the
        superuser, portal or public users."""
        return """
            SELECT u.id FROM res_users u
             WHERE u.id != 1 AND NOT COALESCE(u.share, FALSE) AND (
                   EXISTS (SELECT 1 FROM helpdesk_ticket_team_res_users_rel m
                            WHERE m.res_users_id = u.id)
                OR (EXISTS (SELECT 1 FROM res_groups_users_rel g
                              JOIN ir_model_data d ON d.model = 'res.groups' AND d.res_id = g.gid
                             WHERE g.uid = u.id AND d.module = 'citizen_service'
                               AND d.name = 'group_citizen_operator')
                    AND NOT EXISTS (SELECT 1 FROM res_groups_users_rel g
                                     JOIN ir_model_data d
                                       ON d.model = 'res.groups' AND d.res_id = g.gid
                                    WHERE g.uid = u.id AND d.module = 'base'
                                      AND d.name = 'group_system')))
        """

    def _where(self):
        return "WHERE t.active"

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"CREATE OR REPLACE VIEW {self._table} AS ("
            f"{self._select()} {self._from()} {self._where()})"
        )
