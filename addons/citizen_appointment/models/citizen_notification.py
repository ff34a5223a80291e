from odoo import fields, models


class CitizenNotification(models.Model):
    _inherit = "citizen.notification"

    kind = fields.Selection(
        selection_add=[("appointment", "Appointment")],
        ondelete={"appointment": "set default"},
    )
    booking_id = fields.Many2one(
        "resource.booking", string="Appointment", ondelete="cascade", index="btree_not_null"
    )
