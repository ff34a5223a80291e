import logging
import math
import random
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models
from odoo.addons.citizen_service.tools.phone import normalize_phone
from odoo.addons.citizen_service.tools.validation import (
    InputError,
    check_epoch_or_datetime,
    check_scalar_text,
)
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

OUTCOMES = [
    ("resolved", "Resolved at first contact"),
    ("derived", "Derived to a department"),
    ("report", "Report created"),
    ("enrollment", "Enrollment change request created"),
    ("callback", "Callback needed"),
    ("abandoned", "Abandoned"),
]

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]

# demo data: a season of calls like the CAT 2022
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


class PbxPayloadError(ValueError):
    """Malformed PBX event (the controller answers HTTP 400)."""


def _parse_timestamp(value):
    """ISO 8601 string or UNIX epoch -> naive UTC datetime (years 1900-2200)."""
    try:
        stamp = check_epoch_or_datetime(value, "timestamp")
    except InputError as exc:
        raise PbxPayloadError(f"invalid timestamp: {exc.message}") from exc
    return stamp.replace(microsecond=0) if stamp else None


class CallCenterCall(models.Model):
    _name = "call.center.call"
    _description = "Call"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"

    direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound")],
        required=True,
        default="inbound",
        tracking=True,
    )
    line_id = fields.Many2one("call.center.line", index=True, tracking=True)
    pbx_id = fields.Many2one("call.center.pbx", string="PBX", readonly=True, index=True)
    pbx_call_id = fields.Char(string="PBX call id", readonly=True, copy=False)
    caller_number = fields.Char(
        string="Caller number", index="btree_not_null", help="Normalised to E.164."
    )
    operator_id = fields.Many2one(
        "res.users",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
    )
    partner_id = fields.Many2one("res.partner", string="Citizen", index=True, tracking=True)
    partner_phone = fields.Char(related="partner_id.phone", string="Citizen phone")
    date_start = fields.Datetime(
        string="Start", required=True, default=fields.Datetime.now, index=True
    )
    date_answer = fields.Datetime(string="Answered at")
    date_end = fields.Datetime(string="End")
    duration = fields.Integer(
        string="Handle time (s)",
        compute="_compute_times",
        store=True,
        aggregator="avg",
        help="Seconds from answer to hang-up.",
    )
    wait_time = fields.Integer(
        string="Wait time (s)",
        compute="_compute_times",
        store=True,
        aggregator="avg",
        help="Seconds the caller waited before being answered (or before hanging up).",
    )
    state = fields.Selection(
        [
            ("ringing", "Ringing"),
            ("in_progress", "In progress"),
            ("done", "Finished"),
            ("missed", "Missed"),
        ],
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
    )
    answered = fields.Boolean(compute="_compute_state", store=True)
    abandoned = fields.Boolean(compute="_compute_state", store=True)
    answered_in_sl = fields.Boolean(
        string="Within service level", compute="_compute_answered_in_sl", store=True
    )
    reason_id = fields.Many2one("call.center.reason", index=True, tracking=True)
    category_id = fields.Many2one(
        "helpdesk.ticket.category",
        string="Petition",
        compute="_compute_category_id",
        store=True,
        readonly=False,
    )
    outcome = fields.Selection(
        OUTCOMES, compute="_compute_outcome", store=True, readonly=False, tracking=True
    )
    first_contact_resolution = fields.Boolean(compute="_compute_fcr", store=True)
    team_id = fields.Many2one(
        "helpdesk.ticket.team", string="Derived to", help="Department the caller was derived to."
    )
    report_id = fields.Many2one("helpdesk.ticket", index="btree_not_null")
    report_number = fields.Char(related="report_id.number", string="Report folio")
    notes = fields.Text()
    callback_state = fields.Selection(
        [("pending", "Pending"), ("done", "Done")],
        string="Callback",
        compute="_compute_callback_state",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
    )
    callback_date = fields.Datetime(string="Called back on", readonly=True)
    callback_user_id = fields.Many2one("res.users", string="Called back by", readonly=True)
    # time dimensions in the call centre's time zone (stored for pivots)
    date_local = fields.Date(string="Day", compute="_compute_time_dims", store=True)
    hour_of_day = fields.Integer(
        string="Hour of day", compute="_compute_time_dims", store=True, aggregator=False
    )
    day_of_week = fields.Selection(
        WEEKDAYS, string="Day of week", compute="_compute_time_dims", store=True
    )
    # protocol panel
    protocol_id = fields.Many2one("call.center.protocol", compute="_compute_protocol_id")
    protocol_script = fields.Html(
        compute="_compute_protocol_id", string="Attention script", sanitize=False
    )
    protocol_answer = fields.Html(
        compute="_compute_protocol_id", string="Protocol answer", sanitize=False
    )
    protocol_office_ids = fields.Many2many(
        "citizen.office", compute="_compute_protocol_id", string="Offices to refer to"
    )

    _sql_constraints = [
        (
            "pbx_call_uniq",
            "unique(pbx_id, pbx_call_id)",
            "A PBX call id can only be logged once per PBX.",
        ),
    ]

    # ------------------------------------------------------------------ helpers
    @api.model
    def _call_center_tz_name(self):
        # ir.config_parameter reads are cached: no query on the PBX hot path; the city's
        # time zone (res.company._citizen_tz) when the call center sets none of its own
        default = self.env.company._citizen_tz()
        name = self.env["ir.config_parameter"].sudo().get_param("call_center.timezone") or default
        return name if name in pytz.all_timezones_set else default

    @api.model
    def _normalize_number(self, raw, strict=True):
        if not raw:
            return raw
        try:
            return normalize_phone(raw)
        except ValueError as exc:
            if strict:
                raise ValidationError(
                    self.env._("The phone number %(number)s is not valid.", number=raw)
                ) from exc
            return str(raw).strip()[:64]

    @api.model
    def _find_partner(self, number):
        if not number:
            return self.env["res.partner"]
        return self.env["res.partner"]._citizen_find_by_phone(number)[:1]

    # ------------------------------------------------------------------ computes
    @api.depends("date_start", "date_answer", "date_end")
    def _compute_times(self):
        for call in self:
            start, answer, end = call.date_start, call.date_answer, call.date_end
            call.duration = max(0, int((end - answer).total_seconds())) if answer and end else 0
            if answer and start:
                call.wait_time = max(0, int((answer - start).total_seconds()))
            elif end and start:
                call.wait_time = max(0, int((end - start).total_seconds()))
            else:
                call.wait_time = 0

    @api.depends("date_answer", "date_end", "direction")
    def _compute_state(self):
        for call in self:
            if call.date_end:
                call.state = "done" if call.date_answer else "missed"
            else:
                call.state = "in_progress" if call.date_answer else "ringing"
            call.answered = bool(call.date_answer)
            call.abandoned = call.direction == "inbound" and call.state == "missed"

    @api.depends("date_answer", "wait_time", "line_id.service_level_seconds")
    def _compute_answered_in_sl(self):
        for call in self:
            threshold = call.line_id.service_level_seconds or 20
            call.answered_in_sl = bool(call.date_answer) and call.wait_time <= threshold

    @api.depends("reason_id")
    def _compute_category_id(self):
        for call in self:
            if call.reason_id.category_id and not call.category_id:
                call.category_id = call.reason_id.category_id

    @api.depends("state")
    def _compute_outcome(self):
        for call in self:
            if call.state == "missed" and call.direction == "inbound" and not call.outcome:
                call.outcome = "abandoned"
            elif call.state != "missed" and call.outcome == "abandoned":
                call.outcome = False

    @api.depends("outcome")
    def _compute_fcr(self):
        for call in self:
            call.first_contact_resolution = call.outcome == "resolved"

    @api.depends("state", "outcome", "direction")
    def _compute_callback_state(self):
        for call in self:
            if call.callback_state == "done":
                continue
            needs = call.outcome == "callback" or (
                call.state == "missed" and call.direction == "inbound"
            )
            call.callback_state = "pending" if needs else False

    @api.depends("date_start")
    def _compute_time_dims(self):
        tz = pytz.timezone(self._call_center_tz_name())
        for call in self:
            if not call.date_start:
                call.date_local = call.hour_of_day = call.day_of_week = False
                continue
            local = pytz.UTC.localize(call.date_start).astimezone(tz)
            call.date_local = local.date()
            call.hour_of_day = local.hour
            call.day_of_week = str(local.weekday())

    @api.depends("reason_id", "category_id")
    def _compute_protocol_id(self):
        Protocol = self.env["call.center.protocol"]
        for call in self:
            protocol = Protocol._find_for(call.reason_id, call.category_id)
            call.protocol_id = protocol
            call.protocol_script = protocol.script
            call.protocol_answer = protocol.answer
            call.protocol_office_ids = protocol.office_ids

    @api.depends("caller_number", "partner_id", "date_start")
    def _compute_display_name(self):
        for call in self:
            who = call.partner_id.name or call.caller_number or self.env._("Unknown caller")
            when = (
                fields.Datetime.context_timestamp(call, call.date_start).strftime("%Y-%m-%d %H:%M")
                if call.date_start
                else ""
            )
            call.display_name = f"{who} · {when}" if when else who

    # ------------------------------------------------------------------ constraints
    @api.constrains("date_start", "date_answer", "date_end")
    def _check_dates(self):
        for call in self:
            if call.date_answer and call.date_end and call.date_end < call.date_answer:
                raise ValidationError(self.env._("A call cannot end before it was answered."))

    @api.constrains("outcome", "team_id")
    def _check_derived_team(self):
        for call in self:
            if (
                call.outcome == "derived"
                and not call.team_id
                and not self.env.context.get("call_center_skip_outcome_check")
            ):
                raise ValidationError(self.env._("Say to which department the call was derived."))

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        strict = not self.env.context.get("call_center_pbx")
        lookup = not self.env.context.get("call_center_no_partner_lookup")
        for vals in vals_list:
            if vals.get("caller_number"):
                vals["caller_number"] = self._normalize_number(vals["caller_number"], strict)
                if lookup and "partner_id" not in vals:
                    partner = self._find_partner(vals["caller_number"])
                    if partner:
                        vals["partner_id"] = partner.id
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("caller_number"):
            vals = dict(vals)
            vals["caller_number"] = self._normalize_number(
                vals["caller_number"], not self.env.context.get("call_center_pbx")
            )
        return super().write(vals)

    @api.onchange("caller_number")
    def _onchange_caller_number(self):
        if self.caller_number and not self.partner_id:
            try:
                number = normalize_phone(self.caller_number)
            except ValueError:
                return {
                    "warning": {
                        "title": self.env._("Invalid number"),
                        "message": self.env._(
                            "The phone number %(number)s is not valid.",
                            number=self.caller_number,
                        ),
                    }
                }
            self.caller_number = number
            self.partner_id = self._find_partner(number)

    # ------------------------------------------------------------------ actions
    def action_log_done(self):
        """Quick form 'Save': close the call (now) if it has no end yet."""
        now = fields.Datetime.now()
        for call in self:
            vals = {}
            if not call.date_answer and call.direction == "inbound":
                vals["date_answer"] = call.date_start
            if not call.date_end:
                vals["date_end"] = max(now, vals.get("date_answer") or call.date_answer or now)
            if vals:
                call.write(vals)
        return {"type": "ir.actions.act_window_close"}

    def _end_ringing(self):
        """The operator is attending the call: a ringing call becomes answered (in progress)."""
        now = fields.Datetime.now()
        for call in self.filtered(lambda c: c.state == "ringing"):
            call.write({"date_answer": max(now, call.date_start or now)})

    @api.model
    def _report_channel(self):
        """Origin of the reports created from a call: the Centro de Atención Telefónica."""
        return self.env.ref(
            "citizen_service.channel_call_center_cat", raise_if_not_found=False
        ) or self.env.ref("citizen_service.channel_phone", raise_if_not_found=False)

    def _link_report(self, report):
        """Link the call to ``report`` (both ways) and end its ringing state."""
        self.ensure_one()
        report = report.exists()
        if not report:
            raise UserError(self.env._("Choose the report to link the call to."))
        if self.report_id and self.report_id != report:
            raise UserError(
                self.env._(
                    "This call is already linked to the report %s.", self.report_id.display_name
                )
            )
        self._end_ringing()
        self.write({"report_id": report.id, "outcome": "report"})
        if not report.call_center_call_id:
            report.sudo().call_center_call_id = self.id
        report.sudo().message_post(
            body=self.env._("Call %(call)s linked to this report.", call=self.display_name),
            author_id=self.env.user.partner_id.id,
        )
        return True

    def action_link_report(self):
        """Open the wizard that links the call to an existing report."""
        self.ensure_one()
        if self.report_id:
            raise UserError(
                self.env._(
                    "This call is already linked to the report %s.", self.report_id.display_name
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Link to an existing report"),
            "res_model": "call.center.link.report.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_call_id": self.id},
        }

    def action_create_report(self):
        self.ensure_one()
        if self.report_id:
            raise UserError(
                self.env._("This call already produced the report %s.", self.report_id.display_name)
            )
        if not self.partner_id and not self.caller_number:
            raise UserError(
                self.env._("Identify the citizen or the caller number before creating a report.")
            )
        self._end_ringing()
        channel = self._report_channel()
        title = self.category_id.name or self.reason_id.name or self.env._("Report by phone")
        context = {
            "default_call_center_call_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_category_id": self.category_id.id,
            "default_name": title,
            "default_description": self.notes or "",
        }
        if channel:
            context["default_channel_id"] = channel.id
        if self.category_id.team_id:
            context["default_team_id"] = self.category_id.team_id.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New report"),
            "res_model": "helpdesk.ticket",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }

    def action_open_report(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.report_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_callback_done(self):
        for call in self:
            if call.callback_state != "pending":
                raise UserError(
                    self.env._("The call %s is not waiting for a callback.", call.display_name)
                )
        self.write(
            {
                "callback_state": "done",
                "callback_date": fields.Datetime.now(),
                "callback_user_id": self.env.uid,
            }
        )
        return True

    # ------------------------------------------------------------------ bus
    def _pop_payload(self):
        self.ensure_one()
        return {
            "call_id": self.id,
            "caller_number": self.caller_number or "",
            "partner_id": self.partner_id.id or False,
            "partner_name": self.partner_id.name or "",
            "line": self.line_id.name or "",
            "state": self.state,
        }

    def _notify_operator(self):
        for call in self:
            if call.operator_id and call.operator_id.partner_id:
                self.env["bus.bus"]._sendone(
                    call.operator_id.partner_id, "call_center/incoming", call._pop_payload()
                )

    # ------------------------------------------------------------------ PBX
    @api.model
    def _pbx_find_operator(self, agent):
        if not agent:
            return self.env["res.users"]
        Users = self.env["res.users"].sudo()
        return Users.browse(Users._call_center_user_id_for_agent(str(agent).strip()) or [])

    @api.model
    def _pbx_find_line(self, pbx, code):
        if not code:
            return pbx.default_line_id
        Line = self.env["call.center.line"].sudo()
        line_id = Line._line_id_for_code(pbx.id, str(code).strip())
        return Line.browse(line_id) if line_id else pbx.default_line_id

    @api.model
    def _pbx_event_values(self, payload):
        """Validate one event; return (call_id, event, times dict, other dict)."""
        if not isinstance(payload, dict):
            raise PbxPayloadError("the body must be a JSON object")
        event = payload.get("event")
        if event not in ("ringing", "answered", "hangup", "cdr"):
            raise PbxPayloadError("'event' must be one of ringing, answered, hangup, cdr")
        try:
            call_id = check_scalar_text(payload.get("call_id"), "call_id", 128)
        except InputError as exc:
            raise PbxPayloadError(f"'call_id' {exc.message}") from exc
        if not call_id:
            raise PbxPayloadError("'call_id' is required")
        direction = payload.get("direction") or "inbound"
        if direction not in ("inbound", "outbound"):
            raise PbxPayloadError("'direction' must be inbound or outbound")
        others = {}
        for key in ("caller", "line", "agent"):
            if payload.get(key) is None:
                others[key] = None
                continue
            try:
                others[key] = check_scalar_text(payload[key], key, 64) or None
            except InputError as exc:
                raise PbxPayloadError(f"'{key}' must be a string") from exc
        stamp = _parse_timestamp(payload.get("timestamp")) or fields.Datetime.now()
        times = {}
        if event == "ringing":
            times["start"] = stamp
        elif event == "answered":
            times["answer"] = stamp
        elif event == "hangup":
            times["end"] = stamp
        else:  # cdr: authoritative record of the whole call
            start = _parse_timestamp(payload.get("start"))
            end = _parse_timestamp(payload.get("end"))
            answer = _parse_timestamp(payload.get("answer"))
            if not start or not end:
                raise PbxPayloadError("a 'cdr' event needs 'start' and 'end'")
            if end < start:
                raise PbxPayloadError("'end' is before 'start'")
            disposition = payload.get("disposition") or ""
            if not isinstance(disposition, str):
                raise PbxPayloadError("'disposition' must be a string")
            disposition = disposition.upper()
            if disposition and disposition != "ANSWERED":
                answer = None
            if answer and not start <= answer <= end:
                raise PbxPayloadError("'answer' must be between 'start' and 'end'")
            times = {"start": start, "answer": answer, "end": end, "cdr": True}
        return call_id, event, times, dict(others, direction=direction)

    @api.model
    def _pbx_merge_times(self, call, times):
        """Merge event times so that retries and out-of-order events converge."""
        start = call.date_start if call else None
        answer = call.date_answer if call else None
        end = call.date_end if call else None
        if times.get("cdr"):
            start, answer, end = times["start"], times["answer"], times["end"]
        else:
            if times.get("start"):
                start = min(start, times["start"]) if start else times["start"]
            if times.get("answer"):
                answer = min(answer, times["answer"]) if answer else times["answer"]
            if times.get("end"):
                end = max(end, times["end"]) if end else times["end"]
        known = [t for t in (start, answer, end) if t]
        start = min(known) if known else fields.Datetime.now()
        if answer and end and end < answer:
            end = answer
        return {"date_start": start, "date_answer": answer or False, "date_end": end or False}

    @api.model
    def _pbx_env(self):
        """Superuser model in the PBX fast-path context (no tracking, no chatter)."""
        return self.sudo().with_context(
            call_center_pbx=True,
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_notrack=True,
            call_center_skip_outcome_check=True,
        )

    def _pbx_process_event(self, pbx, payload, flush=True):
        """Create or update the call of one PBX event. Runs as superuser.

        Returns (call, created). With ``flush=False`` (batches) the caller flushes once
        at the end with ``_pbx_env().env.flush_all()``.
        """
        call_id, event, times, other = self._pbx_event_values(payload)
        Call = self._pbx_env()
        call = Call.search_fetch(
            [("pbx_id", "=", pbx.id), ("pbx_call_id", "=", call_id)],
            [
                "date_start",
                "date_answer",
                "date_end",
                "operator_id",
                "caller_number",
                "line_id",
                "state",
            ],
            limit=1,
        )
        vals = self._pbx_merge_times(call, times)
        operator = self._pbx_find_operator(other["agent"]) if other["agent"] else None
        if operator and (not call or call.operator_id != operator):
            vals["operator_id"] = operator.id
        created = False
        if not call:
            vals.update(
                direction=other["direction"],
                caller_number=Call._normalize_number(str(other["caller"]), strict=False)
                if other["caller"]
                else False,
                line_id=self._pbx_find_line(pbx, other["line"]).id,
            )
            if not operator:
                vals["operator_id"] = False
            if vals["caller_number"]:
                vals["partner_id"] = Call._find_partner(vals["caller_number"]).id
            call = Call._pbx_insert(pbx, call_id, vals)
            created = True
        else:
            if other["caller"] and not call.caller_number:
                vals["caller_number"] = str(other["caller"])
                if not call.partner_id:
                    # the caller's number came late (out-of-order events): find the citizen
                    vals["partner_id"] = Call._find_partner(vals["caller_number"]).id or False
            if other["line"] and (not call.line_id or call.line_id == pbx.default_line_id):
                # an event without line (arrived first) put the call on the default line:
                # the line named by a later event wins (out-of-order parallel deliveries)
                vals["line_id"] = self._pbx_find_line(pbx, other["line"]).id
            changed = {
                k: v
                for k, v in vals.items()
                if (call[k].id if isinstance(call._fields[k], fields.Many2one) else call[k]) != v
            }
            if changed:
                call.write(changed)
        if "operator_id" in vals and vals["operator_id"] and not call.date_end:
            call._notify_operator()
        if flush:
            # recompute stored fields now, in this context (no tracking messages)
            Call.env.flush_all()
        return call, created

    @api.model
    def _pbx_insert(self, pbx, call_id, vals):
        """Insert the call row race-free, then fill it through the ORM.

        ``INSERT .. ON CONFLICT DO NOTHING`` makes PostgreSQL raise a
        serialization failure when a concurrent request inserted the same
        (pbx, call id): Odoo then retries the whole request, which finds the
        row and updates it instead of duplicating it.
        """
        self.env.cr.execute(
            """
            INSERT INTO call_center_call
                (pbx_id, pbx_call_id, direction, date_start, state,
                 create_uid, create_date, write_uid, write_date)
            VALUES (%s, %s, %s, %s, 'ringing', %s, now() at time zone 'UTC',
                    %s, now() at time zone 'UTC')
            ON CONFLICT (pbx_id, pbx_call_id) DO NOTHING
            RETURNING id
            """,
            (pbx.id, call_id, vals["direction"], vals["date_start"], self.env.uid, self.env.uid),
            # the serialization failure is expected under concurrency (Odoo retries the
            # request): not an error for the server log
            log_exceptions=False,
        )
        row = self.env.cr.fetchone()
        if not row:  # visible duplicate (cannot happen after the search, but be safe)
            call = self.search([("pbx_id", "=", pbx.id), ("pbx_call_id", "=", call_id)], limit=1)
        else:
            call = self.browse(row[0])
        # ORM write computes every stored field (state, times, dimensions...)
        call.write(vals)
        return call

    # ------------------------------------------------------------------ click2dial
    @api.model
    def _log_outbound_call(self, number):
        return self.create(
            {
                "direction": "outbound",
                "caller_number": self._normalize_number(number, strict=False),
                "operator_id": self.env.uid,
            }
        )

    # -- daily and weekly statistics e-mails ---------------------------------------
    @api.model
    def _stats_period(self, kind, today=None):
        """(date_from, date_to) local dates of the previous day / previous 7 days."""
        tz = pytz.timezone(self._call_center_tz_name())
        today = today or datetime.now(tz).date()
        if kind == "weekly":
            return today - timedelta(days=7), today - timedelta(days=1)
        return today - timedelta(days=1), today - timedelta(days=1)

    @api.model
    def _stats_rows(self, domain, groupby):
        """One row per group with the KPIs, computed with a single _read_group."""
        Report = self.env["call.center.call.report"].sudo()
        aggregates = [
            "nbr_calls:sum",
            "nbr_answered:sum",
            "nbr_abandoned:sum",
            "nbr_in_sl:sum",
            "nbr_fcr:sum",
            "nbr_reports:sum",
            "wait_time:avg",
            "handle_time:avg",
        ]
        groups = [groupby] if groupby else []
        fname = groupby.split(":")[0] if groupby else None
        rows = []
        for group in Report._read_group(domain, groups, aggregates, order=groupby):
            if groupby:
                key, *vals = group
            else:
                key, vals = None, list(group)
            calls, answered, abandoned, in_sl, fcr, reports, wait, handle = vals
            if isinstance(key, models.BaseModel):
                label = key.display_name or self.env._("Undefined")
            elif groupby and key not in (None, False):
                field = Report._fields[fname]
                selection = (
                    dict(field._description_selection(self.env))
                    if field.type == "selection"
                    else {}
                )
                label = selection.get(key, str(key))
            else:
                label = self.env._("Total") if not groupby else self.env._("Undefined")
            rows.append(
                {
                    "label": label,
                    "calls": calls or 0,
                    "answered": answered or 0,
                    "abandoned": abandoned or 0,
                    "service_level": round(100.0 * (in_sl or 0) / calls, 1) if calls else 0.0,
                    "fcr": round(100.0 * (fcr or 0) / answered, 1) if answered else 0.0,
                    "reports": reports or 0,
                    "wait": round(wait or 0.0, 1),
                    "handle": round(handle or 0.0, 1),
                }
            )
        return rows

    @api.model
    def _stats_for_period(self, date_from, date_to):
        domain = [
            ("direction", "=", "inbound"),
            ("date_local", ">=", date_from),
            ("date_local", "<=", date_to),
        ]
        total = self._stats_rows(domain, None)
        return {
            "date_from": fields.Date.to_string(date_from),
            "date_to": fields.Date.to_string(date_to),
            "total": total[0] if total else self._stats_rows([("id", "=", 0)], None)[0],
            "sections": [
                {
                    "title": self.env._("Per operator"),
                    "rows": self._stats_rows(domain, "operator_id"),
                },
                {"title": self.env._("Per line"), "rows": self._stats_rows(domain, "line_id")},
                {"title": self.env._("Per reason"), "rows": self._stats_rows(domain, "reason_id")},
                {"title": self.env._("Per outcome"), "rows": self._stats_rows(domain, "outcome")},
                {
                    "title": self.env._("Per day"),
                    "rows": self._stats_rows(domain, "date_local:day"),
                },
            ],
        }

    @api.model
    def _stats_recipients(self):
        group = self.env.ref("citizen_service.group_citizen_coordinator", raise_if_not_found=False)
        if not group:
            return self.env["res.partner"]
        return group.sudo().users.filtered(lambda u: u.active and u.email).partner_id

    @api.model
    def _send_stats_email(self, kind="daily", today=None):
        date_from, date_to = self._stats_period(kind, today)
        stats = self._stats_for_period(date_from, date_to)
        partners = self._stats_recipients()
        if not partners:
            return False
        template = self.env.ref("call_center.mail_template_call_center_stats")
        title = (
            self.env._("Call centre daily report %(day)s", day=stats["date_to"])
            if kind == "daily"
            else self.env._(
                "Call centre weekly statistics %(start)s - %(end)s",
                start=stats["date_from"],
                end=stats["date_to"],
            )
        )
        template.with_context(cc_stats=stats, cc_title=title).send_mail(
            self.env.company.id,
            email_values={"recipient_ids": [Command.set(partners.ids)]},
        )
        return True

    @api.model
    def _cron_send_daily_report(self):
        return self._send_stats_email("daily")

    @api.model
    def _cron_send_weekly_report(self):
        return self._send_stats_email("weekly")

    # -- demo data: a season of calls ------------------------------------------
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
