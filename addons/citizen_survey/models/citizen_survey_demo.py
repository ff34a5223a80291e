"""Demo data only: a perception survey that has been running for the last weeks."""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models

DEMO_TZ = "America/Mexico_City"
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
        tz = pytz.timezone(DEMO_TZ)
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
