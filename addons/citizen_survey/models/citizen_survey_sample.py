import json
import logging
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import sampling

_logger = logging.getLogger(__name__)

RATE_PARAM = "citizen_survey.sample_rate"
DEFAULT_RATE = 10.0
DEMO_TICKETS = [f"citizen_survey.ticket_t{i}" for i in range(1, 13)]


class CitizenSurveySample(models.Model):
    """One daily, auditable random draw of finished reports to be surveyed by phone."""

    _name = "citizen.survey.sample"
    _description = "Perception survey sample"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(required=True, readonly=True, default="/", copy=False)
    date = fields.Datetime(
        string="Draw date", required=True, readonly=True, default=fields.Datetime.now
    )
    seed = fields.Char(
        required=True,
        readonly=True,
        copy=False,
        help="Seed of the pseudo-random generator (Python random.Random). With the "
        "population and the rate it reproduces the draw exactly.",
    )
    rate = fields.Float(
        string="Rate (%)",
        required=True,
        readonly=True,
        digits=(5, 2),
        help="Percentage of the population drawn, rounded up.",
    )
    population_json = fields.Text(
        string="Population (ordered ids)",
        readonly=True,
        help="JSON list of the report ids that were candidates, sorted ascending.",
    )
    population_folios = fields.Text(
        string="Population (folios)",
        readonly=True,
        help="Folios of the candidate reports, in order.",
    )
    population_digest = fields.Char(
        string="Population SHA-256", readonly=True, help="Fingerprint of the ordered population."
    )
    population_ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        "citizen_survey_sample_population_rel",
        "sample_id",
        "ticket_id",
        string="Population",
        readonly=True,
    )
    population_count = fields.Integer(readonly=True)
    drawn_json = fields.Text(
        string="Drawn (ids)", readonly=True, help="JSON list of the drawn report ids."
    )
    drawn_folios = fields.Text(readonly=True)
    line_ids = fields.One2many("citizen.survey.sample.line", "sample_id", string="Sampled reports")
    drawn_count = fields.Integer(compute="_compute_stats", store=True)
    reached_count = fields.Integer(compute="_compute_stats", store=True)
    done_count = fields.Integer(string="Surveyed", compute="_compute_stats", store=True)
    reached_rate = fields.Float(
        string="Reached (%)", compute="_compute_stats", store=True, aggregator="avg"
    )
    verification_state = fields.Selection(
        [("not_checked", "Not checked"), ("ok", "Reproduced"), ("mismatch", "Mismatch")],
        default="not_checked",
        readonly=True,
        copy=False,
        tracking=True,
    )
    verification_date = fields.Datetime(readonly=True, copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )

    _sql_constraints = [
        (
            "rate_range",
            "CHECK(rate >= 0 AND rate <= 100)",
            "The sample rate must be between 0 and 100%.",
        ),
    ]

    @api.depends("line_ids.state", "line_ids.reached")
    def _compute_stats(self):
        for sample in self:
            lines = sample.line_ids
            sample.drawn_count = len(lines)
            sample.reached_count = len(lines.filtered("reached"))
            sample.done_count = len(lines.filtered(lambda line: line.state == "done"))
            sample.reached_rate = (
                100.0 * sample.reached_count / sample.drawn_count if sample.drawn_count else 0.0
            )

    # ------------------------------------------------------------------
    @api.model
    def _citizen_sample_rate(self):
        param = self.env["ir.config_parameter"].sudo().get_param(RATE_PARAM, DEFAULT_RATE)
        try:
            rate = float(param)
        except (TypeError, ValueError):
            rate = DEFAULT_RATE
        if not 0 < rate <= 100:
            raise UserError(
                self.env._(
                    "The perception survey sample rate must be between 0 and 100%%, not %s.", param
                )
            )
        return rate

    @api.model
    def _citizen_candidate_domain(self):
        """Finished reports never part of a previous draw, with a citizen to call."""
        domain = [
            ("citizen_state", "=", "finished"),
            ("citizen_survey_sample_ids", "=", False),
            ("partner_id", "!=", False),
            ("channel_id.citizen_self_rating", "=", False),
        ]
        if self.env.context.get("citizen_survey_closed_before"):
            # demo history: the draw of a past day only sees the reports finished before it
            domain.append(("closed_date", "<=", self.env.context["citizen_survey_closed_before"]))
        return domain

    @api.model
    def _citizen_surveyors(self):
        group = self.env.ref("citizen_survey.group_citizen_surveyor")
        return group.sudo().users.filtered(lambda u: u.active and not u.share).sorted("id")

    @api.model
    def action_draw_sample(self):
        """Button / RPC: draw today's sample with the configured rate and a fresh seed.
        Rate and seed cannot be chosen from outside, or the draw could be steered."""
        return self._draw_sample()

    @api.model
    def _draw_sample(self, rate=None, seed=None):
        """Draw today's sample. Returns the new sample, or an empty recordset when
        there is no candidate report."""
        self.check_access("create")
        rate = self._citizen_sample_rate() if rate is None else rate
        if not 0 < rate <= 100:
            raise UserError(self.env._("The sample rate must be between 0 and 100%."))
        Ticket = self.env["helpdesk.ticket"].sudo()
        tickets = Ticket.search(self._citizen_candidate_domain(), order="id")
        if not tickets:
            return self.browse()
        population = tickets.ids
        seed = seed or sampling.make_seed()
        drawn = sampling.draw(population, rate / 100.0, seed)
        by_id = {t.id: t for t in tickets}
        surveyors = self._citizen_surveyors()
        lines = []
        for index, ticket_id in enumerate(drawn):
            lines.append(
                {
                    "ticket_id": ticket_id,
                    "surveyor_id": surveyors[index % len(surveyors)].id if surveyors else False,
                }
            )
        sample = self.sudo().create(
            {
                "name": self.env["ir.sequence"].sudo().next_by_code("citizen.survey.sample") or "/",
                "seed": str(seed),
                "rate": rate,
                "population_json": json.dumps(population),
                "population_folios": ", ".join(by_id[i].number or str(i) for i in population),
                "population_digest": sampling.population_digest(population),
                "population_ticket_ids": [fields.Command.set(population)],
                "population_count": len(population),
                "drawn_json": json.dumps(drawn),
                "drawn_folios": ", ".join(by_id[i].number or str(i) for i in drawn),
                "line_ids": [fields.Command.create(vals) for vals in lines],
            }
        )
        _logger.info(
            "Perception survey sample %s: %s of %s reports (seed %s)",
            sample.name,
            len(drawn),
            len(population),
            seed,
        )
        return sample.with_env(self.env)

    @api.model
    def _cron_draw_daily(self):
        return self.action_draw_sample()

    def action_draw_now(self):
        """Button on the list: draw now and open the result."""
        sample = self.action_draw_sample()
        if not sample:
            raise UserError(self.env._("There are no finished reports left to sample."))
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": sample.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    def _citizen_redraw(self):
        """Recompute the draw from the stored population, rate and seed."""
        self.ensure_one()
        try:
            population = json.loads(self.population_json or "[]")
        except ValueError as exc:
            raise ValidationError(
                self.env._("The stored population of sample %s is corrupted.", self.name)
            ) from exc
        return population, sampling.draw(population, self.rate / 100.0, self.seed)

    def action_verify(self):
        """Re-draw from the stored seed and compare with the stored and surveyed samples."""
        for sample in self:
            population, redrawn = sample._citizen_redraw()
            stored = sorted(json.loads(sample.drawn_json or "[]"))
            lines = sorted(sample.line_ids.mapped("ticket_id").ids)
            ok = (
                redrawn == stored == lines
                and sampling.population_digest(population) == sample.population_digest
                and sorted(sample.population_ticket_ids.ids) == population
            )
            sample.sudo().write(
                {
                    "verification_state": "ok" if ok else "mismatch",
                    "verification_date": fields.Datetime.now(),
                }
            )
            if ok:
                body = self.env._(
                    "Re-draw with seed %(seed)s reproduced the %(count)s sampled reports.",
                    seed=sample.seed,
                    count=len(redrawn),
                )
            else:
                body = self.env._(
                    "Re-draw with seed %(seed)s does NOT match the stored sample: "
                    "expected %(expected)s, stored %(stored)s.",
                    seed=sample.seed,
                    expected=redrawn,
                    stored=lines,
                )
            sample.message_post(body=body)
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_except_surveyed(self):
        if self.line_ids.filtered(lambda line: line.state != "pending"):
            raise UserError(
                self.env._(
                    "A sample with survey attempts cannot be deleted; it is part of the audit trail."
                )
            )

    # ------------------------------------------------------------------ demo data
    # a perception survey that has been running for the last weeks
    @api.model
    def _citizen_demo_history(self, days=15, rate=10.0):
        """Dates relative to the install day: the demo reports were finished in the last
        weeks and the daily 10 % draw ran every working day of the last ``days`` days."""
        if self.search_count([], limit=1):
            return False
        now = fields.Datetime.now()
        tickets = self.env["helpdesk.ticket"]
        rows = []
        for index, xmlid in enumerate(DEMO_TICKETS):
            ticket = self.env.ref(xmlid, raise_if_not_found=False)
            if not ticket:
                continue
            tickets |= ticket
            created = now - timedelta(days=days + 3 - index, hours=2 + index % 5)
            closed = created + timedelta(days=1 + index % 4, hours=3)
            rows.append((created, closed, closed, ticket.id))
        if rows:
            self.env.flush_all()
            self.env.cr.executemany(
                """
                UPDATE helpdesk_ticket
                   SET create_date = %s, closed_date = %s, last_stage_update = %s,
                       write_date = now() at time zone 'UTC'
                 WHERE id = %s
                """,
                rows,
            )
            tickets.invalidate_recordset()
            model = self.env["helpdesk.ticket"]
            for fname in ("date_deadline", "citizen_age", "citizen_age_range", "closed_on_time"):
                if fname in model._fields and model._fields[fname].store:
                    self.env.add_to_compute(model._fields[fname], tickets)
            tickets.flush_recordset()

        # one draw per working day, at 9:00, among the reports finished before it
        tz = pytz.timezone(self.env.company._citizen_tz())
        today = pytz.UTC.localize(now).astimezone(tz).date()
        first = True
        samples = self.browse()
        for back in range(days, 0, -1):
            day = today - timedelta(days=back)
            if day.weekday() >= 5:
                continue
            draw_at = (
                tz.localize(datetime.combine(day, time(9, 0)))
                .astimezone(pytz.UTC)
                .replace(tzinfo=None)
            )
            # the first draw keeps the seed the demo answers and tests look for
            seed = "leon-demo-2026" if first else f"leon-demo-{day.isoformat()}"
            sample = self.with_context(citizen_survey_closed_before=draw_at)._draw_sample(
                rate, seed
            )
            if sample:
                sample.sudo().write({"date": draw_at})
                samples |= sample
                first = False
        return samples
