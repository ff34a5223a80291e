import base64

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import geo


class CitizenGeoShape(models.AbstractModel):
    """A polygon drawn or imported as GeoJSON, with its bounding box stored for SQL prefilters."""

    _name = "citizen.geo.shape"
    _description = "Area on the map (GeoJSON)"

    geojson = fields.Text(
        string="Area (GeoJSON)",
        help="Polygon or MultiPolygon in GeoJSON (longitude, latitude), e.g. exported from "
        "QGIS or geojson.io. A Feature or FeatureCollection is accepted too.",
    )
    geojson_file = fields.Binary(
        string="Import GeoJSON file", attachment=False, store=False, inverse="_inverse_geojson_file"
    )
    geojson_filename = fields.Char(string="File name", store=False)
    bbox_min_lat = fields.Float(
        string="South limit", digits=(10, 7), compute="_compute_bbox", store=True, index=True
    )
    bbox_max_lat = fields.Float(
        string="North limit", digits=(10, 7), compute="_compute_bbox", store=True
    )
    bbox_min_lng = fields.Float(
        string="West limit", digits=(10, 7), compute="_compute_bbox", store=True
    )
    bbox_max_lng = fields.Float(
        string="East limit", digits=(10, 7), compute="_compute_bbox", store=True
    )
    has_area = fields.Boolean(string="Has an area", compute="_compute_bbox", store=True)

    def _geo_error_message(self, error):
        messages = {
            "json": self.env._("The file is not valid GeoJSON (JSON cannot be read)."),
            "geometry": self.env._("The GeoJSON has no geometry object."),
            "type": self.env._(
                "The GeoJSON must be a Polygon or MultiPolygon, not %(type)s.", type=error.detail
            ),
            "ring": self.env._("Each polygon ring needs at least 3 distinct points."),
            "polygon": self.env._("A polygon of the GeoJSON has no outer ring."),
            "position": self.env._(
                "A point of the GeoJSON is not [longitude, latitude]: %(point)s",
                point=error.detail,
            ),
            "range": self.env._(
                "A point of the GeoJSON is out of range (longitude, latitude): %(point)s",
                point=error.detail,
            ),
            "empty": self.env._("The GeoJSON has no polygon."),
            "crossing": self.env._(
                "The border of the area crosses itself near %(point)s (latitude, longitude): "
                "draw it again without crossing lines, or cut it into separate polygons.",
                point=error.detail,
            ),
        }
        return messages.get(error.code) or self.env._("The GeoJSON is not valid.")

    def _geo_polygons(self):
        """Polygons of the record (empty list without area); raises ValidationError."""
        self.ensure_one()
        if not (self.geojson or "").strip():
            return []
        try:
            return geo.parse_geojson_cached(self.geojson)
        except geo.GeoJSONError as error:
            raise ValidationError(
                self.env._(
                    "%(name)s: %(error)s",
                    name=self.display_name,
                    error=self._geo_error_message(error),
                )
            ) from error

    @api.depends("geojson")
    def _compute_bbox(self):
        for shape in self:
            try:
                polygons = geo.parse_geojson(shape.geojson) if shape.geojson else []
            except geo.GeoJSONError:
                polygons = []
            box = geo.bbox(polygons) if polygons else (0.0, 0.0, 0.0, 0.0)
            shape.bbox_min_lat, shape.bbox_min_lng, shape.bbox_max_lat, shape.bbox_max_lng = box
            shape.has_area = bool(polygons)

    @api.constrains("geojson")
    def _check_geojson(self):
        for shape in self:
            try:
                geo.check_simple(shape._geo_polygons())
            except geo.GeoJSONError as error:
                raise ValidationError(
                    self.env._(
                        "%(name)s: %(error)s",
                        name=shape.display_name,
                        error=shape._geo_error_message(error),
                    )
                ) from error

    def _inverse_geojson_file(self):
        for shape in self:
            if not shape.geojson_file:
                continue
            raw = base64.b64decode(shape.geojson_file)
            try:
                polygons = geo.parse_geojson(raw)
            except geo.GeoJSONError as error:
                raise ValidationError(shape._geo_error_message(error)) from error
            shape.geojson = geo.to_geojson(polygons)

    @api.model
    def _geo_shapes_at(self, lat, lng, domain=None):
        """Records of ``domain`` whose area contains the point (bbox prefilter in SQL)."""
        candidates = self.search(
            (domain or [])
            + [
                ("has_area", "=", True),
                ("bbox_min_lat", "<=", lat),
                ("bbox_max_lat", ">=", lat),
                ("bbox_min_lng", "<=", lng),
                ("bbox_max_lng", ">=", lng),
            ]
        )
        return candidates.filtered(lambda s: geo.contains(s._geo_polygons(), lat, lng))
