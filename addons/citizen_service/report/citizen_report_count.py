from odoo import api, fields, models, tools
from odoo.tools import SQL

# the table of counts, kept by the triggers below; no Odoo model of its own
COUNT_TABLE = "citizen_report_count_rows"
# the columns of helpdesk_ticket the counts are kept by (with ``active``: archived reports
# are not counted, as in ``citizen.report.analysis``)
COUNT_KEYS = (
    "company_id",
    "team_id",
    "category_id",
    "petition_type",
    "channel_id",
    "stage_id",
    "citizen_state",
    "closed_on_time",
    "reassigned",
)


class CitizenReportCount(models.Model):
    """Reports counted per municipality, department, petition, origin, stage and
    compliance: what ``citizen.report.analysis`` reads when a pivot asks for nothing finer
    (see its ``_read_group``), so a state-wide pivot adds thousands of counts instead of
    millions of reports.

    The counts live in ``citizen_report_count_rows``, one signed row per change: PostgreSQL
    triggers on ``helpdesk_ticket`` (statement level, with transition tables) add the new
    combinations of every INSERT/UPDATE/DELETE and subtract the old ones, whoever writes
    (ORM, SQL loads, cascades), so the counts are exact when the transaction commits and
    concurrent writers never wait on each other (rows are only appended). A daily cron
    folds the rows into one per combination (:meth:`_citizen_compact`);
    :meth:`_citizen_rebuild` counts everything again. ``closed`` comes from the stage at
    query time, so changing which stages are closed needs no recount.
    """

    _name = "citizen.report.count"
    _description = "Citizen report counts"
    _auto = False

    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", string="Department", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", string="Petition", readonly=True)
    petition_type = fields.Selection(
        lambda self: self.env["citizen.report.analysis"]._fields["petition_type"].selection,
        string="Type",
        readonly=True,
    )
    channel_id = fields.Many2one("helpdesk.ticket.channel", string="Origin", readonly=True)
    stage_id = fields.Many2one("helpdesk.ticket.stage", readonly=True)
    citizen_state = fields.Selection(
        lambda self: self.env["citizen.report.analysis"]._fields["citizen_state"].selection,
        string="Status",
        readonly=True,
    )
    closed = fields.Boolean(readonly=True)
    closed_on_time = fields.Boolean(readonly=True)
    reassigned = fields.Boolean(readonly=True)
    report_count = fields.Integer(string="# Reports", readonly=True, aggregator="sum")
    closed_count = fields.Integer(string="# Closed", readonly=True, aggregator="sum")
    closed_on_time_count = fields.Integer(
        string="# Closed on time", readonly=True, aggregator="sum"
    )
    finished_count = fields.Integer(string="# Finished", readonly=True, aggregator="sum")

    def _key_columns(self, alias):
        return SQL(", ").join(SQL.identifier(alias, key) for key in COUNT_KEYS)

    def _ticket_keys(self, alias):
        """The key columns of ``helpdesk_ticket`` rows (``alias``) as stored in the counts."""
        return SQL(", ").join(
            SQL("COALESCE(%s, FALSE)", SQL.identifier(alias, key))
            if key in ("closed_on_time", "reassigned")
            else SQL.identifier(alias, key)
            for key in COUNT_KEYS
        )

    def init(self):
        cr = self.env.cr
        created = not tools.sql.table_exists(cr, COUNT_TABLE)
        cr.execute(
            SQL(
                """
                CREATE TABLE IF NOT EXISTS %(table)s (
                    id bigserial PRIMARY KEY,
                    company_id integer, team_id integer, category_id integer,
                    petition_type varchar, channel_id integer, stage_id integer,
                    citizen_state varchar, closed_on_time boolean NOT NULL,
                    reassigned boolean NOT NULL, n integer NOT NULL
                )
                """,
                table=SQL.identifier(COUNT_TABLE),
            )
        )
        keys, ticket_keys = self._key_columns("d"), self._ticket_keys("r")
        # one function per event: a statement's rows at once (transition tables)
        for event, rows in (
            ("insert", SQL("SELECT %s, 1 FROM new_rows r WHERE r.active", ticket_keys)),
            ("delete", SQL("SELECT %s, -1 FROM old_rows r WHERE r.active", ticket_keys)),
            (
                "update",
                SQL(
                    "SELECT %s, -1 FROM old_rows r WHERE r.active"
                    " UNION ALL SELECT %s, 1 FROM new_rows r WHERE r.active",
                    ticket_keys,
                    ticket_keys,
                ),
            ),
        ):
            function = SQL.identifier(f"{COUNT_TABLE}_{event}")
            cr.execute(
                SQL(
                    """
                    CREATE OR REPLACE FUNCTION %(function)s() RETURNS trigger
                    LANGUAGE plpgsql AS $body$
                    BEGIN
                        INSERT INTO %(table)s (%(columns)s, n)
                        SELECT %(keys)s, sum(d.n)
                          FROM (%(rows)s) AS d (%(columns)s, n)
                         GROUP BY %(keys)s
                        HAVING sum(d.n) != 0;
                        RETURN NULL;
                    END
                    $body$
                    """,
                    function=function,
                    table=SQL.identifier(COUNT_TABLE),
                    columns=SQL(", ").join(SQL.identifier(key) for key in COUNT_KEYS),
                    keys=keys,
                    rows=rows,
                )
            )
            transition = {
                "insert": "NEW TABLE AS new_rows",
                "delete": "OLD TABLE AS old_rows",
                "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            }[event]
            trigger = SQL.identifier(f"{COUNT_TABLE}_{event}")
            cr.execute(SQL("DROP TRIGGER IF EXISTS %s ON helpdesk_ticket", trigger))
            cr.execute(
                SQL(
                    "CREATE TRIGGER %s AFTER %s ON helpdesk_ticket REFERENCING %s"
                    " FOR EACH STATEMENT EXECUTE FUNCTION %s()",
                    trigger,
                    SQL(event.upper()),
                    SQL(transition),
                    function,
                )
            )
        if created:
            self._citizen_rebuild()
        tools.drop_view_if_exists(cr, self._table)
        cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                    SELECT c.id AS id, c.company_id, c.team_id, c.category_id,
                           c.petition_type, c.channel_id, c.stage_id, c.citizen_state,
                           COALESCE(s.closed, FALSE) AS closed,
                           COALESCE(s.closed, FALSE) AND c.closed_on_time AS closed_on_time,
                           c.reassigned,
                           c.n AS report_count,
                           CASE WHEN s.closed THEN c.n ELSE 0 END AS closed_count,
                           CASE WHEN s.closed AND c.closed_on_time THEN c.n ELSE 0 END
                               AS closed_on_time_count,
                           CASE WHEN c.citizen_state = 'finished' THEN c.n ELSE 0 END
                               AS finished_count
                      FROM %(table)s c
                      LEFT JOIN helpdesk_ticket_stage s ON s.id = c.stage_id
                )
                """,
                view=SQL.identifier(self._table),
                table=SQL.identifier(COUNT_TABLE),
            )
        )

    @api.model
    def _citizen_drop(self):
        """Remove the triggers, their functions and the table (uninstall): helpdesk
        tickets must not depend on a module that is gone."""
        cr = self.env.cr
        for event in ("insert", "update", "delete"):
            name = SQL.identifier(f"{COUNT_TABLE}_{event}")
            cr.execute(SQL("DROP TRIGGER IF EXISTS %s ON helpdesk_ticket", name))
            cr.execute(SQL("DROP FUNCTION IF EXISTS %s()", name))
        tools.drop_view_if_exists(cr, self._table)
        cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(COUNT_TABLE)))

    @api.model
    def _citizen_rebuild(self):
        """Count every active report again (one statement: the rows of reports written
        meanwhile by others stay, and so do their changes)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH gone AS (DELETE FROM %(table)s RETURNING id)
                INSERT INTO %(table)s (%(columns)s, n)
                SELECT %(keys)s, count(*) FROM helpdesk_ticket r
                 WHERE r.active
                 GROUP BY %(keys)s
                """,
                table=SQL.identifier(COUNT_TABLE),
                columns=SQL(", ").join(SQL.identifier(key) for key in COUNT_KEYS),
                keys=self._ticket_keys("r"),
            )
        )

    @api.model
    def _citizen_compact(self):
        """Fold the rows of each combination into one (daily cron); the counts stay."""
        self.env.cr.execute(
            SQL(
                """
                WITH gone AS (DELETE FROM %(table)s RETURNING *)
                INSERT INTO %(table)s (%(columns)s, n)
                SELECT %(keys)s, sum(d.n) FROM gone d
                 GROUP BY %(keys)s
                HAVING sum(d.n) != 0
                """,
                table=SQL.identifier(COUNT_TABLE),
                columns=SQL(", ").join(SQL.identifier(key) for key in COUNT_KEYS),
                keys=self._key_columns("d"),
            )
        )
