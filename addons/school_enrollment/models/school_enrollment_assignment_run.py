import json
import time

from psycopg2.extras import execute_values

from odoo import api, fields, models
from odoo.addons.queue_job.job import identity_exact
from odoo.exceptions import UserError

from ..tools import assignment as engine

JOB_CHANNEL = "root.assignment"


class SchoolEnrollmentAssignmentRun(models.Model):
    _name = "school.enrollment.assignment.run"
    _description = "School Assignment Run"
    _order = "id desc"

    name = fields.Char(required=True, readonly=True, default="/")
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        required=True,
        readonly=True,
        default="done",
        help="Runs launched from the assignment wizard wait in the job queue (channel "
        "root.assignment, one at a time) and are done once the job has distributed the "
        "applicants.",
    )
    error = fields.Text(readonly=True)
    mode = fields.Selection(
        [
            ("initial", "Initial distribution"),
            ("redistribution", "Redistribution of change requests"),
        ],
        required=True,
        readonly=True,
        default="initial",
    )
    campaign_id = fields.Many2one("school.enrollment.campaign", readonly=True, required=True)
    user_id = fields.Many2one(
        "res.users", "Run By", readonly=True, default=lambda self: self.env.user
    )
    date = fields.Datetime(readonly=True, default=fields.Datetime.now)
    seed = fields.Integer("Lottery Seed", readonly=True)
    parameters = fields.Text(readonly=True)
    applicant_count = fields.Integer("Applicants Distributed", readonly=True)
    count_disability = fields.Integer("By Disability", readonly=True)
    count_sibling = fields.Integer("By Siblings", readonly=True)
    count_influence = fields.Integer("By Area of Influence", readonly=True)
    count_distance = fields.Integer("By Distance", readonly=True)
    count_unassigned = fields.Integer("Without Seat", readonly=True)
    influence_share = fields.Float("Share Within Influence (%)", readonly=True, digits=(5, 2))
    envy_forced = fields.Integer(
        "Priority Exceptions for Siblings",
        readonly=True,
        help="Children who did not get a school where they outrank a seat holder because "
        "siblings applying together (twins) were kept in one school.",
    )
    total_distance_km = fields.Float("Total Distance (km)", readonly=True, digits=(12, 1))
    max_distance_km = fields.Float("Longest Trip (km)", readonly=True, digits=(10, 2))
    duration = fields.Float("Duration (s)", readonly=True, digits=(10, 2))
    request_ids = fields.One2many("school.enrollment.change.request", "run_id", "Change Requests")

    # -------------------------------------------------------------------------
    @api.model
    def _missing_colonia_domain(self, campaign, mode="initial"):
        return self._applicant_domain(campaign, mode) + [("colonia_id", "=", False)]

    @api.model
    def _applicant_domain(self, campaign, mode="initial"):
        if mode == "redistribution":
            return [
                ("campaign_id", "=", campaign.id),
                ("change_request_ids.state", "=", "approved"),
            ]
        return [("campaign_id", "=", campaign.id), ("state", "in", ("draft", "assigned"))]

    @api.model
    def _precheck(self, campaign, mode="initial"):
        """Refuse to distribute unless 100% of applicants have a colonia."""
        Applicant = self.env["school.enrollment.applicant"]
        missing = Applicant.search(self._missing_colonia_domain(campaign, mode), order="folio")
        if missing:
            shown = ", ".join(missing[:30].mapped("folio"))
            more = len(missing) - 30
            raise UserError(
                self.env._(
                    "The distribution cannot start: %(count)s applicant(s) have no colonia related. "
                    "Folios: %(folios)s%(more)s",
                    count=len(missing),
                    folios=shown,
                    more=self.env._(" and %s more", more) if more > 0 else "",
                )
            )
        if not Applicant.search_count(self._applicant_domain(campaign, mode), limit=1):
            raise UserError(self.env._("There are no applicants to distribute."))
        # a school offering seats must have coordinates (distances, nearest schools)
        self.env["school.enrollment.school"].flush_model(["latitude", "longitude", "active"])
        self.env["school.enrollment.seat"].flush_model(["seats", "school_id"])
        self.env.cr.execute(
            """
            SELECT DISTINCT sc.id FROM school_enrollment_school sc
              JOIN school_enrollment_seat s ON s.school_id = sc.id AND s.seats > 0
             WHERE sc.active
               AND (sc.latitude IS NULL OR sc.longitude IS NULL
                    OR (sc.latitude = 0 AND sc.longitude = 0)
                    OR abs(sc.latitude) > 90 OR abs(sc.longitude) > 180)
            """
        )
        nogeo = [r[0] for r in self.env.cr.fetchall()]
        if nogeo:
            schools = self.env["school.enrollment.school"].browse(nogeo).sorted("cct")
            more = len(schools) - 30
            raise UserError(
                self.env._(
                    "The distribution cannot start: %(count)s school(s) offering seats have no "
                    "coordinates. Schools: %(schools)s%(more)s",
                    count=len(schools),
                    schools=", ".join(schools[:30].mapped("display_name")),
                    more=self.env._(" and %s more", more) if more > 0 else "",
                )
            )

    @api.model
    def _enqueue(self, campaign, mode="initial", seed=1):
        """Record a queued run and delay it to a job (after the commit, one at a time).

        The prechecks run now, so the user sees a refused distribution at once.
        """
        self.check_access("create")
        self._precheck(campaign, mode)
        run = self.create(
            {"campaign_id": campaign.id, "mode": mode, "seed": seed, "state": "queued"}
        )
        run.name = self.env._("Run %s", run.id)
        run.with_delay(
            channel=JOB_CHANNEL,
            max_retries=1,
            identity_key=identity_exact,
            description=self.env._("School assignment: %(run)s", run=run.name),
        )._run_queued()
        return run

    def _run_queued(self):
        """Job: distribute the applicants of a queued run."""
        self.ensure_one()
        if self.state != "queued":
            return f"already {self.state}"
        try:
            with self.env.cr.savepoint():
                self._execute(self.campaign_id, self.mode, self.seed, run=self)
        except UserError as err:
            # data changed since the wizard (e.g. an applicant without colonia): refused
            self.write({"state": "failed", "error": str(err)})
            return f"refused: {err}"
        return f"done: {self.applicant_count} applicants"

    def _run_job_failed(self, exc_info=None, exc_name=None, exc_message=None, **_kwargs):
        """``on_fail`` of the job: the run ended in an unexpected error."""
        self.filtered(lambda r: r.state == "queued").write(
            {"state": "failed", "error": str(exc_message or exc_name or "")[:2000]}
        )

    @api.model
    def _execute(self, campaign, mode="initial", seed=1, run=None):
        """Run the engine over the campaign and write the result in bulk.

        Synchronous (tests, benchmark, demo data, redistribution); the wizard queues it.
        ``run``: the queued run to fill in (a new one otherwise).
        """
        self.check_access("create")
        self._precheck(campaign, mode)
        t0 = time.time()
        cr = self.env.cr
        # parents taking seats on the portal wait for the run to finish
        cr.execute("SELECT id FROM school_enrollment_seat ORDER BY id FOR UPDATE")
        Applicant = self.env["school.enrollment.applicant"]
        Applicant.flush_model()
        self.env["school.enrollment.seat"].flush_model()
        self.env["school.enrollment.school"].flush_model()
        self.env["school.enrollment.change.request"].flush_model()
        # applicants to distribute
        if mode == "redistribution":
            cr.execute(
                """
                SELECT DISTINCT a.id FROM school_enrollment_applicant a
                  JOIN school_enrollment_change_request r ON r.applicant_id = a.id
                 WHERE a.campaign_id = %s AND a.active AND r.state = 'approved'
            """,
                (campaign.id,),
            )
        else:
            cr.execute(
                """
                SELECT id FROM school_enrollment_applicant
                 WHERE campaign_id = %s AND active AND state IN ('draft', 'assigned')
            """,
                (campaign.id,),
            )
        ids = [r[0] for r in cr.fetchall()]
        if mode == "redistribution" and ids:
            # siblings applying now (twins) are redistributed together
            cr.execute(
                """
                SELECT id FROM school_enrollment_applicant
                 WHERE active AND sibling_applicant_id = ANY(%(ids)s)
                 UNION
                SELECT sibling_applicant_id FROM school_enrollment_applicant
                 WHERE id = ANY(%(ids)s) AND sibling_applicant_id IS NOT NULL
            """,
                {"ids": ids},
            )
            ids = sorted(set(ids) | {r[0] for r in cr.fetchall()})
        if not run:
            run = self.create({"campaign_id": campaign.id, "mode": mode, "seed": seed})
            run.name = self.env._("Run %s", run.id)
        stats = self._distribute(ids, seed, run, redistribution=mode == "redistribution")
        stats["duration"] = time.time() - t0
        run.write(
            {
                "applicant_count": len(ids),
                "count_disability": stats["counts"]["disability"],
                "count_sibling": stats["counts"]["sibling"],
                "count_influence": stats["counts"]["influence"],
                "count_distance": stats["counts"]["distance"],
                "count_unassigned": stats["counts"]["unassigned"],
                "influence_share": stats["influence_share"],
                "envy_forced": stats["envy_forced"],
                "total_distance_km": stats["total_distance_km"],
                "max_distance_km": stats["max_distance_km"],
                "duration": stats["duration"],
                "state": "done",
                "error": False,
                "date": fields.Datetime.now(),
                "parameters": json.dumps(
                    {
                        "mode": mode,
                        "seed": seed,
                        "campaign": campaign.name,
                        "criteria": ["disability", "sibling", "influence", "distance"],
                        "applicants": len(ids),
                        "schools": stats["schools"],
                        "timings_s": stats["timings"],
                        "engine": "min-cost flow (OR-Tools), no justified envy",
                        "envy": stats["envy"],
                        "envy_forced": stats["envy_forced"],
                        "max_trip_km_by_grade": stats["max_trip_km"],
                    }
                ),
            }
        )
        return run

    @api.model
    def _distribute(self, ids, seed, run=None, redistribution=False):
        """Engine + bulk write for applicant ``ids`` (their seats are released first).

        Returns a dict with ``counts``, ``influence_share``, ``schools`` and ``timings``."""
        t0 = time.time()
        cr = self.env.cr
        # free seats = seats - seats held by applicants NOT being distributed
        cr.execute(
            """
            SELECT s.school_id, s.grade, GREATEST(s.seats - COALESCE(h.n, 0), 0),
                   sc.latitude, sc.longitude
              FROM school_enrollment_seat s
              JOIN school_enrollment_school sc ON sc.id = s.school_id AND sc.active
         LEFT JOIN (SELECT school_id, grade, count(*) AS n FROM school_enrollment_applicant
                     WHERE school_id IS NOT NULL AND active AND NOT (id = ANY(%s))
                  GROUP BY school_id, grade) h
                ON h.school_id = s.school_id AND h.grade = s.grade
        """,
            (ids,),
        )
        schools = {}
        for sid, grade, free, lat, lon in cr.fetchall():
            sch = schools.setdefault(sid, {"id": sid, "lat": lat, "lon": lon, "free": {}})
            sch["free"][grade] = free
        cr.execute(
            "SELECT colonia_id, array_agg(school_id) FROM school_enrollment_school_influence_rel GROUP BY colonia_id"
        )
        influence = dict(cr.fetchall())
        cr.execute(
            """
            SELECT a.id, a.grade, a.colonia_id,
                   COALESCE(NULLIF(a.latitude, 0), c.latitude), COALESCE(NULLIF(a.longitude, 0), c.longitude),
                   a.disability, a.sibling_school_id, a.sibling_applicant_id
              FROM school_enrollment_applicant a
         LEFT JOIN citizen_colonia c ON c.id = a.colonia_id
             WHERE a.id = ANY(%s)
        """,
            (ids,),
        )
        rows = cr.fetchall()
        preferred = {}
        if redistribution:
            cr.execute(
                """
                SELECT applicant_id, requested_school_id FROM school_enrollment_change_request
                 WHERE state = 'approved' AND requested_school_id IS NOT NULL
                   AND applicant_id = ANY(%s)
                """,
                (ids,),
            )
            preferred = dict(cr.fetchall())
        groups = engine.union_groups([(r[0], r[7]) for r in rows if r[7]])
        applicants = [
            {
                "id": r[0],
                "grade": r[1],
                "colonia_id": r[2],
                "lat": r[3],
                "lon": r[4],
                "disability": r[5],
                "sibling_school_id": r[6],
                "group": groups.get(r[0]),
                "preferred_school_id": preferred.get(r[0]),
            }
            for r in rows
        ]
        t_load = time.time()
        engine_timings = {}
        try:
            result = engine.assign(
                schools.values(), applicants, influence, seed=seed, timings=engine_timings
            )
        except engine.AssignmentInputError as exc:
            raise UserError(self._engine_error_message(exc)) from exc
        t_engine = time.time()
        influence_sets = {c: set(v) for c, v in influence.items()}
        colonia_of = {a["id"]: a["colonia_id"] for a in applicants}
        now = fields.Datetime.now()
        values = []
        in_area = 0
        total_km = max_km = 0.0
        for aid, school_id, crit, dist in result.rows():
            inside = bool(school_id and school_id in influence_sets.get(colonia_of[aid], ()))
            in_area += inside
            if school_id and dist:
                total_km += dist
                max_km = max(max_km, dist)
            if redistribution and crit != "unassigned":
                crit = "redistribution"
            reason, nearer, nearer_km = result.explain.get(aid, (None, None, None))
            values.append(
                (
                    aid,
                    school_id,
                    crit,
                    dist or 0.0,
                    inside,
                    "assigned" if school_id else "draft",
                    reason,
                    nearer,
                    nearer_km or 0.0,
                )
            )
        self._bulk_write(values, run.id if run else None, now)
        self.env["school.enrollment.seat"]._recompute_taken()
        t_write = time.time()
        assigned = result.assigned
        return {
            "counts": result.counts,
            "envy": result.envy,
            "envy_forced": result.envy_forced,
            "max_trip_km": result.max_trip_km,
            "total_distance_km": round(total_km, 1),
            "max_distance_km": round(max_km, 2),
            "influence_share": round(100.0 * in_area / assigned, 2) if assigned else 0.0,
            "schools": len(schools),
            "assigned": assigned,
            "timings": {
                "load": round(t_load - t0, 2),
                "engine": round(t_engine - t_load, 2),
                "engine_detail": engine_timings,
                "write": round(t_write - t_engine, 2),
            },
        }

    @api.model
    def _engine_error_message(self, exc):
        """The engine's refusal of its input, in the user's language."""
        if exc.code == "school_without_coordinates":
            schools = self.env["school.enrollment.school"].browse(exc.items).sorted("cct")
            return self.env._(
                "The distribution cannot start: %(count)s school(s) offering seats have no "
                "coordinates. Schools: %(schools)s%(more)s",
                count=len(schools),
                schools=", ".join(schools[:30].mapped("display_name")),
                more=self.env._(" and %s more", len(schools) - 30) if len(schools) > 30 else "",
            )
        if exc.code == "fractional_seats":
            return self.env._(
                "The distribution cannot start: seats must be whole numbers (%(items)s).",
                items=", ".join(str(x) for x in exc.items[:30]),
            )
        return self.env._("The distribution cannot start: %(error)s", error=str(exc))

    @api.model
    def _bulk_write(self, values, run_id, now, page=20000):
        """UPDATE ... FROM (VALUES ...) in pages, then invalidate the cache."""
        for start in range(0, len(values), page):
            self._exec_values(values[start : start + page], run_id, now, page)
        self.env["school.enrollment.applicant"].invalidate_model(
            [
                "school_id",
                "assignment_criterion",
                "distance_km",
                "in_influence",
                "assignment_reason",
                "nearer_school_id",
                "nearer_distance_km",
                "state",
                "run_id",
                "date_assigned",
                "write_date",
                "write_uid",
            ]
        )

    def _exec_values(self, chunk, run_id, now, page):
        """One UPDATE for a chunk sorted by id; the id range lets PostgreSQL use
        the primary key instead of scanning the whole table for each chunk."""
        cr = self.env.cr
        sql = cr._obj.mogrify(
            """
            UPDATE school_enrollment_applicant a
               SET school_id = v.school_id, assignment_criterion = v.crit,
                   distance_km = v.dist, in_influence = v.inside, state = v.state,
                   assignment_reason = v.reason, nearer_school_id = v.nearer,
                   nearer_distance_km = v.nearer_km,
                   run_id = %s, date_assigned = %s, write_date = %s, write_uid = %s
              FROM (VALUES {values})
                   AS v(id, school_id, crit, dist, inside, state, reason, nearer, nearer_km)
             WHERE a.id = v.id AND a.id BETWEEN %s AND %s
               AND (a.school_id, a.assignment_criterion, a.state, a.in_influence, a.distance_km,
                    a.assignment_reason, a.nearer_school_id, a.nearer_distance_km)
                   IS DISTINCT FROM (v.school_id, v.crit, v.state, v.inside, v.dist,
                                     v.reason, v.nearer, v.nearer_km)
        """,
            (run_id, now, now, self.env.uid, chunk[0][0], chunk[-1][0]),
        ).decode()
        execute_values(
            cr._obj,
            sql.replace("{values}", "%s"),
            chunk,
            template="(%s, %s::int, %s::varchar, %s::numeric, %s::bool, %s::varchar, "
            "%s::varchar, %s::int, %s::numeric)",
            page_size=page,
        )
