"""Open311 GeoReport v2 endpoint (https://wiki.open311.org/GeoReport_v2).

services  GET /open311/v2/services.json|xml
          GET /open311/v2/services/<service_code>.json|xml
requests  POST/GET /open311/v2/requests.json|xml
          GET /open311/v2/requests/<service_request_id>.json|xml
The petition code is the ``service_code`` and the folio the ``service_request_id``.

Already reported nearby (extension, same GeoReport v2 formats):

- ``GET requests`` with ``service_code`` (one), ``lat`` and ``long`` (and optionally
  ``radius`` in metres, default the petition's distance, at most 5000) lists the *open*
  requests of that service near the point, nearest first.
- ``POST requests`` with ``back_to=<service_request_id>`` backs that open request of the
  same ``service_code`` instead of filing a duplicate: the citizen becomes a supporter,
  is notified like its author, and the answer carries the existing
  ``service_request_id``.
"""

import logging
from datetime import timedelta

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import html2plaintext

from ..models.ir_http import citizen_request_body
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
from ..tools.validation import InputError, check_keys, check_token, parse_json

_logger = logging.getLogger(__name__)

JURISDICTION_PARAM = "citizen_service.open311_jurisdiction"
DEFAULT_JURISDICTION = "leon.gob.mx"
MAX_BODY = 1024 * 1024
ROUTE_OPTS = {
    "type": "http",
    "auth": "public",
    "csrf": False,
    "save_session": False,
    # body read once, with this cap, before the endpoint (see models/ir_http.py)
    "citizen_body_limit": MAX_BODY,
}
UNSUPPORTED = ["PUT", "DELETE", "PATCH"]


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
        """Query, form (``attribute[x][]`` lists kept) or JSON body, as one dict.

        Every external value goes through the validation layer later; here the body is
        read (cached, capped) and refused when it is not a JSON object or too large.
        """
        httpreq = request.httprequest
        try:
            raw = citizen_request_body()
            params = {}
            for source in (httpreq.args, httpreq.form):
                for key in source:
                    values = source.getlist(key)
                    params[key] = values if key.endswith("[]") else values[0]
            if httpreq.mimetype == "application/json" and raw.strip():
                body = parse_json(raw)
                if not isinstance(body, dict):
                    raise Open311Error(400, "the body must be a JSON object")
                params.update(body)
            check_keys(params)
        except InputError as exc:
            raise Open311Error.from_input(exc) from exc
        return params

    def _check_jurisdiction(self, params):
        jurisdiction = params.get("jurisdiction_id")
        if jurisdiction not in (None, ""):
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
            if not code or len(code) > 64:
                raise Open311Error(404, "service_code was not found")
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
            params = self._params()
            self._check_jurisdiction(params)
            if request.httprequest.method == "POST":
                client = self._authenticated_client(params)
                return self._post_request(client, params, fmt)
            clean = validate_get_requests(params)
            full = self._full_detail(params)
            if clean["lat"] is not None:
                tickets = self._nearby_requests(clean)
            else:
                tickets = self._search_requests(clean)
        except Open311Error as err:
            headers = getattr(err, "headers", None)
            return self._error(err, fmt, headers=headers)
        return self._respond("service_requests", self._request_items(tickets, full), fmt)

    @http.route("/open311/v2/requests/<string:name>", methods=["GET"], **ROUTE_OPTS)
    def request_by_id(self, name, **_kw):
        try:
            folio, fmt = split_format(name)
            if not folio or len(folio) > 32:
                raise Open311Error(404, "service_request_id was not found")
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
        citizen. Anonymous callers get the status, dates, petition, department, colonia
        and the public response; an Open311 client key gets the detail of the reports it
        filed itself; only a key with the staff-level scope gets every report's detail.
        Returns the authenticated client (or an empty recordset)."""
        if params.get("api_key") in (None, ""):
            return request.env["citizen.api.client"].sudo().browse()
        return self._authenticated_client(params)

    @http.route(
        [
            "/open311/v2/services.json",
            "/open311/v2/services.xml",
            "/open311/v2/services/<string:name>",
            "/open311/v2/requests/<string:name>",
        ],
        methods=["POST"] + UNSUPPORTED,
        **ROUTE_OPTS,
    )
    def unsupported_method(self, name=None, **_kw):
        return self._method_not_allowed(["GET"])

    @http.route(
        ["/open311/v2/requests.json", "/open311/v2/requests.xml"],
        methods=UNSUPPORTED,
        **ROUTE_OPTS,
    )
    def unsupported_method_requests(self, **_kw):
        return self._method_not_allowed(["GET", "POST"])

    def _method_not_allowed(self, allowed):
        path = request.httprequest.path
        fmt = "xml" if path.lower().endswith(".xml") else "json"
        err = Open311Error(
            405, f"method {request.httprequest.method} is not supported on this resource"
        )
        return self._error(err, fmt, headers=[("Allow", ", ".join(allowed))])

    # ------------------------------------------------------------------ POST
    def _authenticated_client(self, params):
        key = params.get("api_key")
        if key in (None, ""):
            raise Open311Error(403, "api_key was not provided")
        key = check_token(key, 200)
        client = (
            request.env["citizen.api.client"]
            .sudo()
            ._citizen_authenticate(key, providers=["open311"])
        )
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
        vals = {
            "name": (
                f"{petition.name} - {clean['address_string']}"
                if clean["address_string"]
                else petition.name
            )[:120],
            "description": clean["description"] or petition.name,
            "category_id": petition.id,
            "street": clean["address_string"] or clean["address_id"] or False,
        }
        if clean["lat"] is not None:
            vals.update(latitude=clean["lat"], longitude=clean["long"])
        if properties:
            vals["petition_properties"] = properties
        attachments = []
        if clean["media_url"]:
            attachments.append(
                {
                    "name": clean["media_url"].rsplit("/", 1)[-1][:200] or "media",
                    "type": "url",
                    "url": clean["media_url"],
                }
            )
        citizen = {
            "name": " ".join(x for x in (clean["first_name"], clean["last_name"]) if x),
            "email": clean["email"],
            "phone": clean["phone"],
        }
        if clean["back_to"]:
            return self._back_request(client, clean, petition, citizen, fmt)
        # all or nothing: a refused report leaves no citizen behind
        with env.cr.savepoint():
            try:
                partner = env["res.partner"]._citizen_match(**citizen)
            except ValidationError as exc:
                raise Open311Error(400, "phone is not a valid phone number") from exc
            try:
                ticket = env["helpdesk.ticket"]._citizen_intake(
                    vals,
                    citizen=partner,
                    channel=client.channel_id,
                    api_client=client,
                    attachments=attachments,
                )
            except (UserError, ValidationError) as exc:
                raise Open311Error(400, str(exc.args[0] if exc.args else exc)) from exc
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

    def _back_request(self, client, clean, petition, citizen, fmt):
        env = request.env(su=True)
        Ticket = env["helpdesk.ticket"]
        ticket = Ticket.search(
            Ticket._citizen_folio_domain(clean["back_to"])
            + [("category_id", "=", petition.id), ("petition_type", "!=", "denunciation")],
            limit=1,
        )
        if not ticket:
            raise Open311Error(
                404, f"back_to {clean['back_to']} is not a request of this service_code"
            )
        if not (citizen["name"] or citizen["email"] or citizen["phone"]):
            raise Open311Error(400, "a citizen (email, phone or name) is needed to back a request")
        with env.cr.savepoint():
            try:
                partner = env["res.partner"]._citizen_match(**citizen)
                added = ticket._citizen_back(partner, channel=client.channel_id)
            except ValidationError as exc:
                raise Open311Error(400, "phone is not a valid phone number") from exc
            except UserError as exc:
                raise Open311Error(400, "back_to is already closed") from exc
        notice = (
            request.env._(
                "You now support folio %(folio)s (already reported nearby). Supporters: %(count)s.",
                folio=ticket.number,
                count=ticket.supporter_count,
            )
            if added
            else request.env._(
                "The citizen already made or supports folio %(folio)s.", folio=ticket.number
            )
        )
        value = [
            {
                "service_request_id": ticket.number,
                "service_notice": notice,
                "account_id": clean["account_id"] or None,
            }
        ]
        return self._respond("service_requests", value, fmt)

    # ------------------------------------------------------------------ GET
    def _nearby_requests(self, clean):
        petition = self._petitions(
            [("code", "=", clean["service_codes"][0]), ("petition_type", "!=", "denunciation")]
        )[:1]
        if not petition:
            return request.env["helpdesk.ticket"].sudo().browse()
        Ticket = request.env["helpdesk.ticket"].sudo()
        found = Ticket._citizen_nearby(
            petition, clean["lat"], clean["long"], distance=clean["radius"], limit=20
        )
        return Ticket.browse([ticket.id for ticket, _metres in found])

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

    def _request_items(self, tickets, client=True):
        """Open311 items; ``client``: ``True`` (everything), or the calling client."""
        if client is True or (client and client.scope_read_details):
            detailed = set(tickets.ids)
        elif client:
            detailed = {t.id for t in tickets if t.citizen_api_client_id == client}
        else:
            detailed = set()
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
            full = ticket.id in detailed
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
