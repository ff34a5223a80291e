from odoo import api, fields, models, tools


class CitizenColonia(models.Model):
    _name = "citizen.colonia"
    _description = "Colonia (neighbourhood)"
    _order = "name"

    name = fields.Char(required=True, index=True)
    code = fields.Char(index=True)
    zip = fields.Char(string="ZIP")
    city = fields.Char(default="León")
    sector = fields.Char()
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "name_zip_uniq",
            "unique(name, zip, city)",
            "This colonia already exists for that ZIP code and city.",
        ),
    ]

    @api.model
    @tools.ormcache()
    def _citizen_points(self):
        """(id, latitude, longitude) of the active colonias with a centre (cached)."""
        self.env.cr.execute(
            "SELECT id, latitude, longitude FROM citizen_colonia "
            "WHERE active AND (latitude != 0 OR longitude != 0)"
        )
        return tuple(self.env.cr.fetchall())

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        if {"latitude", "longitude", "active"} & set(vals):
            self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()
