from odoo import api, fields, models
from odoo.exceptions import UserError

from .school_enrollment_school import GRADES


def take_seat_sql(cr, school_id, grade):
    """Conditional UPDATE taking one seat; True if a seat was free.

    The row lock taken by the UPDATE serialises concurrent parents; the
    ``seats_taken < seats`` condition (and the no_overbooking CHECK) make
    overbooking impossible. A parent whose transaction loses the race gets a
    serialization failure, which the HTTP layer retries: it is not logged as an
    ERROR ("bad query") on every race."""
    cr.execute(
        """
        UPDATE school_enrollment_seat
           SET seats_taken = seats_taken + 1,
               seats_free = seats - seats_taken - 1
         WHERE school_id = %s AND grade = %s AND seats_taken < seats
     RETURNING id
        """,
        (school_id, grade),
        log_exceptions=False,
    )
    return bool(cr.fetchone())


class SchoolEnrollmentSeat(models.Model):
    _name = "school.enrollment.seat"
    _description = "School Seats per Grade"
    _order = "school_id, grade"
    _rec_name = "school_id"

    school_id = fields.Many2one(
        "school.enrollment.school", required=True, ondelete="cascade", index=True
    )
    grade = fields.Selection(GRADES, required=True)
    grade_label = fields.Char("Grade Name", compute="_compute_grade_label")
    seats = fields.Integer(required=True, default=0)
    # seats_taken / seats_free are maintained with atomic SQL updates (see
    # _take_seat and the assignment run), never in Python read-modify-write.
    seats_taken = fields.Integer(readonly=True, default=0)
    seats_free = fields.Integer("Seats Left", compute="_compute_seats_free", store=True)
    level = fields.Selection(related="school_id.level", store=True, string="Level")
    shift = fields.Selection(related="school_id.shift", store=True, string="Shift")
    colonia_id = fields.Many2one(related="school_id.colonia_id", store=True, string="Colonia")
    active = fields.Boolean(related="school_id.active", store=True)

    _sql_constraints = [
        (
            "school_grade_uniq",
            "unique(school_id, grade)",
            "Each grade can only be listed once per school.",
        ),
        ("seats_positive", "CHECK(seats >= 0 AND seats_taken >= 0)", "Seats cannot be negative."),
        (
            "no_overbooking",
            "CHECK(seats_taken <= seats)",
            "Seats cannot be lower than the seats already taken.",
        ),
    ]

    @api.depends("seats", "seats_taken")
    def _compute_seats_free(self):
        for seat in self:
            seat.seats_free = seat.seats - seat.seats_taken

    def _compute_grade_label(self):
        labels = dict(self._fields["grade"]._description_selection(self.env))
        for seat in self:
            seat.grade_label = labels.get(seat.grade, "")

    @api.model
    def _take_seat(self, school_id, grade):
        """Atomically take one seat of ``grade`` in ``school_id``.

        A conditional UPDATE: PostgreSQL locks the row, so two parents racing
        for the last seat cannot both get it (the second one either matches
        no row or fails with a serialization error and is retried).  Returns
        True when the seat was taken."""
        self.flush_model()
        taken = take_seat_sql(self.env.cr, school_id, grade)
        self.invalidate_model(["seats_taken", "seats_free"])
        return taken

    @api.model
    def _release_seat(self, school_id, grade):
        self.flush_model()
        self.env.cr.execute(
            """
            UPDATE school_enrollment_seat
               SET seats_taken = seats_taken - 1,
                   seats_free = seats - seats_taken + 1
             WHERE school_id = %s AND grade = %s AND seats_taken > 0
            """,
            (school_id, grade),
        )
        self.invalidate_model(["seats_taken", "seats_free"])

    @api.model
    def _recompute_taken(self, school_ids=None):
        """Recount seats taken from the applicants, in one statement."""
        self.env["school.enrollment.applicant"].flush_model(["school_id", "grade", "active"])
        self.flush_model()
        self.env.cr.execute(
            """
            UPDATE school_enrollment_seat s
               SET seats_taken = c.n, seats_free = s.seats - c.n
              FROM (SELECT s2.id, COALESCE(a.n, 0) AS n
                      FROM school_enrollment_seat s2
                 LEFT JOIN (SELECT school_id, grade, count(*) AS n
                              FROM school_enrollment_applicant
                             WHERE school_id IS NOT NULL AND active
                          GROUP BY school_id, grade) a
                        ON a.school_id = s2.school_id AND a.grade = s2.grade
                     WHERE %(all)s OR s2.school_id = ANY(%(ids)s)) c
             WHERE c.id = s.id AND s.seats_taken IS DISTINCT FROM c.n
            """,
            {"all": school_ids is None, "ids": list(school_ids or [])},
        )
        self.invalidate_model(["seats_taken", "seats_free"])

    def write(self, vals):
        if "seats_taken" in vals and not self.env.su:
            raise UserError(
                self.env._("Seats taken are computed by the assignment, they cannot be edited.")
            )
        return super().write(vals)
