from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

TICKET_STATES = [
    ("open", "Open"),
    ("closed", "Closed"),
]


class CitizenSegment(models.Model):
    """A group of citizens described by criteria (no domain to write), counted live."""

    _name = "citizen.segment"
    _description = "Citizen segment"
    _order = "name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    description = fields.Text()
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True, required=True
    )
    colonia_ids = fields.Many2many("citizen.colonia", string="Colonias")
    sector = fields.Char(
        help="Citizens living in the colonias of this sector (as written in the colonias).",
    )
    age_min = fields.Integer(string="Minimum age")
    age_max = fields.Integer(string="Maximum age")
    citizen_sex = fields.Selection(
        [("female", "Female"), ("male", "Male"), ("other", "Other / not stated")],
        string="Sex",
    )
    petition_ids = fields.Many2many(
        "helpdesk.ticket.category",
        string="Past petitions",
        help="Citizens who filed a report of one of these petitions.",
    )
    team_ids = fields.Many2many(
        "helpdesk.ticket.team",
        string="Departments",
        help="Citizens who filed a report handled by one of these departments.",
    )
    ticket_state = fields.Selection(
        TICKET_STATES,
        string="Status of the report",
        help="Only reports in this status (empty: any).",
    )
    ticket_days = fields.Integer(
        string="Reports of the last days",
        help="Only reports filed in these last days (0: any date).",
    )
    channel = fields.Selection(
        [("email", "With e-mail"), ("phone", "With phone")],
        string="Reachable by",
    )
    partner_count = fields.Integer(string="Citizens", compute="_compute_partner_count")
    campaign_ids = fields.One2many("citizen.campaign", "segment_id", string="Campaigns")

    @api.constrains("age_min", "age_max", "ticket_days")
    def _check_ranges(self):
        for segment in self:
            if segment.age_min < 0 or segment.age_max < 0 or segment.ticket_days < 0:
                raise ValidationError(self.env._("Ages and days cannot be negative."))
            if segment.age_max and segment.age_min > segment.age_max:
                raise ValidationError(
                    self.env._("The minimum age is greater than the maximum age.")
                )

    def _citizen_ticket_domain(self):
        """Domain on the citizens' reports, empty when no report criterion is set."""
        self.ensure_one()
        parts = []
        if self.petition_ids:
            parts.append([("category_id", "in", self.petition_ids._origin.ids)])
        if self.team_ids:
            parts.append([("team_id", "in", self.team_ids._origin.ids)])
        if self.ticket_state:
            parts.append([("stage_id.closed", "=", self.ticket_state == "closed")])
        if self.ticket_days:
            since = fields.Datetime.now() - relativedelta(days=self.ticket_days)
            parts.append([("create_date", ">=", since)])
        return expression.AND(parts) if parts else []

    def _citizen_base_domain(self):
        """Who can be in a segment at all: the registered citizens."""
        return [("is_citizen", "=", True)]

    def _citizen_domain_parts(self):
        """List of ``res.partner`` domains, all of them must hold.

        Addons that know more about citizens (school enrollment, call center) add
        their criteria by extending this method."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        parts = [self._citizen_base_domain()]
        if self.colonia_ids:
            parts.append([("colonia_id", "in", self.colonia_ids._origin.ids)])
        if self.sector:
            parts.append([("colonia_id.sector", "=ilike", self.sector.strip())])
        if self.age_min:
            parts.append([("birthdate", "<=", today - relativedelta(years=self.age_min))])
        if self.age_max:
            # still age_max the day before the (age_max + 1)th birthday
            limit = today - relativedelta(years=self.age_max + 1)
            parts.append([("birthdate", ">", limit)])
        if self.citizen_sex:
            parts.append([("citizen_sex", "=", self.citizen_sex)])
        ticket_domain = self._citizen_ticket_domain()
        if ticket_domain:
            parts.append([("helpdesk_ticket_ids", "any", ticket_domain)])
        if self.channel == "email":
            parts.append([("email", "!=", False)])
        elif self.channel == "phone":
            parts.append(["|", ("mobile", "!=", False), ("phone", "!=", False)])
        return parts

    def _citizen_partner_domain(self):
        self.ensure_one()
        return expression.AND(self._citizen_domain_parts())

    def _citizen_partners(self):
        """The citizens of the segment now (sudo: coordinators count every citizen)."""
        self.ensure_one()
        return self.env["res.partner"].sudo().search(self._citizen_partner_domain())

    @api.model
    def _citizen_criteria_fields(self):
        """Fields the segment is made of (the live count depends on them)."""
        return [
            "colonia_ids",
            "sector",
            "age_min",
            "age_max",
            "citizen_sex",
            "petition_ids",
            "team_ids",
            "ticket_state",
            "ticket_days",
            "channel",
        ]

    @api.depends(lambda self: self._citizen_criteria_fields())
    def _compute_partner_count(self):
        Partner = self.env["res.partner"].sudo()
        for segment in self:
            segment.partner_count = Partner.search_count(segment._citizen_partner_domain())

    def action_view_partners(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Citizens of %s", self.name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("id", "in", self._citizen_partners().ids)],
            "context": {"create": False},
        }

    def action_new_campaign(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New campaign"),
            "res_model": "citizen.campaign",
            "view_mode": "form",
            "context": {"default_segment_id": self.id},
        }
