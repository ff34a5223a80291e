from odoo import api, fields, models
from odoo.exceptions import ValidationError

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
