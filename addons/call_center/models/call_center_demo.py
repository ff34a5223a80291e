import math
import random
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models

SEASON_DAYS = 84  # a season like the CAT 2022 (6 Jan - 30 Mar), ending the day before install
SEASON_CALLS = 2685  # CAT 2022 figure (SEG Guanajuato, Delegación Regional León)
HOUR_WEIGHTS = {9: 0.15, 10: 0.22, 11: 0.21, 12: 0.17, 13: 0.14, 14: 0.11}
REASON_WEIGHTS = [
    ("reason_enrollment_change", 30),
    ("reason_enrollment_access", 20),
    ("reason_enrollment_status", 18),
    ("reason_enrollment_documents", 10),
    ("reason_information", 12),
    ("reason_follow_up", 4),
    ("reason_public_service", 4),
    ("reason_other", 2),
]
OPERATORS = ["citizen_service.user_operator"] + [
    f"call_center.user_operator_{i}" for i in range(2, 9)
]
OPERATOR_WEIGHTS = [16, 15, 14, 13, 12, 11, 10, 9]


class CallCenterCall(models.Model):
    _inherit = "call.center.call"

    @api.model
    def _demo_generate_calls(self, total=SEASON_CALLS, seed=2022):
        """Generate a deterministic season of calls (demo data), batched."""
        if self.search_count([("pbx_id", "=", self.env.ref("call_center.pbx_cat").id)], limit=1):
            return False
        rnd = random.Random(seed)
        tz = pytz.timezone(self._call_center_tz_name())
        ref = self.env.ref
        pbx = ref("call_center.pbx_cat")
        lines = pbx.line_ids.sorted("sequence")
        operators = [ref(x).id for x in OPERATORS]
        reasons = [(ref(f"call_center.{x}"), w) for x, w in REASON_WEIGHTS]
        partners = [ref(f"call_center.partner_caller_{i}") for i in (1, 2, 3)] + [
            ref("citizen_service.partner_citizen")
        ]
        teams = [ref("citizen_service.team_atencion_ciudadana").id]
        # the season ends on the install day: dashboards show a working call centre
        now = fields.Datetime.now()
        today = pytz.UTC.localize(now).astimezone(tz).date()
        days = []
        day = today - timedelta(days=SEASON_DAYS)
        while day < today:  # up to yesterday; today only the calls ringing now
            if day.weekday() < 5:
                days.append(day)
            day += timedelta(days=1)
        # busier at the start of the season (assignments just published)
        day_weights = [
            1.8 * math.exp(-2.2 * i / len(days)) + 0.35 + (0.25 if d.weekday() == 0 else 0)
            for i, d in enumerate(days)
        ]
        hours = list(HOUR_WEIGHTS)
        hour_weights = list(HOUR_WEIGHTS.values())
        vals_list = []
        for n in range(total):
            day = rnd.choices(days, day_weights)[0]
            hour = rnd.choices(hours, hour_weights)[0]
            local = datetime.combine(day, time(hour, rnd.randrange(60), rnd.randrange(60)))
            start = tz.localize(local).astimezone(pytz.UTC).replace(tzinfo=None)
            # peak hours wait longer
            wait = int(rnd.expovariate(1 / (28 if hour in (10, 11) else 14)))
            patience = rnd.expovariate(1 / 150)
            partner = rnd.random() < 0.06 and rnd.choice(partners)
            caller = (
                partner.phone or partner.mobile
                if partner
                else f"+52477{rnd.randrange(2000000, 8000000)}"
            )
            vals = {
                "pbx_id": pbx.id,
                "pbx_call_id": f"cat-{n:05d}",
                "direction": "inbound",
                "line_id": lines[min(int(rnd.random() * len(lines)), len(lines) - 1)].id,
                "caller_number": caller,
                "partner_id": partner.id if partner else False,
                "date_start": start,
            }
            if wait > patience:  # abandoned
                vals.update(
                    date_end=start + timedelta(seconds=int(patience)),
                    operator_id=False,
                    callback_state="done" if rnd.random() < 0.85 else "pending",
                )
            else:
                reason = rnd.choices([r for r, _w in reasons], [w for _r, w in reasons])[0]
                outcome = reason.default_outcome or "resolved"
                if outcome != "resolved" and rnd.random() < 0.35:
                    outcome = "resolved"
                handle = int(max(90, rnd.lognormvariate(math.log(600), 0.5)))
                answer = start + timedelta(seconds=wait)
                vals.update(
                    date_answer=answer,
                    date_end=answer + timedelta(seconds=handle),
                    operator_id=rnd.choices(operators, OPERATOR_WEIGHTS)[0],
                    reason_id=reason.id,
                    category_id=reason.category_id.id,
                    outcome=outcome,
                    team_id=teams[0] if outcome == "derived" else False,
                )
                if outcome == "callback":
                    vals["callback_state"] = "done" if rnd.random() < 0.9 else "pending"
            vals_list.append(vals)
        Call = self.with_context(
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            call_center_no_partner_lookup=True,
        )
        for i in range(0, len(vals_list), 500):
            Call.create(vals_list[i : i + 500])
        self._demo_ringing_calls()
        return True

    @api.model
    def _demo_ringing_calls(self):
        """Three calls ringing right now on the demo operator's extension."""
        ref = self.env.ref
        pbx = ref("call_center.pbx_cat")
        now = fields.Datetime.now()
        operator = ref("citizen_service.user_operator")
        callers = [
            ("call_center.partner_caller_1", "call_center.line_02", 25),
            ("call_center.partner_caller_3", "call_center.line_03", 70),
            ("citizen_service.partner_citizen", "call_center.line_04", 140),
        ]
        vals_list = []
        for n, (partner_xmlid, line_xmlid, seconds) in enumerate(callers, start=1):
            partner = ref(partner_xmlid)
            vals_list.append(
                {
                    "pbx_id": pbx.id,
                    "pbx_call_id": f"ringing-{n:02d}",
                    "direction": "inbound",
                    "line_id": ref(line_xmlid).id,
                    "caller_number": partner.phone or partner.mobile,
                    "partner_id": partner.id,
                    "operator_id": operator.id,
                    "date_start": now - timedelta(seconds=seconds),
                }
            )
        return self.with_context(
            tracking_disable=True, mail_create_nolog=True, call_center_no_partner_lookup=True
        ).create(vals_list)
