from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from ..tools.open311 import fold


class HelpdeskTicketCategory(models.Model):
    """A helpdesk category is a petition of the catalog (e.g. OP-LAMPARA APAGADA)."""

    _inherit = "helpdesk.ticket.category"

    code = fields.Char(index=True)
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Department",
        index=True,
        help="Department that attends this petition; reports are routed to it.",
    )
    petition_type = fields.Selection(
        [
            ("procedure", "Procedure / service"),
            ("complaint", "Complaint"),
            ("denunciation", "Denunciation"),
            ("information", "Information"),
        ],
        default="procedure",
        required=True,
    )
    description = fields.Text()
    deadline_days = fields.Integer(
        string="Deadline (business days)",
        default=5,
        # a catalog column: adding up the deadlines of petitions means nothing
        aggregator=None,
        help="Business days, on the municipal working calendar, to attend a report.",
    )
    nearby_distance_m = fields.Integer(
        string="Nearby reports distance (m)",
        default=150,
        aggregator=None,
        help="Open reports of this petition within this distance of a new one are offered "
        "so the citizen can back them instead of filing a duplicate. 0: never offered.",
    )
    petition_properties_definition = fields.PropertiesDefinition(
        string="Extra fields of the report"
    )

    _sql_constraints = [
        (
            "deadline_days_positive",
            "CHECK(deadline_days >= 0)",
            "The deadline cannot be negative.",
        ),
        (
            "nearby_distance_m_positive",
            "CHECK(nearby_distance_m >= 0)",
            "The distance for nearby reports cannot be negative.",
        ),
    ]

    @api.constrains("deadline_days")
    def _check_deadline_days(self):
        if any(petition.deadline_days < 0 for petition in self):
            raise ValidationError(self.env._("The deadline cannot be negative."))

    @api.depends("code", "name")
    def _compute_display_name(self):
        res = super()._compute_display_name()
        for petition in self:
            if petition.code and petition.code not in (petition.display_name or ""):
                petition.display_name = f"{petition.code} {petition.display_name}"
        return res

    def write(self, vals):
        res = super().write(vals)
        if "deadline_days" in vals:
            # a department changing its deadline applies at once to the open reports
            # all open reports of the petition, whichever department holds them now
            tickets = (
                self.env["helpdesk.ticket"]
                .sudo()
                .search([("category_id", "in", self.ids), ("closed", "=", False)])
            )
            if tickets:
                field = self.env["helpdesk.ticket"]._fields["date_deadline"]
                self.env.add_to_compute(field, tickets)
                tickets.flush_recordset(["date_deadline"])
        return res

    # Petitions are found by code and words, whatever the accents and the case.
    #
    # ``OP-LAMP``, ``lampara`` and ``LÁMPARA`` all find "Lámpara apagada": a stored,
    # normalised (lower case, no accents) text of the code and of the name in every
    # installed language is searched word by word, so the database needs no ``unaccent``.

    citizen_search_text = fields.Char(
        string="Search text",
        compute="_compute_citizen_search_text",
        store=True,
        index="trigram",
        help="Code and name without accents, in lower case (used to search petitions).",
    )

    @api.depends("code", "name")
    def _compute_citizen_search_text(self):
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        for petition in self:
            parts = [petition.code or ""]
            for lang in dict.fromkeys(["en_US", *langs]):
                parts.append(petition.with_context(lang=lang).name or "")
            petition.citizen_search_text = " ".join(
                dict.fromkeys(fold(part) for part in parts if part)
            )

    @api.model
    def _search_display_name(self, operator, value):
        domain = super()._search_display_name(operator, value)
        if operator not in ("ilike", "=ilike", "like") or not isinstance(value, str):
            return domain
        words = fold(value).split()
        if not words:
            return domain
        folded = expression.AND([[("citizen_search_text", "ilike", word)] for word in words])
        return expression.OR([domain, folded])
