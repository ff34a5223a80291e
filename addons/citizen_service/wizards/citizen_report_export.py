import html
import io
import json
import logging
import re

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.safe_eval import safe_eval

from ..tools import xlsx_stream
from ..tools.traffic_light import due_soon_limit, traffic_light

_logger = logging.getLogger(__name__)

CHUNK_SIZE = 5000
# exports of more reports than this are built by a queue job (channel root.export)
# instead of inside the request; system parameter, default below
QUEUE_THRESHOLD_PARAM = "citizen_service.export_queue_threshold"
QUEUE_THRESHOLD = 20000
JOB_CHANNEL = "root.export"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TAG_RE = re.compile(r"<[^>]*>")
SPACE_RE = re.compile(r"\s+")


class CitizenReportExport(models.Model):
    """Excel export of any set of reports ("Consultas y Reportes").

    The reports are first searched with the ORM (record rules apply), then their columns
    are read with SQL by chunks of ids, so that hundreds of thousands of rows export
    without loading records in the ORM cache.

    Up to ``citizen_service.export_queue_threshold`` reports (20,000 by default, about
    1.5 s) the file is built in the request and downloaded at once. A bigger export is
    built by a queue job (OCA ``queue_job``, channel ``root.export``) run as the user who
    asked, so the record rules of that user apply: the user is told the file will arrive,
    and gets a message (Discuss inbox) with the download link when it is ready, or with
    the error and a *Retry* button when it failed.

    The dialog's record is kept (not transient): it is the user's list of exports
    (*Reportes › Mis exportaciones*) with their files, and who exported what.
    """

    _name = "citizen.report.export"
    _inherit = ["mail.thread"]
    _description = "Export citizen reports to Excel"
    _order = "id desc"

    scope = fields.Selection(
        [
            ("selected", "Selected reports"),
            ("filter", "All reports matching the current filters"),
        ],
        default="selected",
        required=True,
    )
    res_ids = fields.Text(string="Selected ids", help="JSON list of the selected reports.")
    domain = fields.Text(default="[]", help="Search filters of the reports to export.")
    hide_citizen_data = fields.Boolean(
        string="Hide citizen data",
        help="Leave out the citizen number, phone and address (street, coordinates).",
    )
    hide_citizen_name = fields.Boolean(string="Hide citizen name")
    report_count = fields.Integer(string="Reports to export", compute="_compute_report_count")
    user_id = fields.Many2one(
        "res.users",
        string="Requested by",
        default=lambda self: self.env.user,
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    state = fields.Selection(
        [
            ("draft", "New"),
            ("queued", "Being generated"),
            ("done", "Ready"),
            ("failed", "Failed"),
        ],
        string="Status",
        default="draft",
        required=True,
        readonly=True,
    )
    attachment_id = fields.Many2one("ir.attachment", string="File", readonly=True)
    file_name = fields.Char(related="attachment_id.name", string="File name")
    row_count = fields.Integer(string="Exported reports", readonly=True)
    date_done = fields.Datetime(string="Generated on", readonly=True)
    error = fields.Text(readonly=True)

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        ctx = self.env.context
        if ctx.get("active_model") == "helpdesk.ticket":
            if ctx.get("active_ids"):
                res.setdefault("res_ids", json.dumps(ctx["active_ids"]))
            if ctx.get("active_domain") is not None:
                res.setdefault("domain", repr(ctx["active_domain"]))
            if not ctx.get("active_ids"):
                res["scope"] = "filter"
        return res

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # the export runs with the rights of its user: always the one who asks
            for vals in vals_list:
                vals["user_id"] = self.env.uid
        # no "created" note nor follower: the chatter only holds the file's messages
        return super(
            CitizenReportExport,
            self.with_context(mail_create_nolog=True, mail_create_nosubscribe=True),
        ).create(vals_list)

    @api.depends("attachment_id.name")
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = wizard.file_name or self.env._(
                "Export %(number)s", number=wizard.id or ""
            )

    @api.depends("scope", "res_ids", "domain")
    def _compute_report_count(self):
        for wizard in self:
            wizard.report_count = self.env["helpdesk.ticket"].search_count(wizard._get_domain())

    def _get_domain(self):
        self.ensure_one()
        if self.scope == "selected":
            try:
                ids = [int(i) for i in json.loads(self.res_ids or "[]")]
            except (ValueError, TypeError) as exc:
                raise UserError(self.env._("The selection of reports is not valid.")) from exc
            return [("id", "in", ids)]
        try:
            domain = safe_eval(self.domain or "[]")
            if not isinstance(domain, list | tuple):
                raise ValueError(domain)
            domain = list(domain)
            # fields and operators checked now (the domain is text a client may send)
            self.env["helpdesk.ticket"]._where_calc(domain)
        except Exception as exc:
            raise UserError(self.env._("The filters of the export are not valid.")) from exc
        return domain

    # ------------------------------------------------------------------------
    def _columns(self):
        """(key, header, SQL expression, kind) of the exported columns, in order."""
        cols = [
            ("number", self.env._("Folio"), "t.number", "str"),
            (
                "create_date",
                self.env._("Created on"),
                "t.create_date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s",
                "datetime",
            ),
            ("date_deadline", self.env._("Deadline"), "t.date_deadline", "date"),
            ("traffic_light", self.env._("Traffic light"), "t.date_deadline", "light"),
            ("citizen_state", self.env._("Status"), "t.citizen_state", "citizen_state"),
            ("channel", self.env._("Origin"), "t.channel_id", "channel"),
            ("team", self.env._("Department"), "t.team_id", "team"),
            ("petition_code", self.env._("Petition code"), "t.category_id", "petition_code"),
            ("petition", self.env._("Petition"), "t.category_id", "petition"),
            ("petition_type", self.env._("Type"), "t.petition_type", "petition_type"),
            ("citizen_number", self.env._("Citizen number"), "p.citizen_number", "str"),
            ("citizen_name", self.env._("Citizen"), "p.name", "str"),
            ("citizen_sex", self.env._("Sex"), "t.citizen_sex", "citizen_sex"),
            ("citizen_age", self.env._("Age"), "t.citizen_age", "int"),
            ("phone", self.env._("Phone"), "COALESCE(NULLIF(p.phone, ''), p.mobile)", "str"),
            ("colonia", self.env._("Colonia"), "t.colonia_id", "colonia"),
            ("street", self.env._("Street and number"), "t.street", "str"),
            ("latitude", self.env._("Latitude"), "NULLIF(t.latitude, 0)", "float"),
            ("longitude", self.env._("Longitude"), "NULLIF(t.longitude, 0)", "float"),
            ("name", self.env._("Title"), "t.name", "str"),
            (
                "description",
                self.env._("Description"),
                "t.description",
                "html",
            ),
            ("response", self.env._("Response to the citizen"), "t.response", "str"),
            ("reassigned", self.env._("Reassigned"), "COALESCE(t.reassigned, FALSE)", "bool"),
            ("user", self.env._("Assigned user"), "t.user_id", "user"),
            (
                "closed_date",
                self.env._("Closed on"),
                "CASE WHEN s.closed THEN t.closed_date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s END",
                "datetime",
            ),
        ]
        hidden = set()
        if self.hide_citizen_data:
            hidden |= {"citizen_number", "phone", "street", "latitude", "longitude"}
        if self.hide_citizen_name:
            hidden.add("citizen_name")
        return [c for c in cols if c[0] not in hidden]

    def _sql(self, columns):
        select = ",\n".join(f"{expr} AS c{i}" for i, (_k, _h, expr, _kind) in enumerate(columns))
        return f"""
            SELECT {select}, COALESCE(s.closed, FALSE) AS closed_flag
              FROM helpdesk_ticket t
              LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
              -- a per-row index lookup: a hash join would scan every partner per chunk
              LEFT JOIN LATERAL (
                  SELECT p0.name, p0.citizen_number, p0.phone, p0.mobile
                    FROM res_partner p0
                   WHERE p0.id = t.partner_id
                  OFFSET 0
              ) p ON TRUE
             WHERE t.id = ANY(%(ids)s)
             ORDER BY t.id
        """

    def _catalogs(self, lang):
        """Names of the (small) catalogs, read once instead of joined on every row."""
        cr = self.env.cr
        name = "COALESCE(name->>%(lang)s, name->>'en_US')"
        catalogs = {}
        for key, query in (
            ("channel", f"SELECT id, {name} FROM helpdesk_ticket_channel"),
            ("team", f"SELECT id, {name} FROM helpdesk_ticket_team"),
            ("petition", f"SELECT id, {name} FROM helpdesk_ticket_category"),
            ("petition_code", "SELECT id, code FROM helpdesk_ticket_category"),
            ("colonia", "SELECT id, name FROM citizen_colonia"),
            (
                "user",
                "SELECT u.id, p.name FROM res_users u JOIN res_partner p ON p.id = u.partner_id",
            ),
        ):
            cr.execute(query, {"lang": lang})
            catalogs[key] = dict(cr.fetchall())
        return catalogs

    def _get_xlsx(self, ticket_ids):
        """XLSX bytes with the given report ids (already filtered by access rules).

        The rows are read with SQL by chunks of ids and streamed into the file by
        :class:`~..tools.xlsx_stream.XlsxStream` (constant memory, no ORM cache).
        """
        columns = self._columns()
        ticket_model = self.env["helpdesk.ticket"]
        labels = {
            kind: dict(ticket_model._fields[kind]._description_selection(self.env))
            for kind in ("citizen_state", "petition_type", "citizen_sex")
        }
        lights = dict(ticket_model._fields["traffic_light"]._description_selection(self.env))
        yes, no = self.env._("Yes"), self.env._("No")
        today = fields.Date.context_today(self)
        soon = due_soon_limit(today, ticket_model._citizen_due_soon_days())
        params = {
            "lang": self.env.lang or "en_US",
            "tz": self.env.user.tz or self.env.context.get("tz") or self.env.company._citizen_tz(),
        }
        query = self._sql(columns)
        catalogs = self._catalogs(params["lang"])

        # one (xlsx kind, transform) per column, the transforms give texts from raw values
        widths = {"str": 18, "html": 40, "datetime": 16, "date": 11}
        kinds = {"int": xlsx_stream.NUMBER, "float": xlsx_stream.NUMBER}
        kinds.update(datetime=xlsx_stream.DATETIME, date=xlsx_stream.DATE)
        sheet_columns, transforms = [], []
        for key, header, _expr, kind in columns:
            width = (
                40
                if key in ("description", "response", "name", "petition")
                else widths.get(kind, 14)
            )
            sheet_columns.append((header, width, kinds.get(kind, xlsx_stream.TEXT)))
            if kind in catalogs:
                transforms.append(catalogs[kind].get)
            elif kind in labels:
                transforms.append(labels[kind].get)
            elif kind == "bool":
                transforms.append(lambda v: yes if v else no)
            elif kind == "html":
                transforms.append(_clean_html)
            elif kind in ("str", "light"):
                transforms.append(str)
            else:
                transforms.append(None)
        light_cols = [i for i, c in enumerate(columns) if c[3] == "light"]
        converted = [(i, f) for i, f in enumerate(transforms) if f is not None]

        output = io.BytesIO()
        sheet = xlsx_stream.XlsxStream(
            output, self.env._("Reports"), sheet_columns, row_count=len(ticket_ids)
        )
        cr = self.env.cr
        for start in range(0, len(ticket_ids), CHUNK_SIZE):
            params["ids"] = list(ticket_ids[start : start + CHUNK_SIZE])
            cr.execute(query, params)
            rows = []
            for record in cr.fetchall():
                values = list(record[:-1])
                for i in light_cols:
                    values[i] = lights[traffic_light(record[-1], values[i], today, soon)]
                for i, transform in converted:
                    value = values[i]
                    if value is not None:
                        values[i] = transform(value)
                rows.append(values)
            sheet.write_rows(rows)
        sheet.close()
        return output.getvalue()

    @api.model
    def _queue_threshold(self):
        value = self.env["ir.config_parameter"].sudo().get_param(QUEUE_THRESHOLD_PARAM)
        try:
            return int(value) if value else QUEUE_THRESHOLD
        except ValueError:
            return QUEUE_THRESHOLD

    def action_export(self):
        """Small exports: the file at once. Big ones: queued, the user is told."""
        self.ensure_one()
        count = self.env["helpdesk.ticket"].search_count(self._get_domain())
        if not count:
            raise UserError(self.env._("There are no reports to export."))
        if count <= self._queue_threshold():
            return self._action_download(self._generate())
        self._enqueue()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": self.env._("Export queued"),
                "message": self.env._(
                    "The %(count)s reports are being exported in the background. You will "
                    "get a message with the download link when the file is ready; it is "
                    "also in Reports > My exports.",
                    count=count,
                ),
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_download(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(self.env._("The file of this export is not ready."))
        return self._action_download(self.attachment_id)

    def action_retry(self):
        """Queue a failed export again."""
        for wizard in self:
            if wizard.state != "failed":
                raise UserError(self.env._("Only a failed export can be retried."))
            wizard._enqueue()
        return True

    def _action_download(self, attachment):
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _enqueue(self):
        """Queue the build of the file; the job runs as this user (record rules apply)."""
        self.ensure_one()
        self.write({"state": "queued", "error": False})
        self.with_user(self.user_id).with_delay(
            channel=JOB_CHANNEL,
            description=self.env._("Excel export of reports (%(name)s)", name=self.user_id.name),
            max_retries=1,
        )._citizen_export_job()

    def _citizen_export_job(self):
        """The queue job: build the file, then tell the user (link or error)."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self._generate()
        except Exception as exc:
            self.env.invalidate_all(flush=False)
            _logger.info("Export %s failed: %s", self.id, exc, exc_info=True)
            message = exc.args[0] if isinstance(exc, UserError) else str(exc)
            self.write({"state": "failed", "error": str(message)[:2000]})
            self._notify_user()
            return f"failed: {message}"
        self._notify_user()
        return f"{self.row_count} reports, attachment {self.attachment_id.id}"

    def _generate(self):
        """Build the file of the reports this user may read; keep it on the export."""
        self.ensure_one()
        # the ORM applies the record rules: only the reports the user may read
        tickets = self.env["helpdesk.ticket"].search(self._get_domain(), order="id")
        if not tickets:
            raise UserError(self.env._("There are no reports to export."))
        self.env.flush_all()
        data = self._get_xlsx(tickets.ids)
        today = fields.Date.context_today(self)
        filename = self.env._("reports_%(date)s.xlsx", date=today.strftime("%Y%m%d"))
        attachment = self.env["ir.attachment"].create(
            {
                "name": filename,
                "raw": data,
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": XLSX_MIMETYPE,
            }
        )
        self.write(
            {
                "state": "done",
                "attachment_id": attachment.id,
                "row_count": len(tickets),
                "date_done": fields.Datetime.now(),
                "error": False,
            }
        )
        return attachment

    def _notify_user(self):
        """Message to the user who asked (Discuss inbox or e-mail) and a pop-up."""
        self.ensure_one()
        if self.state == "done":
            url = f"{self.get_base_url()}/web/content/{self.attachment_id.id}?download=true"
            body = Markup("<p>%s</p><p><a href='%s'>%s</a></p>") % (
                self.env._(
                    "Your Excel export of %(count)s reports is ready.", count=self.row_count
                ),
                url,
                self.attachment_id.name,
            )
            title, kind = self.env._("Export ready"), "success"
        else:
            body = Markup("<p>%s</p><p>%s</p>") % (
                self.env._("Your Excel export failed; open it to retry."),
                self.error or "",
            )
            title, kind = self.env._("Export failed"), "danger"
        # the job runs as that user: notify the "author" too (OdooBot signs the message)
        self.with_context(mail_notify_author=True).message_post(
            body=body,
            author_id=self.env.ref("base.partner_root").id,
            partner_ids=self.user_id.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.user_id._bus_send(
            "simple_notification",
            {"type": kind, "title": title, "message": self.display_name, "sticky": False},
        )


def _clean_html(text):
    text = SPACE_RE.sub(" ", TAG_RE.sub(" ", text)).strip()
    return html.unescape(text) if "&" in text else text
