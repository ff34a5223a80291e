from odoo import fields, models


class CitizenNotification(models.Model):
    _inherit = "citizen.notification"

    kind = fields.Selection(
        selection_add=[("campaign", "Campaign")],
        ondelete={"campaign": "set default"},
    )
