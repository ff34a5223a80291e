from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    citizen_state = fields.Selection(
        [
            ("captured", "Captured"),
            ("in_process", "In process"),
            ("finished", "Finished"),
            ("cancelled", "Cancelled"),
            ("not_viable", "Not viable"),
        ],
        string="Citizen status",
        help="Status shown to citizens and used by the statistics.",
    )
