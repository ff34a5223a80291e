import json

from odoo import fields, http
from odoo.http import request
from odoo.tools.misc import format_date, format_datetime

CITIZEN_TZ = "America/Mexico_City"


class CitizenFolioLookup(http.Controller):
    """Public follow-up of a report by its folio (no personal data is ever shown)."""

    def _citizen_format_info(self, info):
        env = request.env
        tz = env.user.tz or CITIZEN_TZ
        result = dict(info)
        for key in ("create_date", "closed_date"):
            if info.get(key):
                result[f"{key}_display"] = format_datetime(
                    env, fields.Datetime.to_datetime(info[key]), tz=tz, dt_format="short"
                )
        if info.get("date_deadline"):
            result["date_deadline_display"] = format_date(
                env, fields.Date.to_date(info["date_deadline"])
            )
        result["actions"] = [
            dict(
                action,
                date_display=format_datetime(
                    env, fields.Datetime.to_datetime(action["date"]), tz=tz, dt_format="short"
                ),
            )
            for action in info.get("actions", [])
        ]
        return result

    @http.route(
        "/atencion/folio",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
        methods=["GET", "POST"],
    )
    def citizen_folio_lookup(self, folio=None, **kwargs):
        values = {"folio": (folio or "").strip(), "info": None, "not_found": False}
        status = 200
        if folio is not None:
            info = request.env["helpdesk.ticket"]._citizen_public_folio_info(folio)
            if info:
                values["info"] = self._citizen_format_info(info)
            else:
                values["not_found"] = True
                status = 404
        return request.render("citizen_service.citizen_folio_lookup_page", values, status=status)

    @http.route(
        "/atencion/folio/<string:folio>/json",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
        csrf=False,
    )
    def citizen_folio_json(self, folio, **kwargs):
        info = request.env["helpdesk.ticket"]._citizen_public_folio_info(folio)
        if not info:
            body = {
                "error": "not_found",
                "message": request.env._("No report was found with folio %(folio)s.", folio=folio),
            }
            return request.make_response(
                json.dumps(body),
                headers=[("Content-Type", "application/json; charset=utf-8")],
                status=404,
            )
        return request.make_response(
            json.dumps(info),
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Cache-Control", "no-store"),
            ],
        )
