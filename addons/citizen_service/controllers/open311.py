"""Open311 GeoReport v2 endpoint (https://wiki.open311.org/GeoReport_v2).

services  GET /open311/v2/services.json|xml
          GET /open311/v2/services/<service_code>.json|xml
requests  POST/GET /open311/v2/requests.json|xml
          GET /open311/v2/requests/<service_request_id>.json|xml
The petition code is the ``service_code`` and the folio the ``service_request_id``.
"""

import json
import logging
from datetime import timedelta

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import html2plaintext

from ..tools.open311 import (
    DEFAULT_GET_DAYS,
    MAX_GET_RESULTS,
    Open311Error,
    attributes_to_properties,
    errors_payload,
    serialize,
    service_definition,
    service_item,
    split_format,
    status_of,
    validate_get_requests,
    validate_post_request,
    w3c_datetime,
)

_logger = logging.getLogger(__name__)

JURISDICTION_PARAM = "citizen_service.open311_jurisdiction"
DEFAULT_JURISDICTION = "leon.gob.mx"
MAX_BODY = 1024 * 1024
ROUTE_OPTS = {"type": "http", "auth": "public", "csrf": False, "save_session": False}


class Open311Controller(http.Controller):
    # ------------------------------------------------------------------ helpers
    def _respond(self, root, value, fmt, status=200, headers=None):
        body, mimetype = serialize(root, value, fmt)
        hdrs = [("Content-Type", mimetype), ("Cache-Control", "no-store")]
        return request.make_response(body, headers=hdrs + list(headers or []), status=status)

    def _error(self, err, fmt, headers=None):
        body, mimetype = errors_payload([err], fmt)
        hdrs = [("Content-Type", mimetype), ("Cache-Control", "no-store")]
        return request.make_response(body, headers=hdrs + list(headers or []), status=err.code)

    def _params(self):
        """Query, form (``attribute[x][]`` lists kept) or JSON body, as one dict."""
        httpreq = request.httprequest
        params = {}
        for source in (httpreq.args, httpreq.form):
            for key in source:
                values = source.getlist(key)
                params[key] = values if key.endswith("[]") else values[0]
        if httpreq.mimetype == "application/json":
            if (httpreq.content_length or 0) > MAX_BODY:
                raise Open311Error(413, "the request body is too large")
            try:
                body = json.loads(httpreq.get_data(cache=True) or b"{}")
            except (ValueError, UnicodeDecodeError) as exc:
                raise Open311Error(400, "the body is not valid JSON") from exc
            if not isinstance(body, dict):
                raise Open311Error(400, "the body must be a JSON object")
            params.update(body)
        return params

    def _check_jurisdiction(self, params):
        jurisdiction = params.get("jurisdiction_id")
        if jurisdiction:
            expected = (
                request.env["ir.config_parameter"]
                .sudo()
                .get_param(JURISDICTION_PARAM, DEFAULT_JURISDICTION)
            )
            if jurisdiction != expected:
                raise Open311Error(404, "jurisdiction_id provided was not found")

    def _petitions(self, domain=None):
        return (
            request.env["helpdesk.ticket.category"]
            .sudo()
            .search([("code", "!=", False), ("active", "=", True)] + (domain or []))
        )

    # ----------------------------------------------------------------- services
    @http.route(
        ["/open311/v2/services.json", "/open311/v2/services.xml"], methods=["GET"], **ROUTE_OPTS
    )
    def services(self, **_kw):
        fmt = request.httprequest.path.rsplit(".", 1)[1]
        try:
            params = self._params()
            self._check_jurisdiction(params)
        except Open311Error as err:
            return self._error(err, fmt)
        items = [
            service_item(
                p.code,
                p.name,
                description=p.description or "",
                group=p.team_id.name or "",
                keywords=dict(p._fields["petition_type"].selection).get(p.petition_type, ""),
                has_attributes=bool(p.petition_properties_definition),
            )
            for p in self._petitions([("petition_type", "!=", "information")])
        ]
        return self._respond("services", items, fmt)

    @http.route("/open311/v2/services/<string:name>", methods=["GET"], **ROUTE_OPTS)
    def service_definition(self, name, **_kw):
        try:
            code, fmt = split_format(name)
        except Open311Error as err:
            return self._error(err, "json")
        try:
            self._check_jurisdiction(self._params())
            petition = self._petitions([("code", "=", code)])[:1]
            if not petition:
                raise Open311Error(404, f"service_code {code} was not found")
        except Open311Error as err:
            return self._error(err, fmt)
        value = service_definition(petition.code, petition.petition_properties_definition)
        return self._respond("service_definition", value, fmt)

    # ----------------------------------------------------------------- requests
    @http.route(
        ["/open311/v2/requests.json", "/open311/v2/requests.xml"],
        methods=["GET", "POST"],
        **ROUTE_OPTS,
    )
    def requests(self, **_kw):
        fmt = request.httprequest.path.rsplit(".", 1)[1]
        try:
            if (request.httprequest.content_length or 0) > MAX_BODY:
                raise Open311Error(413, "the request body is too large")
            params = self._params()
            self._check_jurisdiction(params)
            if request.httprequest.method == "POST":
                client = self._authenticated_client(params)
                return self._post_request(client, params, fmt)
            clean = validate_get_requests(params)
            full = self._full_detail(params)
            tickets = self._search_requests(clean)
        except Open311Error as err:
            headers = getattr(err, "headers", None)
            return self._error(err, fmt, headers=headers)
        return self._respond("service_requests", self._request_items(tickets, full), fmt)

    @http.route("/open311/v2/requests/<string:name>", methods=["GET"], **ROUTE_OPTS)
    def request_by_id(self, name, **_kw):
        try:
            folio, fmt = split_format(name)
        except Open311Error as err:
            return self._error(err, "json")
        try:
            params = self._params()
            self._check_jurisdiction(params)
            full = self._full_detail(params)
            tickets = self._search_requests({"ids": [folio]}, single=True)
            if not tickets:
                raise Open311Error(404, f"service_request_id {folio} was not found")
        except Open311Error as err:
            return self._error(err, fmt, headers=getattr(err, "headers", None))
        return self._respond("service_requests", self._request_items(tickets, full), fmt)

    def _full_detail(self, params):
        """GET is public (spec), but description, exact place and media may identify the
        citizen: only client apps with a valid api_key get them; anonymous callers get the
        status, dates, petition, department, colonia and the public response."""
        if not params.get("api_key"):
            return False
        return bool(self._authenticated_client(params))

    # ------------------------------------------------------------------ POST
    def _authenticated_client(self, params):
        key = params.get("api_key")
        if not key:
            raise Open311Error(403, "api_key was not provided")
        client = request.env["citizen.api.client"].sudo()._citizen_authenticate(key)
        if not client:
            raise Open311Error(403, "api_key is not valid")
        allowed, retry_after = client._citizen_rate_check()
        if not allowed:
            err = Open311Error(429, "rate limit exceeded, retry later")
            err.headers = [("Retry-After", str(retry_after))]
            raise err
        return client

    def _post_request(self, client, params, fmt):
        clean = validate_post_request(params)
        petition = self._petitions(
            [("code", "=", clean["service_code"]), ("petition_type", "!=", "information")]
        )[:1]
        if not petition:
            raise Open311Error(404, f"service_code {clean['service_code']} was not found")
        properties = attributes_to_properties(
            petition.petition_properties_definition, clean["attributes"]
        )
        env = request.env(su=True)
        partner = self._citizen(env, clean)
        Ticket = env["helpdesk.ticket"]
        vals = {
            "name": (
                f"{petition.name} - {clean['address_string']}"
                if clean["address_string"]
                else petition.name
            )[:120],
            "description": clean["description"] or petition.name,
            "category_id": petition.id,
            "channel_id": client.channel_id.id,
            "citizen_api_client_id": client.id,
            "partner_id": partner.id if partner else False,
            "street": clean["address_string"] or clean["address_id"] or False,
        }
        if clean["lat"] is not None:
            vals.update(latitude=clean["lat"], longitude=clean["long"])
            colonia = Ticket._citizen_nearest_colonia(clean["lat"], clean["long"])
            if colonia:
                vals["colonia_id"] = colonia.id
        if properties:
            vals["petition_properties"] = properties
        try:
            ticket = Ticket.create(vals)
        except (UserError, ValidationError) as exc:
            raise Open311Error(400, str(exc.args[0] if exc.args else exc)) from exc
        if clean["media_url"]:
            env["ir.attachment"].create(
                {
                    "name": clean["media_url"].rsplit("/", 1)[-1][:200] or "media",
                    "type": "url",
                    "url": clean["media_url"],
                    "res_model": "helpdesk.ticket",
                    "res_id": ticket.id,
                }
            )
        notice = (
            request.env._(
                "Folio %(folio)s. Deadline: %(date)s",
                folio=ticket.number,
                date=ticket.date_deadline.strftime("%d/%m/%Y"),
            )
            if ticket.date_deadline
            else request.env._("Folio %(folio)s", folio=ticket.number)
        )
        value = [
            {
                "service_request_id": ticket.number,
                "service_notice": notice,
                "account_id": clean["account_id"] or None,
            }
        ]
        return self._respond("service_requests", value, fmt)

    def _citizen(self, env, clean):
        Partner = env["res.partner"]
        partner = Partner.browse()
        if clean["phone"]:
            partner = Partner._citizen_find_by_phone(clean["phone"])
        if not partner and clean["email"]:
            partner = Partner.search(
                [("email", "=ilike", clean["email"]), ("is_citizen", "=", True)], limit=1
            )
        if partner:
            return partner
        name = " ".join(x for x in (clean["first_name"], clean["last_name"]) if x)
        if not (name or clean["email"] or clean["phone"]):
            return Partner  # anonymous report
        try:
            with env.cr.savepoint():
                return Partner.create(
                    {
                        "name": name or clean["email"] or clean["phone"],
                        "email": clean["email"] or False,
                        "mobile": clean["phone"] or False,
                        "is_citizen": True,
                    }
                )
        except ValidationError as exc:
            raise Open311Error(400, "phone is not a valid phone number") from exc

    # ------------------------------------------------------------------ GET
    def _search_requests(self, clean, single=False):
        domain = [("petition_type", "!=", "denunciation")]
        if clean.get("ids"):
            domain.append(("number", "in", clean["ids"][:MAX_GET_RESULTS]))
        if clean.get("service_codes"):
            domain.append(("category_id.code", "in", clean["service_codes"]))
        if clean.get("start_date"):
            domain.append(("create_date", ">=", clean["start_date"]))
        if clean.get("end_date"):
            domain.append(("create_date", "<=", clean["end_date"]))
        if not single and not clean.get("ids") and not clean.get("start_date"):
            since = fields.Datetime.now() - timedelta(days=DEFAULT_GET_DAYS)
            domain.append(("create_date", ">=", since))
        statuses = clean.get("status") or []
        if len(statuses) == 1:
            closed_states = ["finished", "cancelled", "not_viable"]
            operator = "in" if statuses[0] == "closed" else "not in"
            domain.append(("citizen_state", operator, closed_states))
        return (
            request.env["helpdesk.ticket"]
            .sudo()
            .search(domain, order="create_date desc, id desc", limit=MAX_GET_RESULTS)
        )

    def _request_items(self, tickets, full=True):
        media = {}
        if tickets:
            for att in (
                request.env["ir.attachment"]
                .sudo()
                .search_read(
                    [
                        ("res_model", "=", "helpdesk.ticket"),
                        ("res_id", "in", tickets.ids),
                        ("type", "=", "url"),
                    ],
                    ["res_id", "url"],
                )
            ):
                media.setdefault(att["res_id"], att["url"])
        items = []
        for ticket in tickets:
            status = status_of(ticket.citizen_state)
            items.append(
                {
                    "service_request_id": ticket.number,
                    "status": status,
                    "status_notes": (ticket.response or "")
                    if status == "closed"
                    else (ticket.stage_id.name or ""),
                    "service_name": ticket.category_id.name or "",
                    "service_code": ticket.category_id.code or "",
                    "description": html2plaintext(ticket.description or "") if full else "",
                    "agency_responsible": ticket.team_id.name or "",
                    "service_notice": "",
                    "requested_datetime": w3c_datetime(ticket.create_date),
                    "updated_datetime": w3c_datetime(ticket.write_date),
                    "expected_datetime": w3c_datetime(ticket.date_deadline),
                    "address": ", ".join(
                        x for x in (full and ticket.street, ticket.colonia_id.name) if x
                    ),
                    "address_id": "",
                    "zipcode": ticket.colonia_id.zip or "",
                    "lat": (ticket.latitude or None) if full else None,
                    "long": (ticket.longitude or None) if full else None,
                    "media_url": media.get(ticket.id, "") if full else "",
                }
            )
        return items
