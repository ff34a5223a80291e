import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError


class CitizenAppointmentWizard(models.TransientModel):
    """Operator books an appointment for a caller: next free slots of a booking type."""

    _name = "citizen.appointment.wizard"
    _description = "Book an appointment for a citizen"

    partner_id = fields.Many2one("res.partner", string="Citizen", required=True)
    office_id = fields.Many2one("citizen.office")
    type_id = fields.Many2one(
        "resource.booking.type",
        string="Appointment type",
        required=True,
        domain="[('office_id', '!=', False)] + ([('office_id', '=', office_id)] if office_id else [])",
    )
    date_from = fields.Date(
        string="From", default=fields.Date.context_today, help="Look for free slots from this day."
    )
    notify_method = fields.Selection(
        [
            ("email", "E-mail"),
            ("sms", "SMS"),
            ("whatsapp", "WhatsApp"),
            ("none", "Do not notify"),
        ],
        string="Notify the citizen by",
        compute="_compute_notify_method",
        store=True,
        readonly=False,
    )
    notes = fields.Text(string="Notes for the office")
    inbound_message_id = fields.Many2one(
        "citizen.inbound.message",
        string="Conversation",
        help="Message of the citizen (WhatsApp, SMS) the appointment is booked from: the "
        "confirmation goes back through the same channel.",
    )
    slot_ids = fields.One2many("citizen.appointment.wizard.slot", "wizard_id", string="Free slots")
    no_slot_searched = fields.Boolean(string="No free slot found", readonly=True)

    @api.depends("partner_id", "inbound_message_id")
    def _compute_notify_method(self):
        for wizard in self:
            partner = wizard.partner_id
            provider = wizard.inbound_message_id.provider
            if provider in ("whatsapp", "sms") and (partner.mobile or partner.phone):
                wizard.notify_method = provider
                continue
            wizard.notify_method = (
                "email" if partner.email else "sms" if (partner.mobile or partner.phone) else "none"
            )

    @api.onchange("office_id")
    def _onchange_office_id(self):
        if self.type_id and self.office_id and self.type_id.office_id != self.office_id:
            self.type_id = False

    @api.onchange("type_id", "date_from")
    def _onchange_clear_slots(self):
        # the free slots are searched (and saved) with "Search free slots"
        self.slot_ids = [Command.clear()]
        self.no_slot_searched = False

    def _search_slots(self, limit=8):
        if not self.type_id:
            return []
        tz = pytz.timezone(self.type_id._citizen_tz())
        start = None
        if self.date_from:
            start = tz.localize(fields.Datetime.to_datetime(self.date_from))
        slots = self.type_id._citizen_next_slots(limit=limit, start=start)
        return [slot.astimezone(pytz.utc).replace(tzinfo=None) for slot in slots]

    def action_search(self):
        self.ensure_one()
        slots = self._search_slots()
        self.slot_ids = [Command.clear()] + [Command.create({"start": start}) for start in slots]
        self.no_slot_searched = not slots
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Book an appointment"),
        }

    def _book(self, start):
        self.ensure_one()
        Booking = self.env["resource.booking"]
        try:
            with self.env.cr.savepoint():
                booking = Booking.create(
                    {
                        "type_id": self.type_id.id,
                        "partner_ids": [Command.set(self.partner_id.ids)],
                        "start": start,
                        "citizen_booked_by": "operator",
                        "citizen_notify_method": self.notify_method,
                        "description": self.notes and f"<p>{self.notes}</p>" or False,
                    }
                )
        except ValidationError as exc:
            raise UserError(
                self.env._(
                    "This slot is no longer free (someone else has just taken it). "
                    "Search again and choose another one."
                )
            ) from exc
        if not booking.combination_id:
            raise UserError(
                self.env._("No desk or official is free at that time. Choose another slot.")
            )
        booking.action_confirm()
        if self.inbound_message_id:
            self.inbound_message_id.sudo().booking_id = booking
        return booking
