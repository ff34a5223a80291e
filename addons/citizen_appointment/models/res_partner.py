from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    citizen_booking_count = fields.Integer(
        string="Appointments", compute="_compute_citizen_booking_count"
    )

    def _compute_citizen_booking_count(self):
        data = dict(
            self.env["resource.booking"]._read_group(
                [("partner_ids", "in", self.ids)], ["partner_ids"], ["__count"]
            )
        )
        for partner in self:
            partner.citizen_booking_count = data.get(partner, 0)

    def action_citizen_book_appointment(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "citizen_appointment.action_citizen_appointment_wizard"
        )
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_citizen_view_appointments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "citizen_appointment.action_citizen_appointments"
        )
        action["domain"] = [("partner_ids", "in", self.ids)]
        action["context"] = {"default_partner_ids": [self.id]}
        return action
