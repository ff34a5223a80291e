from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    """A helpdesk team is a government department (dependencia/dirección/departamento)."""

    _inherit = "helpdesk.ticket.team"

    code = fields.Char(index=True)
    department_type = fields.Selection(
        [
            ("dependency", "Dependency"),
            ("direction", "Direction"),
            ("department", "Department"),
        ],
        default="department",
        required=True,
    )
    petition_ids = fields.One2many("helpdesk.ticket.category", "team_id", string="Petitions")
