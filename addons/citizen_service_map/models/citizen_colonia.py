from odoo import api, models

from ..tools import geo


class CitizenColonia(models.Model):
    _name = "citizen.colonia"
    _inherit = ["citizen.colonia", "citizen.geo.shape"]

    @api.model
    def _citizen_at_point(self, latitude, longitude):
        """Colonia of a point: the one whose polygon contains it, else the nearest centre."""
        if not (latitude or longitude):
            return self.browse()
        Colonia = self.sudo().with_context(active_test=True)
        inside = Colonia._geo_shapes_at(latitude, longitude)
        if inside:
            return self.browse(inside[:1].id)
        self.env.cr.execute(
            """SELECT id, latitude, longitude FROM citizen_colonia
                WHERE active AND (latitude != 0 OR longitude != 0)"""
        )
        return self.browse(geo.nearest(self.env.cr.fetchall(), latitude, longitude) or [])

    def write(self, vals):
        res = super().write(vals)
        if "geojson" in vals:
            # a colonia drawn without a centre takes the polygon's
            for colonia in self.filtered(lambda c: c.has_area and not c.latitude):
                lat, lng = geo.centroid(colonia._geo_polygons())
                colonia.write({"latitude": lat, "longitude": lng})
        return res

    @api.model_create_multi
    def create(self, vals_list):
        colonias = super().create(vals_list)
        for colonia in colonias.filtered(lambda c: c.has_area and not c.latitude):
            lat, lng = geo.centroid(colonia._geo_polygons())
            colonia.write({"latitude": lat, "longitude": lng})
        return colonias

    def action_citizen_open_area(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.display_name,
            "res_model": "citizen.colonia",
            "res_id": self.id,
            "view_mode": "form",
            "views": [
                (self.env.ref("citizen_service_map.citizen_colonia_view_form_area").id, "form")
            ],
            "target": "new",
        }
