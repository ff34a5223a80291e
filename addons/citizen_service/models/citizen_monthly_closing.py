import io
import logging
from collections import defaultdict
from datetime import date, datetime

import pytz
from babel.dates import format_date
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date as odoo_format_date

try:
    import xlsxwriter
except ImportError:  # pragma: no cover
    xlsxwriter = None

_logger = logging.getLogger(__name__)

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def month_start(day):
    """First day of the month of ``day``."""
    return date(day.year, day.month, 1)


def closing_lines(line_type, string):
    """The lines of one ``line_type`` of a closing (a filtered view of ``line_ids``)."""
    return fields.One2many(
        "citizen.monthly.closing.line",
        "closing_id",
        string=string,
        domain=[("line_type", "=", line_type)],
        readonly=True,
    )


class CitizenMonthlyClosing(models.Model):
    """Monthly closing of a department (cierre mensual de una dependencia).

    Issued on the first days of every month for the previous month, e-mailed to the head of
    the department with a PDF and an XLSX. Every figure and line is computed once, when the
    closing is issued, and stored: later edits of the reports never change an issued
    closing. Re-issuing a month creates a new version and keeps the previous one as
    superseded.
    """

    _name = "citizen.monthly.closing"
    _description = "Monthly closing of a department"
    _inherit = ["mail.thread"]
    _order = "period_start desc, team_id, version desc"
    _rec_name = "team_id"

    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Department",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    period_start = fields.Date(string="Month", required=True, readonly=True, index=True)
    period_end = fields.Date(string="Last day", required=True, readonly=True)
    period_label = fields.Char(string="Period", compute="_compute_period_label")
    version = fields.Integer(default=1, required=True, readonly=True)
    state = fields.Selection(
        [("issued", "Issued"), ("superseded", "Superseded")],
        string="Status",
        default="issued",
        required=True,
        readonly=True,
        tracking=True,
    )
    issue_date = fields.Datetime(string="Issued on", readonly=True)
    issued_by_id = fields.Many2one("res.users", string="Issued by", readonly=True)
    reissue_reason = fields.Char(string="Reason for re-issuing", readonly=True)
    superseded_by_id = fields.Many2one(
        "citizen.monthly.closing", string="Replaced by", readonly=True, copy=False
    )
    head_id = fields.Many2one(
        "res.users",
        string="Head of the department",
        readonly=True,
        help="Head of the department when the closing was issued; receives it by e-mail.",
    )
    mail_sent = fields.Boolean(string="E-mailed", readonly=True)
    # --- frozen figures --------------------------------------------------------
    received_count = fields.Integer(string="Reports received", readonly=True)
    finished_count = fields.Integer(string="Reports finished", readonly=True)
    closed_count = fields.Integer(string="Reports closed", readonly=True)
    closed_on_time_count = fields.Integer(string="Closed within deadline", readonly=True)
    compliance = fields.Float(
        string="Compliance (%)",
        digits=(16, 1),
        readonly=True,
        help="Share of the reports closed in the month that were closed within their deadline.",
    )
    overdue_count = fields.Integer(string="Overdue at month end", readonly=True)
    reassigned_in_count = fields.Integer(string="Reassigned to the department", readonly=True)
    reassigned_out_count = fields.Integer(string="Reassigned to others", readonly=True)
    coattended_count = fields.Integer(string="Co-attended", readonly=True)
    line_ids = fields.One2many(
        "citizen.monthly.closing.line", "closing_id", string="Lines", readonly=True
    )
    origin_line_ids = closing_lines("origin", "Received by origin")
    petition_line_ids = closing_lines("petition", "Received by petition")
    overdue_line_ids = closing_lines("overdue", "Overdue reports")
    reassigned_line_ids = closing_lines("reassigned", "Reassigned reports")
    coattended_line_ids = closing_lines("coattended", "Co-attended reports")
    pdf_attachment_id = fields.Many2one("ir.attachment", string="PDF", readonly=True)
    xlsx_attachment_id = fields.Many2one("ir.attachment", string="XLSX", readonly=True)
    pdf_file = fields.Binary(related="pdf_attachment_id.datas", string="PDF file")
    pdf_filename = fields.Char(related="pdf_attachment_id.name", string="PDF file name")
    xlsx_file = fields.Binary(related="xlsx_attachment_id.datas", string="XLSX file")
    xlsx_filename = fields.Char(related="xlsx_attachment_id.name", string="XLSX file name")

    _sql_constraints = [
        (
            "team_period_version_unique",
            "unique(team_id, period_start, version)",
            "There is already a closing with this version for the department and month.",
        ),
    ]

    def init(self):
        # one issued (current) closing per department and month; superseded ones are kept
        self.env.cr.execute(
            f"""
            CREATE UNIQUE INDEX IF NOT EXISTS citizen_monthly_closing_issued_unique
                ON {self._table} (team_id, period_start) WHERE state = 'issued'
            """
        )

    # ------------------------------------------------------------------------
    @api.depends("period_start")
    def _compute_period_label(self):
        for closing in self:
            closing.period_label = (
                closing._month_label(closing.period_start) if closing.period_start else False
            )

    @api.depends("team_id", "period_start", "version")
    def _compute_display_name(self):
        for closing in self:
            if not closing.period_start:
                closing.display_name = self.env._("New closing")
                continue
            name = self.env._(
                "Closing %(month)s - %(department)s",
                month=closing.period_start.strftime("%m/%Y"),
                department=closing.team_id.name or "",
            )
            if closing.version > 1:
                name += self.env._(" (version %(version)s)", version=closing.version)
            closing.display_name = name

    def _month_label(self, day):
        lang = (self.env.lang or "en_US").replace("-", "_")
        try:
            return format_date(
                day, "LLLL 'de' y" if lang.startswith("es") else "LLLL y", locale=lang
            )
        except ValueError:  # pragma: no cover - unknown locale
            return day.strftime("%m/%Y")

    # --- issuing ---------------------------------------------------------------
    @api.model
    def _closing_lang(self, head=False):
        """Language of the closing and its e-mail: the city's Mexican Spanish when it is
        installed, else the head's language."""
        codes = [code for code, _name in self.env["res.lang"].get_installed()]
        if "es_MX" in codes:
            return "es_MX"
        if head and head.lang in codes:
            return head.lang
        return self.env.lang or "en_US"

    @api.model
    def _period_bounds(self, start, company):
        """UTC naive datetimes [begin, end) of the month starting on ``start`` in the
        city's time zone."""
        tz = pytz.timezone(company._citizen_tz())
        begin = tz.localize(datetime.combine(start, datetime.min.time()))
        end = tz.localize(datetime.combine(start + relativedelta(months=1), datetime.min.time()))
        return (
            begin.astimezone(pytz.utc).replace(tzinfo=None),
            end.astimezone(pytz.utc).replace(tzinfo=None),
        )

    @api.model
    def _issuable_teams(self):
        return self.env["helpdesk.ticket.team"].sudo().search([("active", "=", True)])

    @api.model
    def _prepare_closing_values(self, team, start):
        """Every frozen figure and line of the closing of ``team`` for the month starting on
        ``start``: a dict for ``create``. Extended by other addons (survey results)."""
        company = team.company_id or self.env.company
        begin, end = self._period_bounds(start, company)
        last_day = start + relativedelta(months=1, days=-1)
        Ticket = self.env["helpdesk.ticket"].sudo().with_context(active_test=False)
        lines = []

        received = Ticket.search(
            [("team_id", "=", team.id), ("create_date", ">=", begin), ("create_date", "<", end)]
        )
        by_origin = defaultdict(int)
        by_petition = defaultdict(int)
        for ticket in received:
            by_origin[ticket.channel_id.name or self.env._("Without origin")] += 1
            by_petition[ticket.category_id.name or self.env._("Without petition")] += 1
        for line_type, counts in (("origin", by_origin), ("petition", by_petition)):
            for seq, (name, count) in enumerate(
                sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            ):
                lines.append(
                    {"line_type": line_type, "sequence": seq, "name": name, "count": count}
                )

        finished_count = Ticket.search_count(
            [
                ("team_id", "=", team.id),
                ("citizen_state", "=", "finished"),
                ("finished_date", ">=", begin),
                ("finished_date", "<", end),
            ]
        )
        closed = Ticket.search(
            [
                ("team_id", "=", team.id),
                ("stage_id.closed", "=", True),
                ("closed_date", ">=", begin),
                ("closed_date", "<", end),
            ]
        )
        on_time = len(closed.filtered("closed_on_time"))

        # open at the end of the month with a deadline already past
        overdue = Ticket.search(
            [
                ("team_id", "=", team.id),
                ("create_date", "<", end),
                ("date_deadline", "!=", False),
                ("date_deadline", "<=", last_day),
                "|",
                ("stage_id.closed", "=", False),
                ("closed_date", ">=", end),
            ],
            order="date_deadline, number",
        )
        state_labels = dict(Ticket._fields["citizen_state"]._description_selection(self.env))
        for seq, ticket in enumerate(overdue):
            lines.append(
                {
                    "line_type": "overdue",
                    "sequence": seq,
                    "name": ticket.number,
                    "petition": ticket.category_id.name,
                    "colonia": ticket.colonia_id.name,
                    "date": fields.Datetime.context_timestamp(self, ticket.create_date).date(),
                    "deadline": ticket.date_deadline,
                    "days_overdue": (last_day - ticket.date_deadline).days,
                    "status": state_labels.get(ticket.citizen_state, ""),
                    "ticket_id": ticket.id,
                }
            )

        moves = (
            self.env["citizen.report.reassignment"]
            .sudo()
            .search(
                [
                    ("date", ">=", begin),
                    ("date", "<", end),
                    "|",
                    ("from_team_id", "=", team.id),
                    ("to_team_id", "=", team.id),
                ],
                order="date, id",
            )
        )
        for seq, move in enumerate(moves):
            incoming = move.to_team_id == team
            lines.append(
                {
                    "line_type": "reassigned",
                    "sequence": seq,
                    "name": move.ticket_id.number,
                    "petition": move.to_category_id.name or move.from_category_id.name,
                    "date": fields.Datetime.context_timestamp(self, move.date).date(),
                    "other_department": (
                        move.from_team_id.name if incoming else move.to_team_id.name
                    ),
                    "direction": "in" if incoming else "out",
                    "note": move.reason,
                    "ticket_id": move.ticket_id.id,
                }
            )

        coattended = Ticket.search(
            [
                ("coattention_team_ids", "in", team.ids),
                ("create_date", ">=", begin),
                ("create_date", "<", end),
            ],
            order="create_date, id",
        )
        for seq, ticket in enumerate(coattended):
            lines.append(
                {
                    "line_type": "coattended",
                    "sequence": seq,
                    "name": ticket.number,
                    "petition": ticket.category_id.name,
                    "other_department": ticket.team_id.name,
                    "date": fields.Datetime.context_timestamp(self, ticket.create_date).date(),
                    "status": state_labels.get(ticket.citizen_state, ""),
                    "ticket_id": ticket.id,
                }
            )

        return {
            "team_id": team.id,
            "company_id": company.id,
            "period_start": start,
            "period_end": last_day,
            "head_id": team.user_id.id,
            "received_count": len(received),
            "finished_count": finished_count,
            "closed_count": len(closed),
            "closed_on_time_count": on_time,
            "compliance": round(100.0 * on_time / len(closed), 1) if closed else 0.0,
            "overdue_count": len(overdue),
            "reassigned_in_count": len(moves.filtered(lambda m: m.to_team_id == team)),
            "reassigned_out_count": len(moves.filtered(lambda m: m.from_team_id == team)),
            "coattended_count": len(coattended),
            "line_ids": [fields.Command.create(vals) for vals in lines],
        }

    @api.model
    def _issue(self, teams, start, reason=False, send=True):
        """Issue (or re-issue) the closings of ``teams`` for the month starting on ``start``.

        The current closing of a department and month, if any, becomes superseded and a new
        version is created. Runs as superuser: callers check the rights."""
        start = month_start(start)
        if start >= month_start(fields.Date.context_today(self)):
            raise UserError(self.env._("Only the months already ended can be closed."))
        Closing = self.sudo()
        issued = Closing.browse()
        for team in teams:
            head = team.user_id
            lang = self._closing_lang(head)
            tz = (team.company_id or self.env.company)._citizen_tz()
            Closing = self.sudo().with_context(lang=lang, tz=tz)
            previous = Closing.search(
                [("team_id", "=", team.id), ("period_start", "=", start)], order="version desc"
            )
            current = previous.filtered(lambda c: c.state == "issued")
            current.write({"state": "superseded"})
            self.env.flush_all()
            values = Closing._prepare_closing_values(team.with_context(lang=lang), start)
            values.update(
                {
                    "version": (previous[:1].version or 0) + 1,
                    "issue_date": fields.Datetime.now(),
                    "issued_by_id": self.env.user.id,
                    "reissue_reason": reason or False,
                }
            )
            closing = Closing.create(values)
            current.write({"superseded_by_id": closing.id})
            closing._attach_files()
            if send:
                closing._send_to_head()
            issued |= closing
        return issued.with_env(self.env)

    @api.model
    def _cron_issue_monthly_closings(self):
        """Daily: issue the missing closings of the previous month (idempotent)."""
        today = fields.Date.context_today(self)
        start = month_start(today) - relativedelta(months=1)
        teams = self._issuable_teams()
        done = (
            self.sudo()
            .search([("period_start", "=", start), ("team_id", "in", teams.ids)])
            .mapped("team_id")
        )
        missing = teams - done
        if missing:
            _logger.info(
                "Issuing %d monthly closings for %s", len(missing), start.strftime("%Y-%m")
            )
            self._issue(missing, start)
        return True

    # --- files -----------------------------------------------------------------
    def _file_basename(self):
        self.ensure_one()
        code = self.team_id.code or str(self.team_id.id)
        name = self.env._(
            "closing_%(code)s_%(month)s",
            code=code.replace(" ", "_").replace("/", "-"),
            month=self.period_start.strftime("%Y-%m"),
        )
        if self.version > 1:
            name += f"_v{self.version}"
        return name

    def _attach_files(self):
        Attachment = self.env["ir.attachment"].sudo()
        for closing in self:
            content, kind = (
                self.env["ir.actions.report"]
                .sudo()
                .with_context(lang=self.env.lang)
                ._render_qweb_pdf("citizen_service.action_report_monthly_closing", closing.ids)
            )
            base = closing._file_basename()
            pdf, xlsx = Attachment.create(
                [
                    {
                        "name": f"{base}.{extension}",
                        "raw": raw,
                        "res_model": closing._name,
                        "res_id": closing.id,
                        "mimetype": mimetype,
                    }
                    for extension, raw, mimetype in (
                        ("pdf", content, "application/pdf")
                        if kind == "pdf"
                        else ("html", content, "text/html"),
                        ("xlsx", closing._get_xlsx(), XLSX_MIMETYPE),
                    )
                ]
            )
            closing.write({"pdf_attachment_id": pdf.id, "xlsx_attachment_id": xlsx.id})

    def _summary_rows(self):
        """(label, value) of the main figures, shared by the PDF and the XLSX."""
        self.ensure_one()
        return [
            (self.env._("Reports received"), self.received_count),
            (self.env._("Reports finished"), self.finished_count),
            (self.env._("Reports closed"), self.closed_count),
            (self.env._("Closed within deadline"), self.closed_on_time_count),
            (self.env._("Compliance (%)"), self.compliance),
            (self.env._("Overdue at month end"), self.overdue_count),
            (self.env._("Reassigned to the department"), self.reassigned_in_count),
            (self.env._("Reassigned to others"), self.reassigned_out_count),
            (self.env._("Co-attended"), self.coattended_count),
        ]

    def _get_xlsx(self):
        self.ensure_one()
        if xlsxwriter is None:  # pragma: no cover
            raise UserError(self.env._("The Python library xlsxwriter is not installed."))
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        title = book.add_format({"bold": True, "font_size": 14})
        fmt_d = book.add_format({"num_format": "dd/mm/yyyy"})

        sheet = book.add_worksheet(self.env._("Summary")[:31])
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, 1, 18)
        sheet.write_string(0, 0, self.env._("Monthly closing"), title)
        sheet.write_string(1, 0, self.env._("Department"))
        sheet.write_string(1, 1, self.team_id.name or "")
        sheet.write_string(2, 0, self.env._("Period"))
        sheet.write_string(2, 1, self.period_label or "")
        sheet.write_string(3, 0, self.env._("Version"))
        sheet.write_number(3, 1, self.version)
        sheet.write_string(4, 0, self.env._("Issued on"))
        sheet.write_string(
            4, 1, odoo_format_date(self.env, fields.Date.context_today(self, self.issue_date))
        )
        row = 6
        sheet.write_string(row, 0, self.env._("Figure"), bold)
        sheet.write_string(row, 1, self.env._("Value"), bold)
        for label, value in self._summary_rows():
            row += 1
            sheet.write_string(row, 0, label)
            sheet.write_number(row, 1, value)

        def table(name, headers, rows):
            ws = book.add_worksheet(name[:31])
            for col, (header, width) in enumerate(headers):
                ws.set_column(col, col, width)
                ws.write_string(0, col, header, bold)
            for r, values in enumerate(rows, start=1):
                for col, value in enumerate(values):
                    if value in (False, None, ""):
                        continue
                    if isinstance(value, date):
                        ws.write_datetime(
                            r, col, datetime.combine(value, datetime.min.time()), fmt_d
                        )
                    elif isinstance(value, int | float):
                        ws.write_number(r, col, value)
                    else:
                        ws.write_string(r, col, str(value))
            ws.freeze_panes(1, 0)

        table(
            self.env._("By origin"),
            [(self.env._("Origin"), 36), (self.env._("Reports"), 12)],
            [(line.name, line.count) for line in self.origin_line_ids],
        )
        table(
            self.env._("By petition"),
            [(self.env._("Petition"), 40), (self.env._("Reports"), 12)],
            [(line.name, line.count) for line in self.petition_line_ids],
        )
        table(
            self.env._("Overdue"),
            [
                (self.env._("Folio"), 14),
                (self.env._("Petition"), 36),
                (self.env._("Colonia"), 24),
                (self.env._("Captured on"), 12),
                (self.env._("Deadline"), 12),
                (self.env._("Days overdue"), 12),
                (self.env._("Status"), 14),
            ],
            [
                (
                    line.name,
                    line.petition,
                    line.colonia,
                    line.date,
                    line.deadline,
                    line.days_overdue,
                    line.status,
                )
                for line in self.overdue_line_ids
            ],
        )
        directions = dict(
            self.env["citizen.monthly.closing.line"]
            ._fields["direction"]
            ._description_selection(self.env)
        )
        table(
            self.env._("Reassigned"),
            [
                (self.env._("Folio"), 14),
                (self.env._("Date"), 12),
                (self.env._("Received or sent"), 14),
                (self.env._("Other department"), 36),
                (self.env._("Petition"), 36),
                (self.env._("Reason"), 40),
            ],
            [
                (
                    line.name,
                    line.date,
                    directions.get(line.direction, ""),
                    line.other_department,
                    line.petition,
                    line.note,
                )
                for line in self.reassigned_line_ids
            ],
        )
        table(
            self.env._("Co-attended"),
            [
                (self.env._("Folio"), 14),
                (self.env._("Captured on"), 12),
                (self.env._("Lead department"), 36),
                (self.env._("Petition"), 36),
                (self.env._("Status"), 14),
            ],
            [
                (line.name, line.date, line.other_department, line.petition, line.status)
                for line in self.coattended_line_ids
            ],
        )
        self._xlsx_extra_sheets(book, table)
        book.close()
        return output.getvalue()

    def _xlsx_extra_sheets(self, book, table):
        """Hook for other addons adding sheets (``table(name, headers, rows)``)."""

    # --- e-mail ----------------------------------------------------------------
    def _send_to_head(self):
        template = self.env.ref(
            "citizen_service.mail_template_monthly_closing", raise_if_not_found=False
        )
        for closing in self:
            if not template or not closing.head_id.email:
                closing.message_post(
                    body=self.env._(
                        "The closing was not e-mailed: the department has no head with an "
                        "e-mail address."
                    )
                )
                continue
            attachments = closing.pdf_attachment_id | closing.xlsx_attachment_id
            template.sudo().send_mail(
                closing.id,
                email_values={
                    "attachment_ids": [fields.Command.link(a.id) for a in attachments],
                },
            )
            closing.message_post(
                body=self.env._(
                    "Closing e-mailed to %(head)s (%(email)s).",
                    head=closing.head_id.name,
                    email=closing.head_id.email,
                ),
                attachment_ids=attachments.ids,
            )
            closing.mail_sent = True

    # --- actions ---------------------------------------------------------------
    def action_reissue(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "citizen_service.action_citizen_monthly_closing_reissue"
        )
        action["context"] = {
            "default_team_ids": self.team_id.ids,
            "default_month": str(self.period_start.month),
            "default_year": self.period_start.year,
        }
        return action

    def _check_can_reissue(self):
        if not self.env.user.has_group("citizen_service.group_citizen_coordinator"):
            raise AccessError(self.env._("Only coordinators can re-issue monthly closings."))
