import base64
import math
import secrets

from odoo import Command, api, fields, models
from odoo.addons.citizen_service.tools import curp as curp_lib
from odoo.exceptions import UserError, ValidationError

from .school_enrollment_school import GRADE_LEVEL, GRADES, LEVELS

CRITERIA = [
    ("disability", "1. Disability"),
    ("sibling", "2. Siblings"),
    ("influence", "3. Area of influence"),
    ("distance", "4. Nearest school"),
    ("parent_choice", "Chosen by parent"),
    ("redistribution", "Change request"),
    ("unassigned", "No seat available"),
]


def _haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


# why a nearer school was not given (engine codes, see tools/assignment.py REASONS)
ASSIGNMENT_REASONS = [
    ("nearest", "Nearest school offering the grade"),
    ("claim", "Placed where the child has a priority (sibling, area of influence)"),
    ("priority", "Nearer school full with children of higher priority there"),
    ("equal_priority", "Nearer school full with children of the same priority living nearer"),
    ("siblings", "Kept together with the siblings applying now"),
    ("no_seat", "No seat left for the grade"),
]


class SchoolEnrollmentApplicant(models.Model):
    _name = "school.enrollment.applicant"
    _description = "Enrollment Applicant"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin"]
    _order = "folio desc, id desc"
    _rec_names_search = ["folio", "name", "curp"]

    folio = fields.Char(readonly=True, copy=False, default="/")
    rua = fields.Char(
        "RUA Key",
        readonly=True,
        copy=False,
        help="Registration key given to the parent to log into the portal.",
    )
    active = fields.Boolean(default=True)
    campaign_id = fields.Many2one(
        "school.enrollment.campaign",
        required=True,
        index=True,
        default=lambda self: self.env["school.enrollment.campaign"]._get_current(),
    )
    name = fields.Char("Child's Full Name", required=True, tracking=True)
    curp = fields.Char("CURP", required=True, size=18, tracking=True)
    birthdate = fields.Date()
    grade = fields.Selection(GRADES, "Requested Grade", required=True, tracking=True)
    level = fields.Selection(LEVELS, compute="_compute_level", store=True)
    disability = fields.Boolean("Has a Disability", tracking=True)
    disability_notes = fields.Char("Disability Details")
    sibling_school_id = fields.Many2one(
        "school.enrollment.school",
        "Enrolled Sibling's School",
        tracking=True,
        help="School where a sibling is already enrolled (criterion 2).",
    )
    sibling_applicant_id = fields.Many2one(
        "school.enrollment.applicant",
        "Sibling Applying Now",
        tracking=True,
        index="btree_not_null",
        help="A brother or sister applying in this campaign: they are placed together.",
    )
    is_twin = fields.Boolean("Twin / Multiple Birth", help="Twins are never split among schools.")
    # few indexes on purpose: the assignment rewrites every row in bulk
    colonia_id = fields.Many2one("citizen.colonia", "Home Colonia", tracking=True)
    street = fields.Char("Home Address")
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    guardian_id = fields.Many2one(
        "res.partner", "Parent / Guardian", required=True, index=True, tracking=True
    )
    guardian_phone = fields.Char(related="guardian_id.phone", string="Guardian Phone")
    guardian_user_id = fields.Many2one("res.users", "Portal User", compute="_compute_guardian_user")
    portal_password = fields.Char(
        "Initial Portal Password",
        copy=False,
        readonly=True,
        groups="citizen_service.group_citizen_operator",
        help="Printed on the assignment document; the parent should change it.",
    )
    state = fields.Selection(
        [
            ("draft", "Registered"),
            ("assigned", "Assigned"),
            ("accepted", "Accepted"),
            ("change", "Change Requested"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    school_id = fields.Many2one(
        "school.enrollment.school", "Assigned School", readonly=True, index=True, tracking=True
    )
    school_cct = fields.Char(related="school_id.cct", string="School CCT")
    assignment_criterion = fields.Selection(CRITERIA, "Criterion", readonly=True)
    distance_km = fields.Float("Distance (km)", readonly=True, digits=(10, 3))
    in_influence = fields.Boolean("Within Area of Influence", readonly=True)
    assignment_reason = fields.Selection(
        ASSIGNMENT_REASONS,
        "Why Not a Nearer School",
        readonly=True,
        help="Why the automatic assignment did not give a school nearer to the home.",
    )
    nearer_school_id = fields.Many2one(
        "school.enrollment.school", readonly=True, index="btree_not_null"
    )
    nearer_distance_km = fields.Float("Nearer School Distance (km)", readonly=True, digits=(10, 3))
    run_id = fields.Many2one("school.enrollment.assignment.run", "Assignment Run", readonly=True)
    date_assigned = fields.Datetime("Assigned On", readonly=True)
    date_accepted = fields.Datetime("Accepted On", readonly=True)
    change_request_ids = fields.One2many(
        "school.enrollment.change.request", "applicant_id", "Change Requests"
    )
    change_request_count = fields.Integer(
        compute="_compute_change_request_count", string="Requests"
    )

    _sql_constraints = [
        (
            "curp_campaign_uniq",
            "unique(curp, campaign_id)",
            "This CURP is already registered in the campaign.",
        ),
        ("folio_uniq", "unique(folio)", "The folio must be unique."),
    ]

    @api.depends("grade")
    def _compute_level(self):
        for app in self:
            app.level = GRADE_LEVEL.get(app.grade)

    @api.depends("guardian_id.user_ids")
    def _compute_guardian_user(self):
        for app in self:
            app.guardian_user_id = app.guardian_id.sudo().user_ids[:1]

    def _compute_change_request_count(self):
        data = dict(
            self.env["school.enrollment.change.request"]._read_group(
                [("applicant_id", "in", self.ids)], ["applicant_id"], ["__count"]
            )
        )
        for app in self:
            app.change_request_count = data.get(app, 0)

    @api.depends("folio", "name")
    def _compute_display_name(self):
        for app in self:
            app.display_name = (
                f"{app.folio} - {app.name}" if app.folio and app.folio != "/" else app.name
            )

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for app in self:
            app.access_url = f"/my/enrollment/{app.id}"
        return res

    # -- validation ------------------------------------------------------------
    @api.constrains("curp")
    def _check_curp(self):
        for app in self:
            if not curp_lib.is_valid(app.curp):
                raise ValidationError(self.env._("The CURP %s is not valid.", app.curp))

    @api.constrains("sibling_applicant_id", "is_twin", "grade", "birthdate")
    def _check_sibling(self):
        for app in self:
            sib = app.sibling_applicant_id
            if sib == app:
                raise ValidationError(self.env._("A child cannot be their own sibling."))
            if app.is_twin:
                if not sib:
                    raise ValidationError(
                        self.env._("Set the twin brother or sister applying now.")
                    )
                if sib.grade != app.grade or (
                    app.birthdate and sib.birthdate and sib.birthdate != app.birthdate
                ):
                    raise ValidationError(
                        self.env._(
                            "Twins %(a)s and %(b)s must have the same birthdate and requested grade.",
                            a=app.name,
                            b=sib.name,
                        )
                    )

    @api.model
    def _normalize_vals(self, vals):
        if vals.get("curp"):
            vals["curp"] = curp_lib.normalize(vals["curp"])
        if (
            vals.get("colonia_id")
            and not self.env["citizen.colonia"].browse(vals["colonia_id"]).exists()
        ):
            raise ValidationError(self.env._("Unknown colonia (id %s).", vals["colonia_id"]))
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        seq = self.env["ir.sequence"]
        for vals in vals_list:
            self._normalize_vals(vals)
            if not vals.get("folio") or vals["folio"] == "/":
                vals["folio"] = seq.next_by_code("school.enrollment.applicant") or "/"
            if not vals.get("rua"):
                vals["rua"] = "RUA" + "".join(c for c in vals["folio"] if c.isalnum())
        return super().create(vals_list)

    def write(self, vals):
        self._normalize_vals(vals)
        return super().write(vals)

    @api.model
    def _find_colonia(self, name):
        """Colonia by exact name or code; a clear error if unknown."""
        name = (name or "").strip()
        colonia = self.env["citizen.colonia"].search(
            ["|", ("name", "=ilike", name), ("code", "=ilike", name)], limit=1
        )
        if not colonia:
            raise UserError(self.env._("Unknown colonia: %s", name or "-"))
        return colonia

    # -- assignment helpers ----------------------------------------------------
    def _set_school(self, school, criterion, state="assigned"):
        """Move one applicant to ``school`` taking a seat atomically."""
        self.ensure_one()
        Seat = self.env["school.enrollment.seat"].sudo()
        if school == self.school_id:
            return True
        if not Seat._take_seat(school.id, self.grade):
            return False
        if self.school_id:
            Seat._release_seat(self.school_id.id, self.grade)
        self.sudo().write(
            {
                "school_id": school.id,
                "assignment_criterion": criterion,
                "state": state,
                "in_influence": self.colonia_id in school.influence_colonia_ids,
                "date_assigned": fields.Datetime.now(),
                "date_accepted": fields.Datetime.now() if state == "accepted" else False,
            }
        )
        return True

    def _check_portal_open(self):
        self.ensure_one()
        if not self.campaign_id._is_open("portal"):
            raise UserError(
                self.env._(
                    "The portal of campaign %s does not accept changes today.",
                    self.campaign_id.name,
                )
            )

    def action_accept(self):
        """Staff record that the parent accepted the proposed school."""
        self.check_access("write")
        return self._accept()

    def _accept(self):
        """The parent accepts the proposed school (portal: ownership checked by the route)."""
        for app in self:
            if not app.school_id:
                raise UserError(self.env._("%s has no assigned school yet.", app.name))
            if app.state == "change":
                raise UserError(self.env._("%s has a change request in progress.", app.name))
            app.sudo().write({"state": "accepted", "date_accepted": fields.Datetime.now()})
            app.sudo().message_post(
                body=self.env._("The parent accepted school %s.", app.school_id.display_name)
            )
        return True

    def _related_children(self):
        """Brothers and sisters applying in the same campaign (both directions)."""
        self.ensure_one()
        related = self.sudo().sibling_applicant_id | self.sudo().search(
            [("sibling_applicant_id", "=", self.id)]
        )
        return related - self.sudo()

    def _seat_split_warnings(self, school):
        """Warnings shown before taking a seat in ``school`` that splits twins or siblings."""
        self.ensure_one()
        school = school.sudo()
        warnings = []
        for sibling in self._related_children():
            if (
                not sibling.school_id
                or sibling.school_id == school
                or sibling.school_id.level != school.level
            ):
                continue
            if self.is_twin or sibling.is_twin:
                msg = self.env._(
                    "%(child)s's twin, %(sibling)s, is assigned to %(school)s: taking this seat "
                    "places the twins in different schools.",
                    child=self.name,
                    sibling=sibling.name,
                    school=sibling.school_id.display_name,
                )
            else:
                msg = self.env._(
                    "%(child)s's brother or sister, %(sibling)s, is assigned to %(school)s: "
                    "taking this seat places the siblings in different schools.",
                    child=self.name,
                    sibling=sibling.name,
                    school=sibling.school_id.display_name,
                )
            warnings.append(msg)
        enrolled = self.sudo().sibling_school_id
        if enrolled and enrolled != school and enrolled.level == school.level:
            warnings.append(
                self.env._(
                    "A brother or sister of %(child)s is enrolled in %(school)s: taking this seat "
                    "places the siblings in different schools.",
                    child=self.name,
                    school=enrolled.display_name,
                )
            )
        return warnings

    def _portal_take_seat(self, school):
        """Parent takes a seat in a school that still has availability."""
        self.ensure_one()
        self._check_portal_open()
        school = school.sudo().exists()
        if not school or not school.active or self.grade not in school.seat_ids.mapped("grade"):
            raise UserError(self.env._("This school does not offer the requested grade."))
        if self.state == "change":
            raise UserError(self.env._("%s has a change request in progress.", self.name))
        if not self._set_school(school, "parent_choice", state="accepted"):
            raise UserError(
                self.env._(
                    "Sorry, school %s has no seats left for this grade. Please choose another one.",
                    school.display_name,
                )
            )
        self.sudo().message_post(
            body=self.env._("The parent took a seat in %s.", school.display_name)
        )
        return True

    def _portal_create_change_request(self, post, files=()):
        """Change request filed by the parent on the portal (validated input)."""
        self.ensure_one()
        self.check_access("read")
        # the portal route checked that the user is the guardian; parents cannot create
        # requests through the ORM themselves
        Request = self.env["school.enrollment.change.request"].sudo()
        reasons = dict(Request._fields["reason"]._description_selection(self.env))
        reason = (post.get("reason") or "").strip()
        if reason not in reasons:
            raise UserError(self.env._("Choose the reason of your change request."))
        vals = {
            "applicant_id": self.id,
            "channel": "portal",
            "reason": reason,
            "description": (post.get("description") or "").strip()[:5000],
            "user_id": False,
        }
        if post.get("new_colonia_id"):
            try:
                colonia_id = int(post["new_colonia_id"])
            except (TypeError, ValueError):
                colonia_id = 0
            if not self.env["citizen.colonia"].sudo().browse(colonia_id).exists():
                raise UserError(self.env._("Unknown colonia."))
            vals["new_colonia_id"] = colonia_id
        elif reason == "address":
            raise UserError(self.env._("Choose your correct colonia."))
        if post.get("new_street"):
            vals["new_street"] = post["new_street"].strip()[:200]
        if self.state == "change":
            raise UserError(self.env._("%s already has a change request in progress.", self.name))
        req = Request.sudo().create(vals)
        if files:
            attachments = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    [
                        {
                            "name": name,
                            "datas": base64.b64encode(data),
                            "mimetype": mimetype,
                            "res_model": "school.enrollment.change.request",
                            "res_id": req.id,
                        }
                        for name, data, mimetype in files
                    ]
                )
            )
            req.attachment_ids = [Command.set(attachments.ids)]
        req.message_post(
            body=self.env._("Request filed on the portal by %s.", self.env.user.partner_id.name),
            author_id=self.env.user.partner_id.id,
        )
        return req

    def _available_schools(self, limit=None):
        """Schools with free seats for the applicant's grade, nearest first."""
        self.ensure_one()
        seats = (
            self.env["school.enrollment.seat"]
            .sudo()
            .search([("grade", "=", self.grade), ("seats_free", ">", 0), ("active", "=", True)])
        )
        lat = self.latitude or self.colonia_id.latitude
        lon = self.longitude or self.colonia_id.longitude

        def dist(seat):
            s = seat.school_id
            if not (lat and lon and s.latitude and s.longitude):
                return 1e9
            return ((s.latitude - lat) ** 2 + (s.longitude - lon) ** 2) ** 0.5

        seats = seats.sorted(
            lambda s: (self.colonia_id not in s.school_id.influence_colonia_ids, dist(s))
        )
        return seats[:limit] if limit else seats

    def _home_point(self):
        """(lat, lon) of the child's home: its address, else the centre of its colonia."""
        self.ensure_one()
        if self.latitude and self.longitude:
            return self.latitude, self.longitude
        colonia = self.sudo().colonia_id
        if colonia.latitude and colonia.longitude:
            return colonia.latitude, colonia.longitude
        return None

    def _nearby_schools(self, limit=None):
        """Schools with free seats for the child's grade (and its current school) sorted by
        distance from home.

        Returns a list of dicts: ``seat`` (school.enrollment.seat, sudo), ``school``,
        ``distance_km`` (None without a home point or school coordinates), ``lat``, ``lon``."""
        self.ensure_one()
        home = self._home_point()
        seats = self._available_schools()
        if self.school_id:  # the current school is listed too, even when it is full
            seats |= self.school_id.sudo().seat_ids.filtered(lambda s: s.grade == self.grade)[:1]
        rows = []
        for seat in seats:
            school = seat.school_id
            located = bool(school.latitude and school.longitude)
            dist = None
            if home and located:
                dist = _haversine_km(home[0], home[1], school.latitude, school.longitude)
            rows.append(
                {
                    "seat": seat,
                    "school": school,
                    "distance_km": dist,
                    "lat": school.latitude if located else None,
                    "lon": school.longitude if located else None,
                }
            )
        rows.sort(
            key=lambda r: (
                r["distance_km"] is None,
                r["distance_km"] or 0.0,
                r["school"].cct or "",
            )
        )
        return rows[:limit] if limit else rows

    # -- actions ---------------------------------------------------------------
    def action_grant_portal_access(self):
        """Create the guardians' portal users: login = RUA key, random password."""
        self.check_access("write")
        portal = self.env.ref("base.group_portal")
        Users = self.env["res.users"].sudo().with_context(no_reset_password=True)
        done = self.env["res.partner"]
        apps = self.sudo()
        # all children of these guardians in one query (their password is printed on each)
        children_by_guardian = apps.search([("guardian_id", "in", apps.guardian_id.ids)]).grouped(
            "guardian_id"
        )
        for app in apps:
            guardian = app.guardian_id
            if guardian in done:
                continue
            done |= guardian
            children = children_by_guardian.get(guardian, app)
            if guardian.user_ids:
                if (
                    not guardian.user_ids[:1].has_group("base.group_portal")
                    and not guardian.user_ids[:1]._is_internal()
                ):
                    raise UserError(self.env._("%s already has a user.", guardian.name))
                continue
            password = secrets.token_urlsafe(6)
            Users.create(
                {
                    "name": guardian.name,
                    "login": app.rua,
                    "partner_id": guardian.id,
                    "password": password,
                    "groups_id": [Command.set([portal.id])],
                }
            )
            children.write({"portal_password": password})
        return True

    def action_print_assignment(self):
        return self.env.ref("school_enrollment.action_report_assignment").report_action(self)

    def action_view_change_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_enrollment.action_school_enrollment_change_request"
        )
        action["domain"] = [("applicant_id", "=", self.id)]
        action["context"] = {"default_applicant_id": self.id}
        return action

    def action_new_change_request(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "school.enrollment.change.request",
            "view_mode": "form",
            "context": {"default_applicant_id": self.id, "default_channel": "phone"},
        }

    def _get_report_base_filename(self):
        self.ensure_one()
        return f"Asignacion-{self.folio}"
