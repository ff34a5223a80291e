import json
import math

from odoo import http
from odoo.addons.citizen_service.controllers.portal import CitizenHelpdeskTicketController
from odoo.http import request


def _post_point(kw):
    """``(lat, lng)`` clicked on the portal's map, or ``None`` when absent or not a number."""
    try:
        lat = float(kw.get("latitude") or 0)
        lng = float(kw.get("longitude") or 0)
    except (TypeError, ValueError):
        return None
    if not (lat or lng) or math.isnan(lat + lng) or math.isinf(lat + lng):
        return None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None
    return round(lat, 7), round(lng, 7)


class CitizenMapHelpdeskTicketController(CitizenHelpdeskTicketController):
    """The citizen clicks the place on a map: the colonia follows from the point."""

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        params = request.env["ir.config_parameter"].sudo()
        home = request.env["res.users"].sudo().get_default_leaflet_position("helpdesk.ticket")
        values["citizen_map"] = json.dumps(
            {
                "tile_url": params.get_param("leaflet.tile_url")
                or "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png",
                "copyright": params.get_param("leaflet.copyright") or "© OpenStreetMap",
                "lat": home.get("lat") or 21.1221,
                "lng": home.get("lng") or -101.6824,
            }
        )
        return values

    def _citizen_check_submission(self, **kw):
        point = _post_point(kw)
        if point and not kw.get("colonia"):
            colonia = request.env["citizen.colonia"].sudo()._citizen_at_point(*point)
            if colonia:
                kw = dict(kw, colonia=str(colonia.id))
        return super()._citizen_check_submission(**kw)

    def _prepare_submit_ticket_vals(self, **kw):
        point = _post_point(kw)
        if point and not kw.get("colonia"):
            colonia = request.env["citizen.colonia"].sudo()._citizen_at_point(*point)
            if colonia:
                kw = dict(kw, colonia=str(colonia.id))
        vals = super()._prepare_submit_ticket_vals(**kw)
        if point:
            vals.update(latitude=point[0], longitude=point[1])
        return vals

    @http.route("/atencion/mapa/colonia", type="http", auth="user", methods=["GET"], website=True)
    def citizen_colonia_at_point(self, lat=None, lng=None, **kw):
        """Colonia of a point clicked on the portal's map (JSON)."""
        point = _post_point({"latitude": lat, "longitude": lng})
        colonia = (
            request.env["citizen.colonia"].sudo()._citizen_at_point(*point)
            if point
            else request.env["citizen.colonia"]
        )
        body = {"id": colonia.id, "name": colonia.name} if colonia else {"id": False}
        return request.make_json_response(body, status=200 if point else 400)
