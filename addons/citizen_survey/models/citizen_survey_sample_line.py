from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .citizen_survey_attempt import OUTCOMES
from .survey_user_input import YES_NO

MAX_ATTEMPTS_PARAM = "citizen_survey.max_attempts"

SATISFACTION = [
    ("1", "1 - Very dissatisfied"),
    ("2", "2 - Dissatisfied"),
    ("3", "3 - Neutral"),
    ("4", "4 - Satisfied"),
    ("5", "5 - Very satisfied"),
]

DEMO_ANSWERS = [
    ("5", "yes", "yes", "Atendieron muy rápido, gracias."),
    ("4", "yes", "yes", ""),
    ("4", "yes", "no", "Sí lo arreglaron, pero tardaron más de lo que dijeron."),
    ("3", "partly", "no", ""),
    ("5", "yes", "yes", "Muy amables los de la cuadrilla."),
    ("2", "no", "no", "Volvió a fallar a los pocos días."),
]


class CitizenSurveySampleLine(models.Model):
    """A sampled report: the citizen to call, the call attempts and the answers."""

    _name = "citizen.survey.sample.line"
    _description = "Perception survey sampled report"
    _inherit = ["mail.thread"]
    _order = "sample_id desc, id"
    _rec_name = "folio"

    sample_id = fields.Many2one(
        "citizen.survey.sample", required=True, ondelete="cascade", index=True, readonly=True
    )
    sample_date = fields.Datetime(related="sample_id.date", store=True, string="Draw date")
    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Report", required=True, ondelete="restrict", readonly=True
    )
    folio = fields.Char(related="ticket_id.number", store=True)
    report_name = fields.Char(related="ticket_id.name", string="Report title")
    response = fields.Text(related="ticket_id.response", string="Response given")
    partner_id = fields.Many2one(related="ticket_id.partner_id", store=True, string="Citizen")
    phone = fields.Char(related="ticket_id.partner_id.phone", string="Phone")
    mobile = fields.Char(related="ticket_id.partner_id.mobile", string="Mobile")
    team_id = fields.Many2one(related="ticket_id.team_id", store=True, string="Department")
    category_id = fields.Many2one(related="ticket_id.category_id", store=True, string="Petition")
    channel_id = fields.Many2one(related="ticket_id.channel_id", store=True, string="Origin")
    operator_id = fields.Many2one(related="ticket_id.create_uid", store=True, string="Captured by")
    surveyor_id = fields.Many2one(
        "res.users",
        index=True,
        tracking=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("citizen_survey.group_citizen_surveyor").id)
        ],
    )
    can_assign_surveyor = fields.Boolean(
        string="Can assign surveyor", compute="_compute_can_assign_surveyor"
    )
    attempt_ids = fields.One2many("citizen.survey.attempt", "line_id", string="Call attempts")
    attempt_count = fields.Integer(compute="_compute_attempts", store=True, string="Attempts")
    last_attempt_date = fields.Datetime(compute="_compute_attempts", store=True)
    last_outcome = fields.Selection(OUTCOMES, compute="_compute_attempts", store=True)
    reached = fields.Boolean(compute="_compute_attempts", store=True)
    reached_pct = fields.Float(
        string="Reached (%)", compute="_compute_attempts", store=True, aggregator="avg"
    )
    state = fields.Selection(
        [
            ("pending", "To call"),
            ("in_progress", "Call again"),
            ("done", "Surveyed"),
            ("unreachable", "Unreachable"),
            ("refused", "Refused"),
        ],
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
    )
    # --- key answers, quick to fill during the call -------------------------
    satisfaction = fields.Selection(SATISFACTION, string="Satisfaction with the attention")
    problem_solved = fields.Selection(YES_NO, string="Was the problem solved?")
    time_acceptable = fields.Selection(YES_NO, string="Was the attention time acceptable?")
    comments = fields.Text(string="Comments of the citizen")
    note = fields.Char(string="Attempt note", help="Note saved with the next call attempt.")
    user_input_id = fields.Many2one(
        "survey.user_input", string="Survey answers", readonly=True, copy=False, ondelete="set null"
    )
    questionnaire_input_id = fields.Many2one(
        "survey.user_input",
        string="Questionnaire in progress",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="Answer opened with the survey's own fill-in page; the line is closed "
        "automatically when the questionnaire is submitted.",
    )
    satisfaction_value = fields.Integer(
        string="Satisfaction score",
        compute="_compute_satisfaction_value",
        store=True,
        aggregator="avg",
    )

    _sql_constraints = [
        (
            "ticket_unique",
            "UNIQUE(ticket_id)",
            "A report can be drawn only once for the perception survey.",
        ),
    ]

    @api.depends_context("uid")
    def _compute_can_assign_surveyor(self):
        allowed = self.env.user.has_group("citizen_service.group_citizen_coordinator")
        for line in self:
            line.can_assign_surveyor = allowed

    @api.depends("attempt_ids.outcome", "attempt_ids.date")
    def _compute_attempts(self):
        for line in self:
            attempts = line.attempt_ids.sorted(lambda a: (a.date, a.id))
            last = attempts[-1:] if attempts else attempts
            line.attempt_count = len(attempts)
            line.last_attempt_date = last.date
            line.last_outcome = last.outcome
            line.reached = any(a.outcome == "reached" for a in attempts)
            line.reached_pct = 100.0 if line.reached else 0.0

    @api.depends("attempt_count", "last_outcome", "user_input_id")
    def _compute_state(self):
        max_attempts = self._citizen_max_attempts()
        for line in self:
            if line.user_input_id:
                line.state = "done"
            elif line.last_outcome == "refused":
                line.state = "refused"
            elif line.last_outcome == "wrong_number" or (
                line.attempt_count >= max_attempts and not line.reached
            ):
                line.state = "unreachable"
            elif line.attempt_count:
                line.state = "in_progress"
            else:
                line.state = "pending"

    @api.depends("satisfaction")
    def _compute_satisfaction_value(self):
        for line in self:
            line.satisfaction_value = int(line.satisfaction or 0)

    @api.model
    def _citizen_max_attempts(self):
        param = self.env["ir.config_parameter"].sudo().get_param(MAX_ATTEMPTS_PARAM, "3")
        try:
            return max(int(param), 1)
        except ValueError:
            return 3

    # ------------------------------------------------------------------
    def _check_open(self):
        closed = self.filtered(lambda line: line.state in ("done", "refused", "unreachable"))
        if closed:
            raise UserError(
                self.env._(
                    "The survey of report %(folio)s is already closed (%(state)s).",
                    folio=closed[0].folio,
                    state=dict(closed[0]._fields["state"]._description_selection(self.env))[
                        closed[0].state
                    ],
                )
            )

    def _log_attempt(self, outcome):
        self._check_open()
        self.env["citizen.survey.attempt"].create(
            [{"line_id": line.id, "outcome": outcome, "note": line.note} for line in self]
        )
        self.note = False
        return True

    def action_no_answer(self):
        return self._log_attempt("no_answer")

    def action_wrong_number(self):
        return self._log_attempt("wrong_number")

    def action_refused(self):
        return self._log_attempt("refused")

    def action_save_answers(self):
        """The citizen answered: log the attempt and store the answers as a
        survey.user_input of the perception survey, linked to the report."""
        survey = self.env.ref("citizen_survey.survey_perception").sudo()
        questions = {q.citizen_key: q for q in survey.question_ids if q.citizen_key}
        for line in self:
            line._check_open()
            if not line.satisfaction:
                raise UserError(
                    self.env._(
                        "Record at least the satisfaction of the citizen for report %s.", line.folio
                    )
                )
            self.env["citizen.survey.attempt"].create(
                {"line_id": line.id, "outcome": "reached", "note": line.note}
            )
            user_input = survey._create_answer(**line._citizen_survey_answer_vals())
            user_input._save_lines(questions["satisfaction"], int(line.satisfaction))
            for key, value in (("solved", line.problem_solved), ("time_ok", line.time_acceptable)):
                question = questions.get(key)
                if question and value:
                    answer = question.suggested_answer_ids.filtered(
                        lambda a, value=value: a.citizen_code == value
                    )[:1]
                    user_input._save_lines(question, answer.id)
            if questions.get("comments") and line.comments:
                user_input._save_lines(questions["comments"], line.comments)
            user_input._mark_done()
            line.write({"user_input_id": user_input.id, "note": False})
        return True

    @api.model
    def _citizen_demo_answers(self):
        """Demo data: give the demo sample surveyed, unreachable and refused lines."""
        sample = self.env["citizen.survey.sample"].search(
            [("seed", "=", "leon-demo-2026")], limit=1
        )
        lines = sample.line_ids.sorted("id")
        if len(lines) < 4:
            return
        lines[0].write(
            {
                "satisfaction": "5",
                "problem_solved": "yes",
                "time_acceptable": "yes",
                "comments": "Arreglaron la lámpara en dos días, muy bien.",
            }
        )
        lines[0].action_save_answers()
        lines[1].action_no_answer()
        lines[1].write(
            {
                "satisfaction": "2",
                "problem_solved": "no",
                "time_acceptable": "no",
                "comments": "Tardaron mucho y volvió a fallar.",
            }
        )
        lines[1].action_save_answers()
        lines[2].action_wrong_number()
        lines[3].action_refused()

    @api.model
    def _citizen_demo_daily_answers(self):
        """Demo data: the surveyors called most of the drawn citizens the day after each
        draw (today's draw is still pending)."""
        samples = self.env["citizen.survey.sample"].search(
            [("seed", "=like", "leon-demo-%")], order="date"
        )
        if not samples:
            return False
        latest = samples[-1]
        Attempt = self.env["citizen.survey.attempt"]
        index = 0
        for sample in samples - latest:
            for line in sample.line_ids.sorted("id"):
                if line.state not in ("pending", "in_progress"):
                    continue
                index += 1
                when = sample.date + timedelta(days=1, hours=index % 5)
                if index % 4 == 0:
                    line.action_no_answer()
                    Attempt.search([("line_id", "=", line.id)]).write({"date": when})
                    continue
                satisfaction, solved, time_ok, comments = DEMO_ANSWERS[index % len(DEMO_ANSWERS)]
                vals = {"satisfaction": satisfaction, "comments": comments or False}
                if solved in line._fields["problem_solved"].get_values(self.env):
                    vals["problem_solved"] = solved
                if time_ok in line._fields["time_acceptable"].get_values(self.env):
                    vals["time_acceptable"] = time_ok
                line.write(vals)
                line.action_save_answers()
                Attempt.search([("line_id", "=", line.id)]).write({"date": when})
                line.user_input_id.sudo().write({"end_datetime": when})
        return True

    def _citizen_survey_answer_vals(self):
        self.ensure_one()
        return {
            "partner": self.partner_id.sudo(),
            "check_attempts": False,
            "citizen_kind": "phone_sample",
            "citizen_ticket_id": self.ticket_id.id,
            "citizen_res_model": self.ticket_id._name,
            "citizen_res_id": self.ticket_id.id,
            "citizen_operator_id": self.operator_id.id,
        }

    def action_open_questionnaire(self):
        """Alternative to the quick form: fill the survey's own page during the call."""
        self.ensure_one()
        self._check_open()
        user_input = self.questionnaire_input_id.sudo()
        if not user_input or user_input.state == "done":
            survey = self.env.ref("citizen_survey.survey_perception").sudo()
            user_input = survey._create_answer(**self._citizen_survey_answer_vals())
            self.questionnaire_input_id = user_input
        return {"type": "ir.actions.act_url", "url": user_input.get_start_url(), "target": "new"}

    def _citizen_questionnaire_done(self, user_input):
        """Called when the questionnaire opened from this line is submitted."""
        for line in self.filtered(lambda x: x.state in ("pending", "in_progress")):
            self.env["citizen.survey.attempt"].sudo().create(
                {"line_id": line.id, "outcome": "reached", "note": line.note}
            )
            line.sudo().write(
                {
                    "user_input_id": user_input.id,
                    "satisfaction": str(user_input.citizen_satisfaction)
                    if 1 <= user_input.citizen_satisfaction <= 5
                    else False,
                    "problem_solved": user_input.citizen_problem_solved,
                    "time_acceptable": user_input.citizen_time_ok,
                    "comments": user_input.citizen_comments,
                    "note": False,
                }
            )

    def action_open_ticket(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.ticket_id.id,
            "view_mode": "form",
        }
