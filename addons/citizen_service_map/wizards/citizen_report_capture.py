from odoo import api, fields, models


class CitizenReportCapture(models.TransientModel):
    _inherit = "citizen.report.capture"

    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))

    @api.onchange("latitude", "longitude")
    def _onchange_citizen_point_colonia(self):
        for wizard in self:
            if wizard.latitude or wizard.longitude:
                colonia = self.env["citizen.colonia"]._citizen_at_point(
                    wizard.latitude, wizard.longitude
                )
                if colonia:
                    wizard.colonia_id = colonia

    def action_save(self):
        if self.latitude or self.longitude:
            self = self.with_context(citizen_capture_point=(self.latitude, self.longitude))
        return super().action_save()
