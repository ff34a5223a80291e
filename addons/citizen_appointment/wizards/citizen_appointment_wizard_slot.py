from odoo import fields, models


class CitizenAppointmentWizardSlot(models.TransientModel):
    _name = "citizen.appointment.wizard.slot"
    _description = "Free appointment slot"
    _order = "start"

    wizard_id = fields.Many2one("citizen.appointment.wizard", required=True, ondelete="cascade")
    start = fields.Datetime(string="Date and time", required=True, readonly=True)

    def action_book(self):
        self.ensure_one()
        booking = self.wizard_id._book(self.start)
        return {
            "type": "ir.actions.act_window",
            "res_model": "resource.booking",
            "res_id": booking.id,
            "view_mode": "form",
            "target": "current",
        }
