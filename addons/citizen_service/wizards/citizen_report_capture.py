from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.phone import normalize_phone


class CitizenReportCapture(models.TransientModel):
    """Quick capture of a report on the phone (072 line, front desk).

    The caller's phone (any format) or citizen number comes first: it finds the citizen
    and their open reports, or the citizen is registered on the spot.
    """

    _name = "citizen.report.capture"
    _description = "Quick capture of a citizen report"

    lookup = fields.Char(
        string="Caller's phone or citizen number",
        help="Any format: 477 123 4567, 4771234567, +52 477 123 4567 or the citizen "
        "number C0000001.",
    )
    lookup_state = fields.Selection(
        [
            ("empty", "Waiting for the phone"),
            ("found", "Citizen found"),
            ("new", "New citizen"),
            ("invalid", "Not a valid phone or citizen number"),
        ],
        string="Caller",
        compute="_compute_lookup_state",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Citizen",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        domain=[("is_citizen", "=", True)],
    )
    partner_citizen_number = fields.Char(
        related="partner_id.citizen_number", string="Citizen number"
    )
    partner_phone = fields.Char(related="partner_id.phone", string="Phone")
    partner_email = fields.Char(related="partner_id.email", string="E-mail")
    open_ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Open reports of the citizen",
        compute="_compute_open_ticket_ids",
    )
    open_ticket_count = fields.Integer(string="Open reports", compute="_compute_open_ticket_ids")
    # --- new citizen ----------------------------------------------------------
    new_name = fields.Char(string="Full name")
    new_phone = fields.Char(
        string="Phone (E.164)",
        compute="_compute_new_phone",
        store=True,
        readonly=False,
    )
    new_email = fields.Char(string="E-mail (optional)")
    new_colonia_id = fields.Many2one("citizen.colonia", string="Colonia of the citizen")
    duplicate_ids = fields.Many2many(
        "res.partner",
        string="Similar citizens",
        compute="_compute_duplicate_ids",
    )
    # --- report ---------------------------------------------------------------
    category_id = fields.Many2one(
        "helpdesk.ticket.category",
        string="Petition",
        help="Type the code or words of the petition: OP-LAMP, lámpara, fuga...",
    )
    petition_deadline_days = fields.Integer(
        related="category_id.deadline_days", string="Deadline (business days)"
    )
    team_id = fields.Many2one(related="category_id.team_id", string="Department")
    petition_properties = fields.Properties(
        string="Petition fields",
        definition="category_id.petition_properties_definition",
    )
    name = fields.Char(
        string="Title of the report",
        compute="_compute_name",
        store=True,
        readonly=False,
    )
    description = fields.Text(string="What the citizen reports")
    channel_id = fields.Many2one(
        "helpdesk.ticket.channel",
        string="Origin",
        default=lambda self: self.env.ref("citizen_service.channel_072", raise_if_not_found=False),
    )
    colonia_id = fields.Many2one(
        "citizen.colonia",
        compute="_compute_colonia_id",
        store=True,
        readonly=False,
    )
    street = fields.Char(
        string="Street and number", compute="_compute_street", store=True, readonly=False
    )
    cross_streets = fields.Char()
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    # --- already reported nearby ------------------------------------------------
    nearby_ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Already reported nearby",
        compute="_compute_nearby_ticket_ids",
        help="Open reports of the same petition within the petition's distance of the "
        "point (or of the colonia's centre).",
    )
    nearby_count = fields.Integer(string="Nearby reports", compute="_compute_nearby_ticket_ids")

    # ------------------------------------------------------------------------
    def _compute_display_name(self):
        # the breadcrumb says what the screen is, not "New"
        for wizard in self:
            wizard.display_name = self.env._("Quick capture")

    @api.depends("lookup")
    def _compute_partner_id(self):
        Partner = self.env["res.partner"]
        for wizard in self:
            wizard.partner_id = Partner._citizen_find(wizard.lookup)

    @api.depends("lookup", "partner_id")
    def _compute_lookup_state(self):
        for wizard in self:
            if wizard.partner_id:
                wizard.lookup_state = "found"
            elif not (wizard.lookup or "").strip():
                wizard.lookup_state = "empty"
            elif wizard._lookup_phone():
                wizard.lookup_state = "new"
            else:
                wizard.lookup_state = "invalid"

    def _lookup_phone(self):
        try:
            return normalize_phone(self.lookup)
        except ValueError:
            return False

    @api.depends("lookup")
    def _compute_new_phone(self):
        for wizard in self:
            wizard.new_phone = wizard._lookup_phone() or False

    @api.depends("partner_id")
    def _compute_open_ticket_ids(self):
        Ticket = self.env["helpdesk.ticket"]
        for wizard in self:
            tickets = Ticket.browse()
            if wizard.partner_id:
                tickets = Ticket.search(
                    [("partner_id", "=", wizard.partner_id.id), ("closed", "=", False)],
                    order="create_date desc, id desc",
                    limit=20,
                )
            wizard.open_ticket_ids = tickets
            wizard.open_ticket_count = len(tickets)

    @api.depends("new_name", "new_phone", "new_email", "partner_id")
    def _compute_duplicate_ids(self):
        Partner = self.env["res.partner"]
        for wizard in self:
            if wizard.partner_id or not (wizard.new_name or wizard.new_email):
                wizard.duplicate_ids = False
                continue
            wizard.duplicate_ids = Partner._citizen_similar(
                name=wizard.new_name, phone=wizard.new_phone, email=wizard.new_email
            )

    @api.depends("partner_id", "new_colonia_id")
    def _compute_colonia_id(self):
        for wizard in self:
            if wizard.partner_id:
                wizard.colonia_id = wizard.partner_id.colonia_id
            elif wizard.new_colonia_id:
                wizard.colonia_id = wizard.new_colonia_id

    @api.depends("partner_id")
    def _compute_street(self):
        for wizard in self:
            if wizard.partner_id:
                wizard.street = wizard.partner_id.street

    def _citizen_point(self):
        """The place of the report: the point given, or the centre of the colonia."""
        self.ensure_one()
        if self.latitude or self.longitude:
            return self.latitude, self.longitude
        colonia = self.colonia_id.sudo()
        if colonia.latitude or colonia.longitude:
            return colonia.latitude, colonia.longitude
        return None, None

    @api.depends("category_id", "colonia_id", "latitude", "longitude")
    def _compute_nearby_ticket_ids(self):
        Ticket = self.env["helpdesk.ticket"]
        for wizard in self:
            tickets = Ticket.browse()
            latitude, longitude = wizard._citizen_point()
            if wizard.category_id and latitude is not None:
                found = Ticket._citizen_nearby(wizard.category_id, latitude, longitude)
                tickets = Ticket.browse([ticket.id for ticket, _metres in found])
            wizard.nearby_ticket_ids = tickets
            wizard.nearby_count = len(tickets)

    @api.depends("category_id")
    def _compute_name(self):
        for wizard in self:
            if wizard.category_id:
                wizard.name = wizard.category_id.name

    # ------------------------------------------------------------------------
    def _citizen_partner(self):
        """The caller: the citizen found, or a new citizen (a person, never a company)."""
        self.ensure_one()
        if self.partner_id:
            return self.partner_id
        if self.lookup_state == "invalid":
            raise UserError(
                self.env._(
                    "%(number)s is not a valid phone or citizen number. Write the "
                    "10-digit number (e.g. 477 123 4567), +52… or the citizen number "
                    "(e.g. C0000001).",
                    number=self.lookup,
                )
            )
        name = (self.new_name or "").strip()
        if not name:
            raise UserError(self.env._("Write the full name of the new citizen."))
        if not (self.new_phone or self.new_email):
            raise UserError(self.env._("Write the phone or the e-mail of the new citizen."))
        return self.env["res.partner"].create(
            {
                "name": name,
                "phone": self.new_phone or False,
                "email": (self.new_email or "").strip() or False,
                "colonia_id": self.new_colonia_id.id or self.colonia_id.id or False,
                "street": self.street or False,
                "is_citizen": True,
                "is_company": False,
                "company_type": "person",
            }
        )

    def action_save(self):
        """Register the caller if new, create the report and show its folio and deadline."""
        self.ensure_one()
        if not self.category_id:
            raise UserError(
                self.env._("Choose the petition of the report (type its code or words).")
            )
        partner = self._citizen_partner()
        description = (self.description or "").strip() or self.category_id.name
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": (self.name or "").strip() or self.category_id.name,
                "description": Markup("<p>%s</p>")
                % Markup("<br/>").join(escape(line) for line in description.splitlines()),
                "partner_id": partner.id,
                "partner_name": partner.name,
                "partner_email": partner.email or False,
                "category_id": self.category_id.id,
                # the petition's department assigns it, not the operator who answered
                "user_id": False,
                "channel_id": self.channel_id.id or False,
                "colonia_id": self.colonia_id.id or False,
                "street": self.street or False,
                "cross_streets": self.cross_streets or False,
                **(
                    {"latitude": self.latitude, "longitude": self.longitude}
                    if self.latitude or self.longitude
                    else {}
                ),
                "petition_properties": dict(self.petition_properties or {}),
            }
        )
        if self.colonia_id and not partner.colonia_id:
            partner.colonia_id = self.colonia_id
        notified = ticket.sudo().citizen_notification_ids
        labels = dict(notified._fields["channel"]._description_selection(self.env))
        # "por correo electrónico", "por SMS": lower case inside the sentence
        labels["email"] = labels["email"][:1].lower() + labels["email"][1:]
        if notified:
            notice = self.env._(
                "The citizen was notified by %(channels)s.",
                channels=", ".join(dict.fromkeys(labels[n.channel] for n in notified)),
            )
        else:
            notice = self.env._("The citizen has no e-mail or phone to be notified.")
        deadline = ticket.date_deadline and ticket.date_deadline.strftime("%d/%m/%Y")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Report %(folio)s saved", folio=ticket.number),
                "message": self.env._(
                    "Deadline: %(deadline)s. %(notice)s",
                    deadline=deadline or self.env._("none"),
                    notice=notice,
                ),
                "sticky": False,
                "next": {
                    "type": "ir.actions.act_window",
                    "res_model": "helpdesk.ticket",
                    "res_id": ticket.id,
                    "views": [(False, "form")],
                    "target": "main",
                },
            },
        }

    def _citizen_action_back(self, ticket):
        """The caller backs ``ticket`` (already reported nearby) instead of a new report."""
        self.ensure_one()
        partner = self._citizen_partner()
        added = ticket._citizen_back(partner, channel=self.channel_id)
        if self.colonia_id and not partner.colonia_id:
            partner.colonia_id = self.colonia_id
        ticket = ticket.sudo()
        if added:
            title = self.env._(
                "%(citizen)s backs report %(folio)s", citizen=partner.name, folio=ticket.number
            )
            message = self.env._(
                "Supporters: %(count)s. The citizen will be notified of every change.",
                count=ticket.supporter_count,
            )
        else:
            title = self.env._("Report %(folio)s", folio=ticket.number)
            message = self.env._("The citizen already made or backed this report.")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if added else "info",
                "title": title,
                "message": message,
                "sticky": False,
                "next": {
                    "type": "ir.actions.act_window",
                    "res_model": "helpdesk.ticket",
                    "res_id": ticket.id,
                    "views": [(False, "form")],
                    "target": "main",
                },
            },
        }

    def action_new_capture(self):
        """Start over with an empty capture screen (next call)."""
        return self.env["ir.actions.act_window"]._for_xml_id(
            "citizen_service.action_citizen_report_capture"
        )
