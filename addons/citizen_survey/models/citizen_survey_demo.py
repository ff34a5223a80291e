"""Demo data only: a perception survey that has been running for the last weeks."""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models

DEMO_TICKETS = [f"citizen_survey.ticket_t{i}" for i in range(1, 13)]


class CitizenSurveySample(models.Model):
    _inherit = "citizen.survey.sample"

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


DEMO_ANSWERS = [
    ("5", "yes", "yes", "Atendieron muy rápido, gracias."),
    ("4", "yes", "yes", ""),
    ("4", "yes", "no", "Sí lo arreglaron, pero tardaron más de lo que dijeron."),
    ("3", "partly", "no", ""),
    ("5", "yes", "yes", "Muy amables los de la cuadrilla."),
    ("2", "no", "no", "Volvió a fallar a los pocos días."),
]


class CitizenSurveySampleLine(models.Model):
    _inherit = "citizen.survey.sample.line"

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
