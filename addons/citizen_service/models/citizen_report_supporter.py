"""A citizen who backs an existing report instead of filing a duplicate (see the
"already reported nearby" section of helpdesk_ticket.py)."""

from odoo import fields, models


class CitizenReportSupporter(models.Model):
    """A citizen who backs (supports) an existing report instead of filing a duplicate."""

    _name = "citizen.report.supporter"
    _description = "Supporter of a citizen report"
    _order = "create_date, id"
    _rec_name = "partner_id"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Report", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Citizen", required=True, ondelete="cascade", index=True
    )
    channel_id = fields.Many2one(
        "helpdesk.ticket.channel",
        string="Origin",
        help="Where the citizen backed the report; they are notified through it.",
    )
    merged_from_folio = fields.Char(
        string="From folio", help="Folio of the duplicate report this citizen had filed."
    )

    _sql_constraints = [
        (
            "ticket_partner_unique",
            "UNIQUE(ticket_id, partner_id)",
            "The citizen already supports this report.",
        ),
    ]
