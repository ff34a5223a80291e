from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def get_default_leaflet_position(self, model_name):
        """The reports' map opens on the city (centre of its colonias), not at 0,0."""
        position = super().get_default_leaflet_position(model_name)
        if model_name == "helpdesk.ticket" and not (position["lat"] or position["lng"]):
            self.env.cr.execute(
                """SELECT avg(latitude), avg(longitude) FROM citizen_colonia
                    WHERE active AND (latitude != 0 OR longitude != 0)"""
            )
            lat, lng = self.env.cr.fetchone()
            if lat is not None:
                position = {"lat": lat, "lng": lng}
        return position
