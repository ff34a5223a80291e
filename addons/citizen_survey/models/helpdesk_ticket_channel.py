from odoo import fields, models


class HelpdeskTicketChannel(models.Model):
    _inherit = "helpdesk.ticket.channel"

    citizen_self_rating = fields.Boolean(
        string="Citizen rates the attention",
        help="Reports received through this origin (portal, app, chatbot...) are rated "
        "by the citizen through a link in the closing e-mail and on the portal, "
        "instead of being called by the perception-survey staff.",
    )
