from odoo import fields, models

from ..tools.phone import format_national


class CitizenOffice(models.Model):
    """MODINFO: directory of government offices the citizens are referred to."""

    _name = "citizen.office"
    _description = "Government office (MODINFO directory)"
    _inherit = ["mail.thread"]
    _order = "name"

    name = fields.Char(required=True, tracking=True, index="trigram")
    government_level = fields.Selection(
        [
            ("municipal", "Municipal"),
            ("paramunicipal", "Paramunicipal"),
            ("state", "State"),
            ("federal", "Federal"),
            ("other", "Other bodies"),
        ],
        required=True,
        default="municipal",
        tracking=True,
    )
    team_id = fields.Many2one("helpdesk.ticket.team", string="Department")
    topics = fields.Text(help="Procedures and services the office attends; used by search.")
    street = fields.Char(string="Address")
    colonia_id = fields.Many2one("citizen.colonia")
    city = fields.Char(default="León")
    phone = fields.Char()
    phone_extension = fields.Char(string="Extension")
    email = fields.Char()
    website = fields.Char()
    hours = fields.Char(string="Office hours")
    responsible = fields.Char(string="Responsible person")
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    active = fields.Boolean(default=True)
    consulted_count = fields.Integer(string="Consulted", readonly=True, copy=False, default=0)
    printed_count = fields.Integer(string="Printed", readonly=True, copy=False, default=0)
    log_ids = fields.One2many("citizen.office.log", "office_id", string="Consultations")

    # the directory is searched by office name, topic or responsible person
    _rec_names_search = ["name", "topics", "responsible"]

    def _citizen_phone_national(self):
        """The office's phones as people dial them (``477 215 6300``)."""
        self.ensure_one()
        return format_national(self.phone)

    def _citizen_receipt_logo(self):
        """The company's own logo; never Odoo's "Your logo" placeholder."""
        company = self.env.company
        if not company.logo or company.logo == company._get_logo():
            return False
        return company.logo

    def _citizen_log(self, kind):
        """Count a consultation or a printed ticket; returns the attention numbers."""
        field = "consulted_count" if kind == "consulted" else "printed_count"
        # atomic increment: concurrent operators never lose a count
        self.env.cr.execute(
            f"UPDATE citizen_office SET {field} = COALESCE({field}, 0) + 1 WHERE id = ANY(%s)",
            [self.ids],
        )
        self.invalidate_recordset([field])
        logs = self.env["citizen.office.log"].create(
            [{"office_id": office.id, "kind": kind} for office in self]
        )
        return logs

    def action_citizen_consult(self):
        self._citizen_log("consulted")
        return True

    def action_print_ticket(self):
        logs = self._citizen_log("printed")
        return self.env.ref("citizen_service.action_report_office_ticket").report_action(logs)
