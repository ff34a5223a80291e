from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from ..tools.phone import format_national
from ..tools.workdays import add_business_days

DUE_SOON_PARAM = "citizen_service.due_soon_days"


class HelpdeskTicket(models.Model):
    """A helpdesk ticket is a citizen report (reporte ciudadano) identified by its folio."""

    _inherit = "helpdesk.ticket"

    # folio lookups (portal, public tracking, API) must stay instant on millions of rows
    number = fields.Char(index=True)
    # --- catalog -------------------------------------------------------------
    category_id = fields.Many2one(string="Petition", tracking=True)
    team_id = fields.Many2one(string="Department")
    channel_id = fields.Many2one(string="Origin")
    petition_code = fields.Char(related="category_id.code", string="Petition code")
    petition_type = fields.Selection(related="category_id.petition_type", store=True, string="Type")
    petition_properties = fields.Properties(
        string="Petition fields",
        definition="category_id.petition_properties_definition",
        copy=True,
    )
    # --- place ---------------------------------------------------------------
    colonia_id = fields.Many2one("citizen.colonia", index=True)
    street = fields.Char(string="Street and number")
    cross_streets = fields.Char()
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    # --- citizen (stored for statistics and filters) -------------------------
    citizen_number = fields.Char(related="partner_id.citizen_number")
    citizen_phone = fields.Char(related="partner_id.phone", string="Citizen phone")
    citizen_sex = fields.Selection(related="partner_id.citizen_sex", store=True, string="Sex")
    citizen_age = fields.Integer(
        string="Age", compute="_compute_citizen_age", store=True, aggregator="avg"
    )
    citizen_age_range = fields.Selection(
        [
            ("0_17", "Under 18"),
            ("18_29", "18 to 29"),
            ("30_44", "30 to 44"),
            ("45_59", "45 to 59"),
            ("60_plus", "60 and over"),
        ],
        string="Age range",
        compute="_compute_citizen_age",
        store=True,
    )
    # --- status and deadline -------------------------------------------------
    citizen_state = fields.Selection(
        related="stage_id.citizen_state", store=True, string="Status", index=True
    )
    date_deadline = fields.Date(
        string="Deadline",
        compute="_compute_date_deadline",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
    )
    traffic_light = fields.Selection(
        [
            ("on_time", "On time"),
            ("due_soon", "Due soon"),
            ("overdue", "Overdue"),
            ("closed", "Closed"),
        ],
        compute="_compute_traffic_light",
        search="_search_traffic_light",
    )
    closed_on_time = fields.Boolean(
        compute="_compute_closed_on_time",
        store=True,
        help="Finished on or before its deadline.",
    )
    response = fields.Text(
        string="Response to the citizen",
        tracking=True,
        help="Written response; required to finish the report and shown to the citizen.",
    )
    first_response = fields.Text(
        string="Initial response or action",
        tracking=True,
        copy=False,
        help="The department's first response or action; required to move the report "
        "to In process.",
    )
    finished_by_id = fields.Many2one(
        "res.users",
        string="Finished by",
        readonly=True,
        copy=False,
        index=True,
        help="User who finished the report; counted by the productivity statistics.",
    )
    finished_date = fields.Datetime(string="Finished on", readonly=True, copy=False)
    close_reason = fields.Text(
        string="Reason", tracking=True, help="Why the report was cancelled or is not viable."
    )
    # --- reassignment and co-attention ---------------------------------------
    reassigned = fields.Boolean(readonly=True, copy=False, tracking=True)
    reassignment_ids = fields.One2many(
        "citizen.report.reassignment", "ticket_id", string="Reassignments", readonly=True
    )
    coattention_team_ids = fields.Many2many(
        "helpdesk.ticket.team",
        "helpdesk_ticket_coattention_rel",
        "ticket_id",
        "team_id",
        string="Co-attending departments",
        tracking=True,
    )
    action_ids = fields.One2many("citizen.report.action", "ticket_id", string="Department actions")

    # ------------------------------------------------------------------------
    @api.model
    def _prepare_ticket_number(self, values):
        seq = self.env["ir.sequence"]
        if "company_id" in values:
            seq = seq.with_company(values["company_id"])
        return seq.next_by_code("citizen.report.folio") or "/"

    @api.depends("user_id", "category_id")
    def _compute_team_id(self):
        # the petition routes the report to its department
        for ticket in self:
            if ticket.category_id.team_id and ticket.team_id != ticket.category_id.team_id:
                if not ticket.team_id or not ticket._origin.team_id:
                    ticket.team_id = ticket.category_id.team_id
        return super()._compute_team_id()

    @api.depends("partner_id.birthdate")
    def _compute_citizen_age(self):
        today = fields.Date.context_today(self)
        for ticket in self:
            birth = ticket.partner_id.birthdate
            age = 0
            if birth:
                ref = (ticket.create_date or fields.Datetime.now()).date()
                ref = min(ref, today)
                age = ref.year - birth.year - ((ref.month, ref.day) < (birth.month, birth.day))
            ticket.citizen_age = age
            if not birth:
                ticket.citizen_age_range = False
            elif age < 18:
                ticket.citizen_age_range = "0_17"
            elif age < 30:
                ticket.citizen_age_range = "18_29"
            elif age < 45:
                ticket.citizen_age_range = "30_44"
            elif age < 60:
                ticket.citizen_age_range = "45_59"
            else:
                ticket.citizen_age_range = "60_plus"

    @api.depends("category_id", "create_date")
    def _compute_date_deadline(self):
        rules = {}
        now = fields.Datetime.now()
        for ticket in self:
            if not ticket.category_id:
                ticket.date_deadline = False
                continue
            company = ticket.company_id or self.env.company
            # the working day is the local one: a report made on Friday night (already
            # Saturday in UTC) still counts from Friday
            calendar = company._citizen_calendar()
            tz = pytz.timezone((calendar and calendar.tz) or "America/Mexico_City")
            start = pytz.utc.localize(ticket.create_date or now).astimezone(tz).date()
            key = (company.id, start.year)
            if key not in rules:
                # one calendar read per company and year for the whole batch
                rules[key] = company._citizen_calendar_rules(
                    start.replace(month=1, day=1),
                    start.replace(month=12, day=31) + timedelta(days=400),
                )
            days = ticket.category_id.deadline_days
            ticket.date_deadline = add_business_days(start, days, *rules[key])

    @api.depends("closed", "closed_date", "date_deadline")
    def _compute_closed_on_time(self):
        for ticket in self:
            ticket.closed_on_time = bool(
                ticket.closed
                and ticket.date_deadline
                and ticket.closed_date
                and ticket.closed_date.date() <= ticket.date_deadline
            )

    def _citizen_due_soon_days(self):
        param = self.env["ir.config_parameter"].sudo().get_param(DUE_SOON_PARAM, "2")
        try:
            return max(int(param), 0)
        except ValueError:
            return 2

    @api.depends("date_deadline", "closed")
    @api.depends_context("date")
    def _compute_traffic_light(self):
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=self._citizen_due_soon_days())
        for ticket in self:
            if ticket.closed:
                ticket.traffic_light = "closed"
            elif not ticket.date_deadline or ticket.date_deadline > soon:
                ticket.traffic_light = "on_time"
            elif ticket.date_deadline >= today:
                ticket.traffic_light = "due_soon"
            else:
                ticket.traffic_light = "overdue"

    def _search_traffic_light(self, operator, value):
        if operator in ("=", "!="):
            values = {value}
        elif operator in ("in", "not in"):
            values = set(value)
        else:
            raise ValidationError(self.env._("Unsupported search on the traffic light."))
        lights = {key for key, _label in self._fields["traffic_light"].selection}
        if operator in ("!=", "not in"):
            values = lights - values
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=self._citizen_due_soon_days())
        domains = {
            "closed": [("closed", "=", True)],
            "on_time": [
                ("closed", "=", False),
                "|",
                ("date_deadline", "=", False),
                ("date_deadline", ">", soon),
            ],
            "due_soon": [
                ("closed", "=", False),
                ("date_deadline", ">=", today),
                ("date_deadline", "<=", soon),
            ],
            "overdue": [("closed", "=", False), ("date_deadline", "<", today)],
        }
        # each light is a conjunction of leaves: combine them properly
        return expression.OR([domains[val] for val in sorted(values) if val in domains]) or [
            ("id", "=", 0)
        ]

    # ------------------------------------------------------------------------
    @api.constrains("stage_id", "response", "close_reason")
    def _check_citizen_state_requirements(self):
        for ticket in self:
            state = ticket.stage_id.citizen_state
            if state == "finished" and not (ticket.response or "").strip():
                raise ValidationError(
                    self.env._(
                        "Report %(folio)s cannot be finished without a written "
                        "response to the citizen.",
                        folio=ticket.number,
                    )
                )
            if state in ("cancelled", "not_viable") and not (ticket.close_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Report %(folio)s needs a reason to be cancelled or marked as not viable.",
                        folio=ticket.number,
                    )
                )

    @api.model
    def _citizen_phone_national(self, phone):
        """``+524771234567`` printed as ``477 123 4567``."""
        return format_national(phone)

    def _citizen_property_lines(self):
        """The petition's extra fields as ``(label, text)`` pairs, for printed documents."""
        self.ensure_one()
        lines = []
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        date_format = lang.date_format or "%d/%m/%Y"
        for prop in self.read(["petition_properties"])[0]["petition_properties"] or []:
            kind, value = prop.get("type"), prop.get("value")
            if kind == "separator":
                continue
            if kind == "boolean":
                text = self.env._("Yes") if value else self.env._("No")
            elif value in (None, False, "", []):
                text = ""
            elif kind == "selection":
                text = dict(prop.get("selection") or []).get(value, value)
            elif kind == "tags":
                labels = {tag[0]: tag[1] for tag in prop.get("tags") or []}
                text = ", ".join(labels.get(key, key) for key in value)
            elif kind == "many2one":
                text = value[1] if isinstance(value, (list, tuple)) else str(value)
            elif kind == "many2many":
                text = ", ".join(
                    item[1] if isinstance(item, (list, tuple)) else str(item) for item in value
                )
            elif kind == "date":
                text = fields.Date.to_date(value).strftime(date_format)
            elif kind == "datetime":
                local = fields.Datetime.context_timestamp(self, fields.Datetime.to_datetime(value))
                text = local.strftime(f"{date_format} %H:%M")
            elif kind == "float":
                text = ("%.2f" % value).rstrip("0").rstrip(".")
            else:
                text = str(value)
            lines.append((prop.get("string") or prop.get("name"), text))
        return lines

    @api.constrains("latitude", "longitude")
    def _check_coordinates(self):
        for ticket in self:
            if not -90 <= ticket.latitude <= 90 or not -180 <= ticket.longitude <= 180:
                raise ValidationError(self.env._("The coordinates of the report are out of range."))

    @api.onchange("partner_id")
    def _onchange_partner_citizen(self):
        if self.partner_id.colonia_id and not self.colonia_id:
            self.colonia_id = self.partner_id.colonia_id

    @api.model
    def _citizen_stage_state(self, stage_id):
        if not stage_id:
            return False
        return self.env["helpdesk.ticket.stage"].browse(stage_id).citizen_state

    def _citizen_check_initial_response(self):
        """In process starts with the department's first response or action (seed)."""
        for ticket in self:
            if not ticket._citizen_has_initial_response():
                raise ValidationError(
                    self.env._(
                        "Report %(folio)s needs the department's initial response or "
                        "action to move to In process.",
                        folio=ticket.number,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su:
                # who finished a report is recorded, never typed in
                vals.pop("finished_by_id", None)
                vals.pop("finished_date", None)
            if self._citizen_stage_state(vals.get("stage_id")) == "finished":
                vals.setdefault("finished_by_id", self.env.uid)
                vals.setdefault("finished_date", fields.Datetime.now())
        return super().create(vals_list)

    def _citizen_stage_vals(self, vals):
        """Who finished the report and when; ``None`` or the tickets moving to In process."""
        if not self.env.su and ("finished_by_id" in vals or "finished_date" in vals):
            # who finished a report is recorded, never typed in
            vals = {k: v for k, v in vals.items() if k not in ("finished_by_id", "finished_date")}
        if not vals.get("stage_id"):
            return vals, None
        new_state = self._citizen_stage_state(vals["stage_id"])
        moving = self.filtered(lambda t: t.stage_id.id != vals["stage_id"])
        if not moving:
            return vals, None
        if new_state == "finished" and "finished_by_id" not in vals:
            vals = dict(vals, finished_by_id=self.env.uid, finished_date=fields.Datetime.now())
        elif new_state != "finished" and moving.filtered("finished_by_id"):
            # reopened: nobody has finished it (yet)
            vals = dict(vals, finished_by_id=False, finished_date=False)
        return vals, (moving if new_state == "in_process" else None)

    def write(self, vals):
        vals, to_process = self._citizen_stage_vals(vals)
        tracked = self.env["citizen.report.reassignment"]
        history = []
        if "team_id" in vals and not self.env.context.get("citizen_no_reassignment"):
            new_team = vals["team_id"]
            for ticket in self:
                if ticket.team_id and ticket.team_id.id != new_team:
                    history.append(
                        {
                            "ticket_id": ticket.id,
                            "from_team_id": ticket.team_id.id,
                            "to_team_id": new_team or False,
                            "from_category_id": ticket.category_id.id,
                            "to_category_id": vals.get("category_id", ticket.category_id.id),
                            "reason": self.env.context.get("citizen_reassign_reason"),
                        }
                    )
        if history:
            vals = dict(vals, reassigned=True)
        res = super().write(vals)
        if history:
            tracked.sudo().create(history)
        if to_process:
            to_process._citizen_check_initial_response()
        return res

    def action_citizen_finish(self):
        """Finish the reports; without the written response, ask for it (wizard)."""
        stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        if all((ticket.response or "").strip() for ticket in self):
            self.write({"stage_id": stage.id})
            return True
        return self._citizen_process_wizard("finished")

    def _citizen_process_wizard(self, target):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "citizen_service.action_citizen_report_process"
        )
        action["context"] = {
            "active_model": "helpdesk.ticket",
            "active_ids": self.ids,
            "active_id": self[:1].id,
            "default_target": target,
        }
        if target == "finished":
            action["name"] = self.env._("Finish report")
        return action

    def _citizen_has_initial_response(self):
        self.ensure_one()
        return bool(
            (self.first_response or "").strip()
            or (self.response or "").strip()
            or self.sudo().action_ids
        )

    def action_citizen_process(self, first_response=None):
        """Move to In process; without the initial response, ask for it (wizard)."""
        stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        text = (first_response or "").strip()
        if text:
            self.write({"stage_id": stage.id, "first_response": text})
            return True
        if all(ticket._citizen_has_initial_response() for ticket in self):
            self.write({"stage_id": stage.id})
            return True
        return self._citizen_process_wizard("in_process")
