from odoo import fields, models


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
