from odoo import api, fields, models, tools
from odoo.osv import expression

from .citizen_report_count import COUNT_KEYS

# what ``citizen.report.count`` can answer: grouping and filtering on the columns it counts
# by, and on ``closed`` (read from the stage at query time), and these sums (``__count`` is
# the number of reports, ``compliance:avg`` their ratio)
COUNT_FIELDS = {*COUNT_KEYS, "closed"}
COUNT_SUMS = {
    "report_count:sum",
    "closed_count:sum",
    "closed_on_time_count:sum",
    "finished_count:sum",
}


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

    @api.model
    def _citizen_rules(self):
        """The record rules of this model for the current user (none as superuser)."""
        if self.env.su:
            return []
        return list(self.env["ir.rule"]._compute_domain(self._name, "read") or [])

    @api.model
    def _citizen_counts_can_answer(self, domain, groupby, aggregates, having, order):
        """Whether :meth:`_read_group` can be answered from the report counts: domain,
        record rules, groups and order only on :data:`COUNT_FIELDS` (no date
        granularity), aggregates among :data:`COUNT_SUMS`, ``__count`` and
        ``compliance:avg``, no ``having``."""
        if having or self.env.context.get("citizen_analysis_per_report"):
            return False
        if not all(spec in COUNT_FIELDS for spec in groupby):
            return False
        if not all(
            spec in COUNT_SUMS or spec in ("__count", "compliance:avg") for spec in aggregates
        ):
            return False
        for leaf in expression.normalize_domain(list(domain or []) + self._citizen_rules()):
            if expression.is_operator(leaf) or leaf in (
                expression.TRUE_LEAF,
                expression.FALSE_LEAF,
            ):
                continue
            if not isinstance(leaf, (list, tuple)) or len(leaf) != 3:
                return False
            if not isinstance(leaf[0], str) or leaf[0].split(".")[0] not in COUNT_FIELDS:
                return False
        for term in (order or "").split(","):
            name = term.strip().split(" ")[0]
            if name and name not in groupby:
                return False
        return True

    @api.model
    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        """Pivots and graphs that group and filter by municipality, department, petition,
        type, origin, stage, status or compliance read ``citizen.report.count`` (a few
        thousand counts) instead of every report: same groups, same figures, same record
        rules (those of this model, applied to the counts)."""
        if not self._citizen_counts_can_answer(domain, groupby, aggregates, having, order):
            return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)
        self.browse().check_access("read")
        # the triggers count what is in the table: write what the ORM still holds
        self.env["helpdesk.ticket"].flush_model()
        sums = ["report_count:sum", "closed_count:sum", "closed_on_time_count:sum"] + [
            spec for spec in aggregates if spec in COUNT_SUMS
        ]
        sums = list(dict.fromkeys(sums))
        Count = self.env["citizen.report.count"].sudo()
        rows = Count._read_group(
            expression.AND([list(domain or []), self._citizen_rules()]),
            groupby,
            sums,
            # combinations whose reports all moved elsewhere are no group
            having=[("report_count:sum", "!=", 0)] if groupby else (),
            offset=offset,
            limit=limit,
            order=order,
        )
        result = []
        for row in rows:
            keys = [
                value.with_env(self.env) if isinstance(value, models.BaseModel) else value
                for value in row[: len(groupby)]
            ]
            totals = dict(zip(sums, (value or 0 for value in row[len(groupby) :]), strict=True))
            values = []
            for spec in aggregates:
                if spec == "__count":
                    values.append(totals["report_count:sum"])
                elif spec == "compliance:avg":
                    closed = totals["closed_count:sum"]
                    values.append(
                        100.0 * totals["closed_on_time_count:sum"] / closed
                        if closed
                        else self._read_group_empty_value(spec)
                    )
                elif not groupby and not totals["report_count:sum"]:
                    # no report at all: SUM over nothing, as the ORM gives it
                    values.append(self._read_group_empty_value(spec))
                else:
                    values.append(totals[spec])
            result.append(tuple(keys + values))
        return result

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
