import json

from odoo import fields, http
from odoo.http import request
from odoo.tools.misc import format_date, format_datetime

from ..tools.ratelimit import RateLimiter

RATE_PARAM = "citizen_service.folio_lookup_per_minute"
DEFAULT_RATE = 30
# answers per client address and minute, counted in each worker process
FOLIO_LIMITER = RateLimiter()


def folio_rate_limit(env):
    value = env["ir.config_parameter"].sudo().get_param(RATE_PARAM, str(DEFAULT_RATE))
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return DEFAULT_RATE


def folio_throttle():
    """``(allowed, retry_after)`` for one more lookup from this client address."""
    address = request.httprequest.remote_addr or "?"
    return FOLIO_LIMITER.hit(("folio", address), folio_rate_limit(request.env))


class CitizenFolioLookup(http.Controller):
    """Public follow-up of a report by its folio (no personal data is ever shown)."""

    def _citizen_format_info(self, info):
        env = request.env
        tz = env.user.tz or env.company._citizen_tz()
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
    def citizen_folio_lookup(self, folio=None, code=None, **kwargs):
        folio = folio if isinstance(folio, str) else None
        code = code if isinstance(code, str) else None
        values = {
            "folio": (folio or "").strip()[:32],
            "code": (code or "").strip()[:32],
            "info": None,
            "not_found": False,
            "throttled": False,
        }
        status = 200
        if folio is not None:
            allowed, retry_after = folio_throttle()
            if not allowed:
                values["throttled"] = True
                response = request.render(
                    "citizen_service.citizen_folio_lookup_page", values, status=429
                )
                response.headers["Retry-After"] = str(retry_after)
                return response
            info = request.env["helpdesk.ticket"]._citizen_public_folio_info(folio, code=code)
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
    def citizen_folio_json(self, folio, code=None, **kwargs):
        allowed, retry_after = folio_throttle()
        if not allowed:
            body = {
                "error": "rate_limited",
                "message": request.env._("Too many lookups, try again in a minute."),
            }
            return request.make_response(
                json.dumps(body),
                headers=[
                    ("Content-Type", "application/json; charset=utf-8"),
                    ("Retry-After", str(retry_after)),
                ],
                status=429,
            )
        code = code if isinstance(code, str) else None
        info = request.env["helpdesk.ticket"]._citizen_public_folio_info(folio, code=code)
        if not info:
            body = {
                "error": "not_found",
                "message": request.env._(
                    "No report was found with folio %(folio)s.", folio=folio[:32]
                ),
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
