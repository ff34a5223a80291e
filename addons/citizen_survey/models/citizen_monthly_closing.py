from collections import defaultdict

from odoo import api, fields, models
from odoo.addons.citizen_service.models.citizen_monthly_closing import closing_lines


class CitizenMonthlyClosing(models.Model):
    """The monthly closing of a department also freezes the results of the citizen
    evaluations (perception surveys, post-call surveys, portal ratings) of the month."""

    _inherit = "citizen.monthly.closing"

    survey_count = fields.Integer(string="Evaluations", readonly=True)
    survey_satisfaction = fields.Float(
        string="Average satisfaction (1-5)", digits=(3, 2), readonly=True
    )
    survey_satisfied_pct = fields.Float(
        string="Satisfied citizens (%)",
        digits=(16, 1),
        readonly=True,
        help="Share of the evaluations with a satisfaction of 4 or 5.",
    )
    survey_solved_pct = fields.Float(
        string="Problem solved (%)",
        digits=(16, 1),
        readonly=True,
        help="Share of the answered perception surveys where the citizen said the problem "
        "was solved.",
    )
    survey_line_ids = closing_lines("survey", "Evaluations by source")

    @api.model
    def _prepare_closing_values(self, team, start):
        values = super()._prepare_closing_values(team, start)
        company = team.company_id or self.env.company
        begin, end = self._period_bounds(start, company)
        results = (
            self.env["citizen.survey.result"]
            .sudo()
            .search([("team_id", "=", team.id), ("date", ">=", begin), ("date", "<", end)])
        )
        rated = results.filtered("satisfaction")
        answered = results.filtered("problem_solved")
        sources = dict(results._fields["source"]._description_selection(self.env))
        by_source = defaultdict(list)
        for result in results:
            by_source[result.source].append(result.satisfaction)
        lines = []
        for seq, (source, scores) in enumerate(sorted(by_source.items())):
            scored = [s for s in scores if s]
            lines.append(
                fields.Command.create(
                    {
                        "line_type": "survey",
                        "sequence": seq,
                        "name": sources.get(source, source),
                        "count": len(scores),
                        "satisfaction": round(sum(scored) / len(scored), 2) if scored else 0.0,
                    }
                )
            )
        values["line_ids"] = values.get("line_ids", []) + lines
        values.update(
            {
                "survey_count": len(results),
                "survey_satisfaction": (
                    round(sum(rated.mapped("satisfaction")) / len(rated), 2) if rated else 0.0
                ),
                "survey_satisfied_pct": (
                    round(
                        100.0 * len(rated.filtered(lambda r: r.satisfaction >= 4)) / len(rated), 1
                    )
                    if rated
                    else 0.0
                ),
                "survey_solved_pct": (
                    round(
                        100.0
                        * len(answered.filtered(lambda r: r.problem_solved == "yes"))
                        / len(answered),
                        1,
                    )
                    if answered
                    else 0.0
                ),
            }
        )
        return values

    def _summary_rows(self):
        rows = super()._summary_rows()
        return rows + [
            (self.env._("Evaluations"), self.survey_count),
            (self.env._("Average satisfaction (1-5)"), self.survey_satisfaction),
            (self.env._("Satisfied citizens (%)"), self.survey_satisfied_pct),
            (self.env._("Problem solved (%)"), self.survey_solved_pct),
        ]

    def _xlsx_extra_sheets(self, book, table):
        res = super()._xlsx_extra_sheets(book, table)
        table(
            self.env._("Surveys"),
            [
                (self.env._("Source"), 36),
                (self.env._("Evaluations"), 12),
                (self.env._("Average satisfaction (1-5)"), 14),
            ],
            [(line.name, line.count, line.satisfaction) for line in self.survey_line_ids],
        )
        return res
