from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

GRADES = [
    ("pre2", "Preschool 2nd grade"),
    ("pre3", "Preschool 3rd grade"),
    ("pri1", "Primary 1st grade"),
    ("sec1", "Secondary 1st grade"),
]
LEVELS = [
    ("preschool", "Preschool"),
    ("primary", "Primary"),
    ("secondary", "Secondary"),
]
LEVEL_GRADES = {
    "preschool": ("pre2", "pre3"),
    "primary": ("pri1",),
    "secondary": ("sec1",),
}
GRADE_LEVEL = {g: lvl for lvl, grades in LEVEL_GRADES.items() for g in grades}


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


class SchoolEnrollmentSchool(models.Model):
    _name = "school.enrollment.school"
    _description = "School"
    _order = "cct"
    _rec_names_search = ["cct", "name"]

    cct = fields.Char(
        "Work-centre Key (CCT)", required=True, index=True, help="Clave de Centro de Trabajo"
    )
    name = fields.Char(required=True)
    level = fields.Selection(LEVELS, required=True, index=True)
    shift = fields.Selection(
        [
            ("morning", "Morning"),
            ("afternoon", "Afternoon"),
            ("evening", "Evening"),
            ("full_time", "Full time"),
        ],
        default="morning",
        required=True,
    )
    active = fields.Boolean(default=True)
    seat_ids = fields.One2many("school.enrollment.seat", "school_id", "Seats per Grade")
    seats_total = fields.Integer("Seats", compute="_compute_seat_totals")
    seats_taken_total = fields.Integer("Seats Taken", compute="_compute_seat_totals")
    seats_free_total = fields.Integer("Seats Left", compute="_compute_seat_totals")
    street = fields.Char("Address")
    colonia_id = fields.Many2one("citizen.colonia", index=True)
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    influence_colonia_ids = fields.Many2many(
        "citizen.colonia",
        "school_enrollment_school_influence_rel",
        "school_id",
        "colonia_id",
        string="Area of Influence",
        help="Colonias whose children get priority in this school (criterion 3).",
    )
    user_ids = fields.Many2many(
        "res.users",
        "school_enrollment_school_users_rel",
        "school_id",
        "user_id",
        string="School Staff",
    )
    applicant_ids = fields.One2many(
        "school.enrollment.applicant", "school_id", "Assigned Applicants"
    )
    applicant_count = fields.Integer("Applicants", compute="_compute_applicant_count")

    _sql_constraints = [
        ("cct_uniq", "unique(cct)", "The work-centre key (CCT) must be unique."),
    ]

    @api.depends("cct", "name")
    def _compute_display_name(self):
        for school in self:
            school.display_name = f"[{school.cct}] {school.name}" if school.cct else school.name

    @api.depends("seat_ids.seats", "seat_ids.seats_taken")
    def _compute_seat_totals(self):
        for school in self:
            school.seats_total = sum(school.seat_ids.mapped("seats"))
            school.seats_taken_total = sum(school.seat_ids.mapped("seats_taken"))
            school.seats_free_total = school.seats_total - school.seats_taken_total

    def _compute_applicant_count(self):
        data = dict(
            self.env["school.enrollment.applicant"]._read_group(
                [("school_id", "in", self.ids)], ["school_id"], ["__count"]
            )
        )
        for school in self:
            school.applicant_count = data.get(school, 0)

    @api.constrains("level", "seat_ids")
    def _check_seat_grades(self):
        for school in self:
            allowed = LEVEL_GRADES[school.level]
            wrong = school.seat_ids.filtered(lambda s, allowed=allowed: s.grade not in allowed)
            if wrong:
                raise ValidationError(
                    self.env._(
                        "School %(school)s (%(level)s) cannot offer seats for %(grade)s.",
                        school=school.display_name,
                        level=dict(self._fields["level"]._description_selection(self.env))[
                            school.level
                        ],
                        grade=wrong[0].grade_label,
                    )
                )

    def action_view_applicants(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_enrollment.action_school_enrollment_applicant"
        )
        action["domain"] = [("school_id", "=", self.id)]
        action["context"] = {"default_school_id": self.id}
        return action


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
