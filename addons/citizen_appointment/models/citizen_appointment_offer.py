import json
from datetime import timedelta

from odoo import api, fields, models

OFFER_HOURS = 24


class CitizenAppointmentOffer(models.Model):
    """Numbered options sent to a citizen in a conversation, waiting for the answer."""

    _name = "citizen.appointment.offer"
    _description = "Appointment options offered by message"
    _order = "id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Citizen", required=True, index=True, ondelete="cascade"
    )
    message_id = fields.Many2one("citizen.inbound.message", string="Asked in", ondelete="set null")
    step = fields.Selection(
        [("type", "Kind of appointment"), ("slot", "Date and time")], required=True
    )
    type_id = fields.Many2one("resource.booking.type", string="Appointment type")
    options = fields.Text(help="Numbered options sent, as JSON.")
    state = fields.Selection(
        [("open", "Waiting for the answer"), ("booked", "Booked"), ("closed", "Closed")],
        default="open",
        required=True,
        index=True,
    )
    booking_id = fields.Many2one("resource.booking", string="Appointment", ondelete="set null")

    @api.model
    def _citizen_open_for(self, partner):
        since = fields.Datetime.now() - timedelta(hours=OFFER_HOURS)
        return self.sudo().search(
            [("partner_id", "=", partner.id), ("state", "=", "open"), ("create_date", ">=", since)],
            limit=1,
        )

    def _citizen_option_list(self):
        self.ensure_one()
        try:
            values = json.loads(self.options or "[]")
        except ValueError:
            values = []
        return values if isinstance(values, list) else []
