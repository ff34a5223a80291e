import logging
import time

from odoo import api, fields, models
from odoo.addons.citizen_service.tools.workdays import CITIZEN_TZ
from odoo.tools import SQL

from ..tools import geo, map_cells

_logger = logging.getLogger(__name__)

KEY = (
    "level",
    "cell_lat",
    "cell_lng",
    "company_id",
    "citizen_state",
    "month",
    "ticket_active",
    "deadline",
)
TRIGGERS = {
    # trigger -> (event, transition tables, function)
    "citizen_map_cell_ins": ("INSERT", "NEW TABLE AS new_rows", "citizen_map_cell_ins"),
    "citizen_map_cell_upd": (
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "citizen_map_cell_upd",
    ),
    "citizen_map_cell_del": ("DELETE", "OLD TABLE AS old_rows", "citizen_map_cell_del"),
}
# the columns of a report that place it in a cell
COLUMNS = "latitude, longitude, company_id, citizen_state, create_date, active, date_deadline"


class CitizenMapCell(models.Model):
    """Counts of the located reports per grid cell of a few zoom levels, status, month of
    creation, company, archived or not and (open statuses) deadline.

    Kept exact by PostgreSQL statement triggers on ``helpdesk_ticket`` (one batched
    insert of deltas per INSERT / UPDATE / DELETE statement, appended rather than
    upserted so that concurrent captures never contend for one row, whatever wrote it: the ORM,
    a stored related or computed field recomputed at flush, or plain SQL such as the demo
    generators and the benchmarks' bulk loads), rebuilt by :meth:`_citizen_rebuild`.
    Read only through ``sudo()`` by ``helpdesk.ticket.citizen_map_markers``, with the
    search and the record rules of the user translated to the cells.
    """

    _name = "citizen.map.cell"
    _description = "Map cell"
    _log_access = False
    _order = "level, cell_lat, cell_lng"

    level = fields.Integer(required=True, readonly=True)
    cell_lat = fields.Integer(string="Latitude cell", required=True, readonly=True)
    cell_lng = fields.Integer(string="Longitude cell", required=True, readonly=True)
    company_id = fields.Many2one("res.company", readonly=True, ondelete="cascade")
    citizen_state = fields.Selection(
        selection="_selection_citizen_state", string="Status", readonly=True
    )
    month = fields.Date(string="Month of creation", readonly=True)
    ticket_active = fields.Boolean(string="Active report", readonly=True)
    deadline = fields.Date(readonly=True)
    count = fields.Integer(readonly=True)
    sum_lat = fields.Float(string="Sum of latitudes", digits=(16, 7), readonly=True)
    sum_lng = fields.Float(string="Sum of longitudes", digits=(16, 7), readonly=True)

    @api.model
    def _selection_citizen_state(self):
        return self.env["helpdesk.ticket.stage"]._fields["citizen_state"].selection

    def init(self):
        cr = self.env.cr
        # rows are appended deltas (no unique key): two captures in one cell never wait
        # for each other on a shared row, nor fail to serialize
        cr.execute("DROP INDEX IF EXISTS citizen_map_cell_key_index")
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS citizen_map_cell_read_index ON citizen_map_cell (%s)",
                SQL(", ".join(KEY)),
            )
        )
        cr.execute(SQL("SELECT count(*) FROM pg_trigger WHERE tgname IN %s", tuple(TRIGGERS)))
        existed = cr.fetchone()[0] == len(TRIGGERS)
        self._citizen_create_triggers()
        if not existed:
            # first install (or an update from a version without cells): count them all
            self._citizen_rebuild()

    # --- SQL of the deltas ------------------------------------------------------
    @api.model
    def _citizen_delta_sql(self, source):
        """Append to the cells the deltas of the signed rows of ``source`` (``sign`` and
        :data:`COLUMNS` of reports): one batched statement for all the levels. A key may
        have several rows; readers sum them, :meth:`_citizen_rebuild` folds them."""
        levels = ", ".join(
            f"({level}, {geo.grid_cell(level)!r}::float8)" for level in map_cells.LEVELS
        )
        open_states = ", ".join(f"'{state}'" for state in map_cells.DEADLINE_STATES)
        return f"""
        WITH src AS ({source}),
        tz AS (
            SELECT c.id AS company_id, citizen_map_cell_tz(p.tz) AS tz
              FROM res_company c JOIN res_partner p ON p.id = c.partner_id
             WHERE c.id IN (SELECT DISTINCT company_id FROM src)
        ),
        pt AS (
            SELECT s.sign, s.latitude, s.longitude, s.company_id, s.citizen_state, s.active,
                   date_trunc('month', (s.create_date AT TIME ZONE 'UTC')
                                       AT TIME ZONE coalesce(tz.tz, '{CITIZEN_TZ}'))::date AS month,
                   CASE WHEN s.citizen_state IN ({open_states})
                        THEN greatest(s.date_deadline, CURRENT_DATE - {map_cells.DEADLINE_SLACK})
                   END AS deadline
              FROM src s LEFT JOIN tz ON tz.company_id = s.company_id
             WHERE s.latitude IS NOT NULL AND s.longitude IS NOT NULL
               AND (s.latitude <> 0 OR s.longitude <> 0)
        )
        INSERT INTO citizen_map_cell ({", ".join(KEY)}, count, sum_lat, sum_lng)
        SELECT l.level, floor(pt.latitude::float8 / l.size)::int,
               floor(pt.longitude::float8 / l.size)::int,
               pt.company_id, pt.citizen_state, pt.month, pt.active, pt.deadline,
               sum(pt.sign), sum(pt.sign * pt.latitude), sum(pt.sign * pt.longitude)
          FROM pt CROSS JOIN (VALUES {levels}) AS l(level, size)
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
        HAVING sum(pt.sign) <> 0 OR sum(pt.sign * pt.latitude) <> 0
            OR sum(pt.sign * pt.longitude) <> 0
        """

    @api.model
    def _citizen_create_triggers(self):
        cr = self.env.cr
        # the SQL below is made of this module's constants only (no user input)
        cr.execute(
            SQL(
                f"""
            CREATE OR REPLACE FUNCTION citizen_map_cell_tz(name text) RETURNS text
            LANGUAGE plpgsql STABLE AS $$
            BEGIN
                -- a time zone PostgreSQL does not know falls back to the city's
                IF name IS NULL OR name = '' THEN
                    RETURN '{CITIZEN_TZ}';
                END IF;
                PERFORM now() AT TIME ZONE name;
                RETURN name;
            EXCEPTION WHEN others THEN
                RETURN '{CITIZEN_TZ}';
            END $$;
            """
            )
        )
        old = f"SELECT -1 AS sign, {COLUMNS} FROM old_rows"
        new = f"SELECT 1 AS sign, {COLUMNS} FROM new_rows"
        changed = ", ".join(f"o.{c}" for c in COLUMNS.split(", "))
        changed_new = ", ".join(f"n.{c}" for c in COLUMNS.split(", "))
        moved = f"""
            SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE ({changed}) IS DISTINCT FROM ({changed_new})
        """
        bodies = {
            "citizen_map_cell_ins": self._citizen_delta_sql(new),
            "citizen_map_cell_del": self._citizen_delta_sql(old),
            # only the reports whose place, status, month, company, archiving or
            # deadline changed (most updates touch none of them)
            "citizen_map_cell_upd": self._citizen_delta_sql(
                f"""{old} WHERE id IN (SELECT id FROM moved)
                    UNION ALL {new} WHERE id IN (SELECT id FROM moved)"""
            ).replace("WITH src AS", f"WITH moved AS ({moved}), src AS", 1),
        }
        for function, body in bodies.items():
            cr.execute(
                SQL(
                    f"""
                CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    {body};
                    RETURN NULL;
                END $$;
                """
                )
            )
        for trigger, (event, tables, function) in TRIGGERS.items():
            cr.execute(SQL("DROP TRIGGER IF EXISTS %s ON helpdesk_ticket", SQL.identifier(trigger)))
            cr.execute(
                SQL(
                    f"""CREATE TRIGGER {trigger} AFTER {event} ON helpdesk_ticket
                    REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"""
                )
            )

    @api.model
    def _citizen_drop_triggers(self):
        cr = self.env.cr
        for trigger, (_event, _tables, function) in TRIGGERS.items():
            cr.execute(SQL("DROP TRIGGER IF EXISTS %s ON helpdesk_ticket", SQL.identifier(trigger)))
            cr.execute(SQL("DROP FUNCTION IF EXISTS %s()", SQL.identifier(function)))
        cr.execute("DROP FUNCTION IF EXISTS citizen_map_cell_tz(text)")

    # --- rebuild ----------------------------------------------------------------
    @api.model
    def _citizen_rebuild(self):
        """Count every report again (install, after a bulk load, nightly: it folds the
        appended deltas into one row per key and merges the keys of past deadlines).
        Safe beside concurrent captures: their deltas, committed after this snapshot,
        are neither deleted nor counted here. Returns the number of cells."""
        started = time.monotonic()
        self.env["helpdesk.ticket"].flush_model()
        cr = self.env.cr
        cr.execute("DELETE FROM citizen_map_cell")
        every_report = "SELECT 1 AS sign, " + COLUMNS + " FROM helpdesk_ticket"
        cr.execute(SQL(self._citizen_delta_sql(every_report)))
        cr.execute("SELECT count(*) FROM citizen_map_cell")
        cells = cr.fetchone()[0]
        self.invalidate_model()
        _logger.info("Map cells rebuilt: %s cells in %.1f s", cells, time.monotonic() - started)
        return cells

    @api.model
    def _cron_citizen_rebuild(self):
        self.sudo()._citizen_rebuild()
