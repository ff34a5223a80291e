import math
import secrets
from datetime import timedelta

import pytz
from markupsafe import Markup

from odoo import SUPERUSER_ID, Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, html2plaintext, sql
from odoo.tools.mail import generate_tracking_message_id

from ..tools.geo import bounding_box, within
from ..tools.phone import format_national
from ..tools.traffic_light import due_soon_limit, traffic_light, traffic_light_domains
from ..tools.validation import InputError, check_text, code_matches
from ..tools.workdays import add_business_days

DUE_SOON_PARAM = "citizen_service.due_soon_days"

# already reported nearby (section at the end of the class)
CLOSED_STATES = ("finished", "cancelled", "not_viable")
NEARBY_INDEX = "helpdesk_ticket_citizen_nearby_index"
MAX_NEARBY = 20
WITHDRAW_REASON_MAX = 2000  # characters of the reason a citizen gives to withdraw

# no 0/O, 1/I/L: read aloud by phone or typed from a printed receipt
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
FOLIO_MAX_DIGITS = 12


def new_access_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


# The ONLY report fields the public folio lookup may disclose: never the citizen's name,
# phone, address, citizen number nor the description written by the citizen.
PUBLIC_FOLIO_FIELDS = (
    "number",
    "citizen_state",
    "create_date",
    "date_deadline",
    "closed_date",
    "category_id",
    "team_id",
    "response",
)


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
            tz = pytz.timezone(
                self.env["resource.calendar"]._citizen_calendar_data(calendar.id)[1]
                if calendar
                else company._citizen_tz()
            )
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
        soon = due_soon_limit(today, self._citizen_due_soon_days())
        for ticket in self:
            ticket.traffic_light = traffic_light(ticket.closed, ticket.date_deadline, today, soon)

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
        domains = traffic_light_domains(today, due_soon_limit(today, self._citizen_due_soon_days()))
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

    @api.model
    def default_get(self, fields_list):
        """No report is assigned to whoever files it when that is a citizen or a robot.

        helpdesk_mgmt's "Auto assign tickets" (off for the city since citizen_service, see
        ``data/helpdesk_assign_data.xml``) assigns a new ticket to its creator: a report
        from the website, Open311 or the messaging bot was assigned to the *public user*,
        one made by a job or the demo data to OdooBot. The department assigns its reports
        (by hand, or a service zone's responsible)."""
        defaults = super().default_get(fields_list)
        user = self.env.user
        if defaults.get("user_id") == user.id and (user.share or user.id == SUPERUSER_ID):
            defaults.pop("user_id")
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        # the colonia's centre when no coordinates are given
        vals_list = [self._citizen_location_vals(dict(vals)) for vals in vals_list]
        for vals in vals_list:
            if not self.env.su:
                # who finished a report is recorded, never typed in
                vals.pop("finished_by_id", None)
                vals.pop("finished_date", None)
            if self._citizen_stage_state(vals.get("stage_id")) == "finished":
                vals.setdefault("finished_by_id", self.env.uid)
                vals.setdefault("finished_date", fields.Datetime.now())
        quiet = self.env.context.get("citizen_quiet_creation") and not (
            self.env.context.get("mail_create_nolog") or self.env.context.get("tracking_disable")
        )
        if quiet:
            # the creation message is written below, without computing recipients
            # when nobody follows the new report (API and chatbot intake)
            tickets = super(HelpdeskTicket, self.with_context(mail_create_nolog=True)).create(
                vals_list
            )
            tickets = tickets.with_env(self.env)
            tickets._citizen_log_creation()
        else:
            tickets = super().create(vals_list)
        if not self._citizen_notify_disabled():
            tickets._citizen_notify("created")
        return tickets

    def _citizen_log_creation(self):
        """The creation message of mail.thread / helpdesk_mgmt ("Ticket created").

        Reports with followers get it through ``message_post`` (they are notified);
        the others get the same message written directly: same body, author and
        subtype in the history, without the recipients, alias and reply-to lookups of
        a notification nobody would receive.
        """
        subtype = self._creation_subtype()
        followed = {
            res_id
            for (res_id,) in self.env["mail.followers"]
            .sudo()
            ._read_group([("res_model", "=", self._name), ("res_id", "in", self.ids)], ["res_id"])
        }
        author = self.env.user.partner_id
        template = Markup('<div summary="o_mail_notification"><p>%s</p></div>')
        quiet = self.browse([ticket.id for ticket in self if ticket.id not in followed])
        for ticket in self - quiet:
            ticket.sudo().message_post(
                subtype_id=subtype.id,
                author_id=author.id,
                body=template % ticket._creation_message(),
            )
        if not quiet:
            return
        author_id, email_from = quiet._message_compute_author(author.id, None, raise_on_email=False)
        quiet.sudo()._message_create(
            [
                {
                    "author_id": author_id,
                    "email_from": email_from,
                    "model": self._name,
                    "res_id": ticket.id,
                    "body": template % ticket._creation_message(),
                    "message_type": "notification",
                    "subtype_id": subtype.id,
                    "is_internal": False,  # as message_post writes it
                    "email_add_signature": False,
                    "message_id": generate_tracking_message_id("message-notify"),
                    "reply_to": email_from,
                }
                for ticket in quiet
            ]
        )

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
        if {"colonia_id", "latitude", "longitude"} & set(vals):
            if len(self) != 1:
                # the location depends on each report's current colonia and coordinates
                for ticket in self:
                    ticket.write(vals)
                return True
            vals = self._citizen_location_vals(dict(vals), current=self)
        notify = "stage_id" in vals and not self._citizen_notify_disabled()
        old_stages = {ticket.id: ticket.stage_id.id for ticket in self} if notify else {}
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
        if notify:
            # the citizen is told of every status change, and of the final response
            changed = self.filtered(lambda t: t.stage_id.id != old_stages.get(t.id))
            final = changed.filtered(
                lambda t: t.citizen_state in ("finished", "cancelled", "not_viable")
            )
            (changed - final)._citizen_notify("status")
            final._citizen_notify("response")
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

    # --- public folio lookup and verification code ----------------------------
    citizen_access_code = fields.Char(
        string="Verification code",
        default=lambda self: new_access_code(),
        copy=False,
        readonly=True,
        help="Printed on the citizen's receipt and sent with the folio: with it the public "
        "folio lookup also shows the description and the response of the report.",
    )

    def init(self):
        res = super().init()
        # reports created before the code existed get their own random code
        # (gen_random_uuid: PostgreSQL's cryptographic generator)
        self.env.cr.execute(
            """
            UPDATE helpdesk_ticket
               SET citizen_access_code = upper(substr(md5(gen_random_uuid()::text), 1, 8))
             WHERE citizen_access_code IS NULL
            """
        )
        self._citizen_analysis_index()
        self._citizen_nearby_index()
        return res

    @api.model
    def _citizen_analysis_index(self):
        """Covering index of the compliance pivot (``citizen.report.analysis`` grouped by
        department, per municipality): PostgreSQL answers it with an index-only scan of
        these few columns instead of reading the whole reports table."""
        sql.create_index(
            self.env.cr,
            "helpdesk_ticket_citizen_analysis_idx",
            self._table,
            ["company_id", "team_id", "stage_id", "closed_on_time", "finished_by_id"],
            where="active",
        )

    @api.model
    def _citizen_folio_domain(self, folio):
        """Domain of the report with ``folio``; digits typed without the leading zeros of
        the folio (``539`` for ``0000539``) find it too, through the folio index."""
        if folio.isdigit() and folio.isascii():
            digits = folio.lstrip("0") or "0"
            candidates = {folio} | {
                digits.zfill(width) for width in range(len(digits), FOLIO_MAX_DIGITS + 1)
            }
            return [("number", "in", sorted(candidates))]
        return [("number", "=", folio)]

    def _citizen_code_matches(self, code):
        self.ensure_one()
        return code_matches(code, self.sudo().citizen_access_code)

    @api.model
    def _citizen_clean_folio(self, folio):
        """The folio as typed by a citizen, or ``False`` when it cannot be one."""
        folio = (folio or "").strip().lstrip("#")
        if (
            not folio
            or len(folio) > 32
            or not folio.isascii()
            or not folio.replace("-", "").isalnum()
        ):
            return False
        return folio

    @api.model
    def _citizen_public_folio_info(self, folio, code=None):
        """Whitelisted public data of the report with ``folio`` (``None`` if unknown).

        Runs as superuser but only reads :data:`PUBLIC_FOLIO_FIELDS` and the public
        actions, so it can back an anonymous page or API. Denunciations are never
        found. The description and the response are only given with the report's
        verification ``code`` (printed on the receipt, sent with the folio), so a run
        over sequential folios cannot harvest what citizens wrote.
        """
        if not isinstance(folio, str):
            return None
        folio = self._citizen_clean_folio(folio)
        if not folio:
            return None
        row = self._citizen_public_folio_row(
            self._citizen_folio_domain(folio) + [("petition_type", "!=", "denunciation")],
            with_text=bool(code),
        )
        if not row:
            return None
        merged_folio = False
        verified = code_matches(code, row["citizen_access_code"])
        if row["merged_into_id"]:
            # a duplicate merged later: its folio finds the report it was merged into
            merged_folio = row["number"]
            target = self.browse(row["id"])._citizen_merge_target()
            row = self._citizen_public_folio_row([("id", "=", target.id)], with_text=bool(code))
            verified = verified or code_matches(code, row["citizen_access_code"])
        state_labels = dict(self._fields["citizen_state"]._description_selection(self.env))
        actions = []
        if row["has_public_actions"]:
            actions = (
                self.env["citizen.report.action"]
                .sudo()
                .search_read(
                    [("ticket_id", "=", row["id"]), ("is_public", "=", True)],
                    ["date", "description", "team_id"],
                    order="date, id",
                )
            )
        return {
            "folio": row["number"],
            "status": row["citizen_state"] or False,
            "status_label": state_labels.get(row["citizen_state"], ""),
            "create_date": fields.Datetime.to_string(row["create_date"]),
            "date_deadline": fields.Date.to_string(row["date_deadline"]),
            "closed_date": fields.Datetime.to_string(row["closed_date"]),
            "petition": row["petition"] or False,
            "petition_code": row["petition_code"] or False,
            "department": row["department"] or False,
            "verified": verified,
            "merged_folio": merged_folio,
            "response": (row["response"] or False) if verified else False,
            "description": html2plaintext(row["description"] or "") if verified else False,
            "actions": [
                {
                    "date": fields.Datetime.to_string(action["date"]),
                    "description": action["description"],
                    "department": action["team_id"][1] if action["team_id"] else False,
                }
                for action in actions
            ],
        }

    @api.model
    def _citizen_public_folio_row(self, domain, with_text=False):
        """The first report of ``domain`` (archived ones included, no record rules) with
        the columns the public lookup needs, its petition's and department's names (in
        the user's language) and whether it has public actions: one query through the
        folio index, without loading the report's other fields. ``description`` is only
        read ``with_text`` (a verification code was given), else ``None``."""
        Ticket = self.sudo().with_context(active_test=False)
        query = Ticket._search(domain, order="id", limit=1)
        table = Ticket._table
        category = query.left_join(
            table, "category_id", "helpdesk_ticket_category", "id", "category_id"
        )
        team = query.left_join(table, "team_id", "helpdesk_ticket_team", "id", "team_id")
        Category = self.env["helpdesk.ticket.category"].sudo()
        columns = {
            "id": SQL.identifier(table, "id"),
            **{
                fname: Ticket._field_to_sql(table, fname, query)
                for fname in PUBLIC_FOLIO_FIELDS
                if fname not in ("category_id", "team_id")
            },
            "merged_into_id": Ticket._field_to_sql(table, "merged_into_id", query),
            "citizen_access_code": Ticket._field_to_sql(table, "citizen_access_code", query),
            "description": (
                Ticket._field_to_sql(table, "description", query) if with_text else SQL("NULL")
            ),
            "petition": Category._field_to_sql(category, "name", query),
            "petition_code": Category._field_to_sql(category, "code", query),
            "department": self.env["helpdesk.ticket.team"]
            .sudo()
            ._field_to_sql(team, "name", query),
            "has_public_actions": SQL(
                "EXISTS(SELECT 1 FROM citizen_report_action a"
                " WHERE a.ticket_id = %s AND a.is_public)",
                SQL.identifier(table, "id"),
            ),
        }
        # execute_query flushes what the query reads (e.g. a petition's type just changed)
        rows = self.env.execute_query(
            query.select(
                *(SQL("%s AS %s", sql, SQL.identifier(key)) for key, sql in columns.items())
            )
        )
        return dict(zip(columns, rows[0], strict=True)) if rows else None

    # --- notifications to the citizen (e-mail, SMS, WhatsApp) -----------------
    citizen_api_client_id = fields.Many2one(
        "citizen.api.client", string="API client", readonly=True, copy=False
    )

    citizen_notification_ids = fields.One2many(
        "citizen.notification", "ticket_id", string="Notifications", readonly=True
    )

    @api.model
    def _citizen_notify_disabled(self):
        ctx = self.env.context
        return bool(ctx.get("install_mode") or ctx.get("citizen_no_notify"))

    def _citizen_notify(self, kind, partners=None):
        """Tell the citizens of each report, each through their channel, of ``kind``.

        The author and the supporters (citizens who backed the report) are told;
        ``partners`` restricts the message to some of them (e.g. a new supporter).
        """
        Notification = self.env["citizen.notification"].sudo()
        Template = self.env["citizen.notification.template"].sudo()
        for ticket in self:
            for partner, method in ticket._citizen_notify_recipients():
                if partners is not None and partner not in partners:
                    continue
                phone = partner.mobile or partner.phone
                if method == "none":
                    continue
                if method == "email" and not partner.email and phone:
                    # a caller registered with a phone only (072, front desk) gets an SMS
                    method = "sms"
                if method in ("sms", "whatsapp") and phone:
                    body = Template._citizen_render(method, kind, ticket, partner=partner)
                    if not body:
                        continue
                    if method == "sms":
                        Notification._citizen_send_sms(
                            phone, body, partner=partner, ticket=ticket, kind=kind
                        )
                    else:
                        Notification._citizen_send_whatsapp(
                            phone,
                            body,
                            partner=partner,
                            client=ticket.citizen_api_client_id,
                            ticket=ticket,
                            kind=kind,
                        )
                elif partner.email:
                    Notification._citizen_send_email(ticket, kind, partner=partner)

    def _citizen_notify_method(self):
        self.ensure_one()
        if not self.channel_id:
            return "email"
        return self.channel_id._citizen_notify_method()

    def _track_template(self, tracking):
        res = super()._track_template(tracking)
        ticket = self[:1]
        if "stage_id" in res and ticket.partner_id:
            # the citizen notifications (Spanish, with the written response) replace the
            # generic stage e-mail of helpdesk_mgmt (English): never two messages, and none
            # at all when they are off (the origin says "Do not notify", module install and
            # its demo data, ``citizen_no_notify``)
            del res["stage_id"]
        return res

    def _creation_message(self):
        """The chatter's "Reporte ciudadano creado" (mail.thread writes "<model name>
        created"): a term of this module, read from its translations whatever state the
        model's name is in. While modules are installed their translations are loaded
        last, so the reports of the demo data said "Helpdesk Ticket creado"."""
        self.ensure_one()
        return self._citizen_with_writer_lang().env._("Citizen report created")

    @api.model
    def _citizen_nearest_colonia(self, latitude, longitude):
        """Colonia whose centre is nearest to the point (equirectangular distance)."""
        best, best_dist = None, None
        cos_lat = math.cos(math.radians(latitude or 0))
        for cid, lat, lng in self.env["citizen.colonia"]._citizen_points():
            dist = (lat - latitude) ** 2 + ((lng - longitude) * cos_lat) ** 2
            if best_dist is None or dist < best_dist:
                best, best_dist = cid, dist
        # farther than ~5 km from any colonia centre: leave it empty
        if best is None or best_dist > (5 / 111.0) ** 2:
            return self.env["citizen.colonia"]
        return self.env["citizen.colonia"].browse(best)

    # --- the citizen on the portal: own reports, withdrawing one -------------
    def _citizen_is_own_report(self, user=None):
        """The report was made by this (portal) user's citizen."""
        self.ensure_one()
        partner = (user or self.env.user).partner_id
        own = self.partner_id
        return bool(
            partner
            and own
            and (own == partner or own.commercial_partner_id == partner.commercial_partner_id)
        )

    def _citizen_can_withdraw(self, user=None):
        self.ensure_one()
        return self.citizen_state == "captured" and self._citizen_is_own_report(user)

    def action_citizen_withdraw(self, reason):
        """The citizen withdraws their own report while it is still Captured.

        The report goes to Cancelled with the reason, recorded in the chatter.
        """
        self.ensure_one()
        user = self.env.user
        ticket = self.sudo()
        if not ticket._citizen_is_own_report(user):
            raise UserError(self.env._("You can only withdraw your own reports."))
        if ticket.citizen_state != "captured":
            raise UserError(
                self.env._(
                    "Report %(folio)s can no longer be withdrawn: the department is already "
                    "attending it or it is closed.",
                    folio=ticket.number,
                )
            )
        try:
            # called from the portal, and by RPC with whatever a client sends
            reason = check_text(reason, "reason", WITHDRAW_REASON_MAX)
        except InputError as exc:
            raise UserError(
                self.env._(
                    "The reason must be plain text of at most %(max)s characters.",
                    max=WITHDRAW_REASON_MAX,
                )
            ) from exc
        if not reason:
            raise UserError(self.env._("Tell us why you withdraw your report."))
        stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        ticket.write({"stage_id": stage.id, "close_reason": reason})
        ticket.message_post(
            body=Markup("<p>%s</p><p>%s</p>")
            % (self.env._("The citizen withdrew the report."), reason),
            author_id=user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return True

    # --- location -------------------------------------------------------------
    # Where a report is: a point, or the centre of its colonia, never a silent 0.0.

    location_source = fields.Selection(
        [("point", "Point given"), ("colonia", "Centre of the colonia")],
        string="Coordinates from",
        copy=False,
        help="Point given by the citizen or the operator, or centre of the colonia when "
        "the report came without one.",
    )

    location_display = fields.Char(string="Coordinates", compute="_compute_location_display")

    @api.depends("number", "name")
    def _compute_display_name(self):
        res = super()._compute_display_name()
        for ticket in self:
            if not ticket.number or ticket.number == "/":
                # a report being captured has no folio yet: never "/ - False"
                ticket.display_name = ticket.name or self.env._("New citizen report")
        return res

    @api.depends("latitude", "longitude", "location_source")
    def _compute_location_display(self):
        labels = dict(self._fields["location_source"]._description_selection(self.env))
        for ticket in self:
            if not (ticket.latitude or ticket.longitude):
                ticket.location_display = self.env._("No location")
                continue
            text = f"{ticket.latitude:.6f}, {ticket.longitude:.6f}"
            if ticket.location_source == "colonia":
                text = f"{text} ({labels['colonia']})"
            ticket.location_display = text

    @api.model
    def _citizen_location_vals(self, vals, current=None):
        """``vals`` completed with the colonia centre when no point is given."""
        has_point = bool(vals.get("latitude") or vals.get("longitude"))
        if "latitude" in vals or "longitude" in vals:
            if has_point:
                vals.setdefault("location_source", "point")
                return vals
        elif current is not None and (current.latitude or current.longitude):
            if current.location_source != "colonia" or "colonia_id" not in vals:
                return vals
        colonia_id = vals.get("colonia_id", current.colonia_id.id if current else False)
        colonia = self.env["citizen.colonia"].sudo().browse(colonia_id or [])
        if colonia and (colonia.latitude or colonia.longitude):
            vals.update(
                latitude=colonia.latitude,
                longitude=colonia.longitude,
                location_source="colonia",
            )
        elif current is not None and current.location_source == "colonia":
            # the new colonia has no centre: the old colonia's centre would be wrong
            vals.update(latitude=0.0, longitude=0.0, location_source=False)
        return vals

    # One intake path for every channel: citizen matching, report, attachments, notice.
    #
    # Open311, the messaging webhook and the portal all call
    # ``helpdesk.ticket._citizen_intake(...)``; backend capture can call it too. Citizens are
    # matched on strong evidence only (``res.partner._citizen_match``): a phone or e-mail that
    # belongs to a registered citizen is not enough when the name or the e-mail sent with it
    # disagree. Then a new citizen is created and flagged as a possible duplicate for staff,
    # instead of attaching the report (and its personal data) to someone else's portal.
    @api.model
    def _citizen_intake(
        self,
        vals,
        citizen=None,
        channel=None,
        api_client=None,
        attachments=None,
        subscribe=False,
    ):
        """Open a citizen report from any channel; returns the report (sudo).

        :param vals: ``helpdesk.ticket`` values (name, description, category_id, street,
            colonia_id, latitude/longitude, petition_properties, ...); the colonia is
            found from the coordinates when not given.
        :param citizen: a ``res.partner`` (portal user, capture) or a dict
            ``{"name", "email", "phone"}`` matched with ``res.partner._citizen_match``.
        :param channel: ``helpdesk.ticket.channel`` (origin) of the report.
        :param api_client: ``citizen.api.client`` the report came through.
        :param attachments: list of ``ir.attachment`` values (``raw`` or ``url``).
        :param subscribe: make the citizen follow the report (portal).

        The folio notification is sent by ``create`` (citizen_notification).
        """
        Ticket = self.sudo()
        vals = dict(vals)
        if isinstance(citizen, dict):
            partner = self.env["res.partner"]._citizen_match(**citizen)
        else:
            partner = citizen.sudo() if citizen else self.env["res.partner"].sudo()
        if partner:
            vals.setdefault("partner_id", partner.id)
            if not vals.get("colonia_id") and not vals.get("latitude") and partner.colonia_id:
                vals["colonia_id"] = partner.colonia_id.id
        if channel:
            vals["channel_id"] = channel.id
        if api_client:
            vals["citizen_api_client_id"] = api_client.id
        lat, lng = vals.get("latitude"), vals.get("longitude")
        if (lat or lng) and not vals.get("colonia_id"):
            colonia = Ticket._citizen_nearest_colonia(lat, lng)
            if colonia:
                vals["colonia_id"] = colonia.id
        ticket = Ticket.with_context(citizen_quiet_creation=True).create(vals).with_env(Ticket.env)
        if attachments:
            self.env["ir.attachment"].sudo().create(
                [dict(att, res_model="helpdesk.ticket", res_id=ticket.id) for att in attachments]
            )
        if subscribe and partner:
            ticket.message_subscribe(partner_ids=partner.ids)
        return ticket

    # --- already reported nearby, backing a report (supporters), merged duplicates ---
    # Before a new report is filed (backend capture, portal, Open311, chatbot) the open
    # reports of the same petition within the petition's distance are offered; the citizen
    # can *back* one instead of filing a duplicate: they become a supporter of it and are
    # told of its changes like its author. Duplicates found later are merged
    # (``helpdesk_mgmt_merge``) and the merged report keeps the other's folio, supporters
    # and history.
    supporter_ids = fields.One2many(
        "citizen.report.supporter", "ticket_id", string="Supporters", readonly=True, copy=False
    )
    supporter_count = fields.Integer(
        string="Number of supporters",
        compute="_compute_supporter_count",
        store=True,
        help="Citizens who backed this report instead of filing the same problem again.",
    )
    merged_into_id = fields.Many2one(
        "helpdesk.ticket",
        string="Merged into",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="This duplicate report was merged into that one.",
    )
    merged_ticket_ids = fields.One2many(
        "helpdesk.ticket",
        "merged_into_id",
        string="Merged reports",
        readonly=True,
        context={"active_test": False},
    )
    merged_folios = fields.Char(
        string="Merged folios",
        compute="_compute_merged_folios",
        search="_search_merged_folios",
        help="Folios of the duplicate reports merged into this one; they still find it.",
    )

    @api.depends("supporter_ids")
    def _compute_supporter_count(self):
        counts = dict(
            self.env["citizen.report.supporter"]
            .sudo()
            ._read_group([("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"])
        )
        for ticket in self:
            ticket.supporter_count = counts.get(ticket._origin, 0)

    def _compute_merged_folios(self):
        merged = (
            self.sudo()
            .with_context(active_test=False)
            .search_read([("merged_into_id", "in", self.ids)], ["number", "merged_into_id"])
        )
        folios = {}
        for row in merged:
            folios.setdefault(row["merged_into_id"][0], []).append(row["number"])
        for ticket in self:
            ticket.merged_folios = ", ".join(sorted(folios.get(ticket.id, []))) or False

    def _search_merged_folios(self, operator, value):
        if operator not in ("=", "ilike", "in") or not value:
            return [("id", "=", 0)]
        Ticket = self.sudo().with_context(active_test=False)
        if operator == "in":
            domain = [("number", "in", list(value))]
        else:
            folio = self._citizen_clean_folio(value if isinstance(value, str) else "")
            domain = self._citizen_folio_domain(folio) if folio else [("id", "=", 0)]
        duplicates = Ticket.search(domain + [("merged_into_id", "!=", False)])
        return [("id", "in", duplicates._citizen_merge_target().ids)]

    def _citizen_merge_target(self):
        """The reports these (merged) reports ended up in, following merge chains."""
        targets = self.browse()
        for ticket in self.sudo().with_context(active_test=False):
            seen = set()
            while ticket.merged_into_id and ticket.id not in seen:
                seen.add(ticket.id)
                ticket = ticket.merged_into_id
            targets |= ticket
        return targets.with_env(self.env)

    @api.model
    def _citizen_nearby_index(self):
        """Index of the nearby search (called by ``init``): a range scan per petition on
        latitude, filtered on longitude inside the index; open reports only (the predicate
        of the query of ``_citizen_nearby``)."""
        self.env.cr.execute(
            SQL(
                """CREATE INDEX IF NOT EXISTS %s ON helpdesk_ticket
                   (category_id, latitude, longitude)
                   WHERE active AND (citizen_state IS NULL OR citizen_state NOT IN %s)""",
                SQL.identifier(NEARBY_INDEX),
                CLOSED_STATES,
            )
        )

    @api.model
    def _citizen_nearby(
        self, petition, latitude, longitude, distance=None, limit=10, exclude_ids=()
    ):
        """Open reports of ``petition`` within ``distance`` metres (default: the
        petition's) of the point, nearest first: a list of ``(report, metres)``.

        A bounding box on the ``(category_id, latitude, longitude)`` index, then the exact
        great-circle distance. Reports without coordinates are never near anything.
        """
        petition = petition.sudo() if petition else petition
        if not petition or latitude is None or longitude is None:
            return []
        if not (latitude or longitude):
            return []
        if distance is None:
            distance = petition.nearby_distance_m
        if not distance or distance <= 0:
            return []
        limit = max(1, min(int(limit or 10), MAX_NEARBY))
        min_lat, max_lat, min_lon, max_lon = bounding_box(latitude, longitude, distance)
        self.env["helpdesk.ticket"].flush_model(
            ["category_id", "latitude", "longitude", "active", "citizen_state"]
        )
        self.env.cr.execute(
            SQL(
                """SELECT id, latitude, longitude FROM helpdesk_ticket
                    WHERE category_id = %s
                      AND active AND (citizen_state IS NULL OR citizen_state NOT IN %s)
                      AND latitude BETWEEN %s AND %s AND longitude BETWEEN %s AND %s
                      AND NOT (latitude = 0 AND longitude = 0)
                      AND id != ALL(%s)""",
                petition.id,
                CLOSED_STATES,
                min_lat,
                max_lat,
                min_lon,
                max_lon,
                list(exclude_ids or []),
            )
        )
        found = within(self.env.cr.fetchall(), latitude, longitude, distance, limit=limit)
        tickets = self.browse([tid for tid, _metres in found])
        return list(zip(tickets, [metres for _tid, metres in found], strict=True))

    def _citizen_nearby_public(self, metres):
        """What a citizen may see of a nearby report of someone else: no name, no
        description, no street (it may be the author's home)."""
        self.ensure_one()
        ticket = self.sudo()
        labels = dict(ticket._fields["citizen_state"]._description_selection(self.env))
        return {
            "id": ticket.id,
            "folio": ticket.number,
            "petition": ticket.category_id.name or "",
            "colonia": ticket.colonia_id.name or "",
            "status": labels.get(ticket.citizen_state, ""),
            "date": ticket.create_date and ticket.create_date.strftime("%d/%m/%Y") or "",
            "distance": round(metres),
            "supporters": ticket.supporter_count,
        }

    def _citizen_is_involved(self, partner):
        self.ensure_one()
        return partner == self.partner_id or partner in self.sudo().supporter_ids.partner_id

    def _citizen_back(self, partner, channel=None):
        """``partner`` backs this report instead of filing a duplicate.

        They become a supporter (once), follow the report, and are notified now and at
        every change like its author. Returns ``True`` when added, ``False`` when they
        already were its author or a supporter.
        """
        self.ensure_one()
        ticket = self.sudo()
        partner = partner.sudo()
        if not partner:
            raise UserError(self.env._("Tell us who backs the report."))
        if not ticket.active or ticket.closed or ticket.citizen_state in CLOSED_STATES:
            raise UserError(
                self.env._(
                    "Report %(folio)s is already closed: it can no longer be backed.",
                    folio=ticket.number,
                )
            )
        if ticket._citizen_is_involved(partner):
            return False
        ticket.write(
            {
                "supporter_ids": [
                    Command.create({"partner_id": partner.id, "channel_id": channel.id or False})
                    if channel
                    else Command.create({"partner_id": partner.id})
                ]
            }
        )
        # not a follower: on the portal a follower would see the author's name and text;
        # the supporter is told of the changes by the citizen notifications instead
        ticket.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "%(citizen)s backs this report (already reported nearby). Supporters: %(count)s.",
                citizen=partner.name,
                count=ticket.supporter_count,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        if not self._citizen_notify_disabled():
            ticket._citizen_notify("backed", partners=partner)
        return True

    def action_citizen_back_from_capture(self):
        """ "Back" button of a nearby report in the quick capture screen."""
        self.ensure_one()
        capture_id = self.env.context.get("citizen_capture_id")
        capture = (
            self.env["citizen.report.capture"]
            .browse(capture_id if isinstance(capture_id, int) else [])
            .exists()
        )
        if not capture:
            raise UserError(self.env._("Open the quick capture to back a report."))
        return capture._citizen_action_back(self)

    def _citizen_notify_recipients(self):
        """``(partner, method)`` of the author and of every supporter, each notified by
        the channel they reported or backed through."""
        self.ensure_one()
        recipients = []
        if self.partner_id:
            recipients.append((self.partner_id, self._citizen_notify_method()))
        for supporter in self.sudo().supporter_ids:
            method = (
                supporter.channel_id._citizen_notify_method() if supporter.channel_id else "email"
            )
            recipients.append((supporter.partner_id, method))
        return recipients
