"""Open311 GeoReport v2 helpers (pure Python, no Odoo import).

* serialisation of services, service definitions, requests and errors to the JSON and
  XML shapes of the GeoReport v2 specification (https://wiki.open311.org/GeoReport_v2);
* validation of the parameters of ``POST requests`` and ``GET requests``;
* mapping of a petition's extra fields (Odoo properties definition) to Open311
  service attributes, and of ``attribute[code]`` values back to properties;

Messages (WhatsApp, SMS, chatbots) are parsed in :mod:`messaging`, keyword matching
lives in :mod:`text_match`, the rate limiter in :mod:`ratelimit` and every check of
external input in :mod:`validation`; their names stay importable from here.
"""

import json
import re
from datetime import datetime, timezone
from xml.sax.saxutils import escape

from .messaging import MAX_TEXT
from .validation import (
    InputError,
    check_datetime,
    check_email,
    check_number,
    check_scalar_text,
    check_text,
    check_url,
    has_invalid_chars,
    xml_safe,
)

MAX_GET_RESULTS = 1000  # GeoReport v2: at most 1000 requests per GET
DEFAULT_GET_DAYS = 90  # GeoReport v2: default window of GET requests


# Odoo property type -> Open311 attribute datatype
DATATYPES = {
    "char": "string",
    "text": "text",
    "html": "text",
    "integer": "number",
    "float": "number",
    "monetary": "number",
    "date": "datetime",
    "datetime": "datetime",
    "boolean": "singlevaluelist",
    "selection": "singlevaluelist",
    "tags": "multivaluelist",
}


class Open311Error(Exception):
    """An error answered to the client as ``[{"code": ..., "description": ...}]``."""

    def __init__(self, code, description):
        super().__init__(description)
        self.code = code
        self.description = description

    def as_list(self):
        return [{"code": self.code, "description": self.description}]

    @classmethod
    def from_input(cls, err):
        """The Open311 error of a refused input (:class:`validation.InputError`)."""
        return cls(err.status, err.description)


# ---------------------------------------------------------------------------
# formats and serialisation
# ---------------------------------------------------------------------------
def split_format(name, default="json"):
    """``"requests.json"`` -> ``("requests", "json")``; unknown suffix -> 404 error."""
    if has_invalid_chars(name or "") or len(name or "") > 200:
        raise Open311Error(404, "Unknown resource")
    stem, dot, fmt = (name or "").rpartition(".")
    if not dot:
        return name, default
    fmt = fmt.lower()
    if fmt not in ("json", "xml"):
        raise Open311Error(404, f"Unknown format: {fmt}")
    return stem, fmt


def _xml_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    # one stored control character must not make the whole list invalid XML
    return escape(xml_safe(value))


XML_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,99}$")


def _xml_node(tag, value, list_item_tags):
    if not XML_NAME_RE.match(str(tag)):
        tag = "value"  # a key that cannot be an element name
    if isinstance(value, dict):
        inner = "".join(_xml_node(k, v, list_item_tags) for k, v in value.items())
        return f"<{tag}>{inner}</{tag}>"
    if isinstance(value, list | tuple):
        item = list_item_tags.get(tag, "item")
        inner = "".join(_xml_node(item, v, list_item_tags) for v in value)
        return f"<{tag}>{inner}</{tag}>"
    if value is None:
        return f"<{tag}/>"
    return f"<{tag}>{_xml_value(value)}</{tag}>"


# list element -> element of each item, as in the examples of the specification
XML_ITEMS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
}


def to_xml(root, value):
    """Serialise ``value`` (list or dict) under ``root`` the way GeoReport v2 does."""
    body = _xml_node(root, value, XML_ITEMS)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body


def errors_payload(errors, fmt="json"):
    """``errors``: list of (code, description) or Open311Error; returns (body, mimetype)."""
    items = []
    for err in errors:
        if isinstance(err, Open311Error):
            items.extend(err.as_list())
        else:
            items.append({"code": err[0], "description": err[1]})
    return serialize("errors", items, fmt)


def serialize(root, value, fmt="json"):
    if fmt == "xml":
        return to_xml(root, value), "text/xml; charset=utf-8"
    return json.dumps(value, ensure_ascii=False), "application/json; charset=utf-8"


def w3c_datetime(value):
    """ISO 8601 / W3C date-time with offset (``2010-04-14T06:37:38-08:00``)."""
    if not value:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.isoformat(timespec="seconds")
    # date
    return f"{value.isoformat()}T00:00:00-06:00"


def parse_w3c_datetime(text):
    """Parse a W3C date-time into a naive UTC datetime; ``ValueError`` when invalid."""
    text = (text or "").strip()
    if not text:
        raise ValueError("empty date")
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        return check_datetime(text, "date")
    except InputError as exc:
        raise ValueError(str(exc)) from exc


# ---------------------------------------------------------------------------
# services and attributes
# ---------------------------------------------------------------------------
def service_item(code, name, description="", group="", keywords="", has_attributes=False):  # noqa: F811
    return {
        "service_code": code,
        "service_name": name,
        "description": description or "",
        "metadata": bool(has_attributes),
        "type": "realtime",
        "keywords": keywords or "",
        "group": group or "",
    }


def properties_to_attributes(definition):
    """Open311 attributes of a petition's ``petition_properties_definition``."""
    attributes = []
    for order, prop in enumerate(definition or [], start=1):
        ptype = prop.get("type", "char")
        if ptype in ("many2one", "many2many", "separator"):
            continue
        datatype = DATATYPES.get(ptype, "string")
        label = prop.get("string") or prop.get("name")
        attr = {
            "variable": True,
            "code": prop["name"],
            "datatype": datatype,
            "required": bool(prop.get("required")),
            "datatype_description": "",
            "order": order,
            "description": label,
        }
        if ptype == "selection":
            attr["values"] = [{"key": k, "name": v} for k, v in prop.get("selection") or []]
        elif ptype == "tags":
            attr["values"] = [{"key": t[0], "name": t[1]} for t in prop.get("tags") or []]
        elif ptype == "boolean":
            attr["values"] = [{"key": "true", "name": "Sí"}, {"key": "false", "name": "No"}]
        attributes.append(attr)
    return attributes


def service_definition(code, definition):
    return {"service_code": code, "attributes": properties_to_attributes(definition)}


def attributes_from_params(params):
    """``{"attribute[pole]": "12", "attribute[kind][]": "a"}`` -> ``{"pole": "12", "kind": ["a"]}``.

    A JSON body may also carry ``"attributes": {...}`` directly.
    """
    values = {}
    nested = params.get("attributes") or params.get("attribute")
    if isinstance(nested, dict):
        values.update(nested)
    elif nested not in (None, "", [], {}):
        raise Open311Error(400, "attributes must be an object")
    for key, val in params.items():
        match = re.fullmatch(r"attribute\[([^\]]+)\](\[\])?", key)
        if not match:
            continue
        code = match.group(1)
        if match.group(2) or isinstance(val, list):
            values.setdefault(code, [])
            if not isinstance(values[code], list):
                values[code] = [values[code]]
            values[code].extend(val if isinstance(val, list) else [val])
        else:
            values[code] = val
    return values


def _attribute_scalar(val, ptype):
    """One attribute value: text, or a JSON number for numeric types; never an object."""
    if isinstance(val, dict) or isinstance(val, list | tuple):
        raise ValueError(val)
    if isinstance(val, bool):
        if ptype != "boolean":
            raise ValueError(val)
        return "true" if val else "false"
    if isinstance(val, int | float):
        if ptype not in ("integer", "float", "monetary"):
            raise ValueError(val)
        return str(val)
    if not isinstance(val, str) or has_invalid_chars(val):
        raise ValueError(val)
    return val


def attributes_to_properties(definition, raw):
    """Validate attribute values against a definition; returns the properties dict.

    Raises ``Open311Error(400)`` naming the first wrong attribute.
    """
    result = {}
    for prop in definition or []:
        name = prop["name"]
        ptype = prop.get("type", "char")
        val = raw.get(name)
        empty = val in (None, "", [])
        if empty:
            if prop.get("required"):
                raise Open311Error(400, f"attribute[{name}] is required")
            continue
        try:
            if ptype in ("many2one", "many2many", "separator"):
                continue
            if ptype == "tags":
                items = val if isinstance(val, list) else [_attribute_scalar(val, ptype)]
                vals = []
                for item in items:
                    vals.extend(v for v in _attribute_scalar(item, ptype).split(",") if v)
                keys = [t[0] for t in prop.get("tags") or []]
                if any(v not in keys for v in vals):
                    raise ValueError(val)
                result[name] = vals
                continue
            text = _attribute_scalar(val, ptype).strip()
            if ptype == "integer":
                if not re.fullmatch(r"[+-]?[0-9]{1,15}", text):
                    raise ValueError(val)
                result[name] = int(text)
            elif ptype in ("float", "monetary"):
                result[name] = check_number(text, name, -1e15, 1e15)
                if result[name] is None:
                    raise ValueError(val)
            elif ptype == "boolean":
                text = text.lower()
                if text not in ("true", "false", "1", "0", "yes", "no", "si", "sí"):
                    raise ValueError(val)
                result[name] = text in ("true", "1", "yes", "si", "sí")
            elif ptype == "selection":
                keys = [k for k, _label in prop.get("selection") or []]
                if text not in keys:
                    raise ValueError(val)
                result[name] = text
            elif ptype in ("date", "datetime"):
                parsed = parse_w3c_datetime(text)
                result[name] = (
                    parsed.date().isoformat()
                    if ptype == "date"
                    else parsed.strftime("%Y-%m-%d %H:%M:%S")
                )
            else:
                if len(text) > MAX_TEXT:
                    raise ValueError(val)
                result[name] = text
        except (TypeError, ValueError) as exc:
            raise Open311Error(400, f"attribute[{name}] has an invalid value") from exc
    return result


# ---------------------------------------------------------------------------
# requests
# ---------------------------------------------------------------------------
def _float(params, key, low, high):
    try:
        return check_number(params.get(key), key, low, high)
    except InputError as exc:
        raise Open311Error.from_input(exc) from exc


def _text(params, key, limit=255, scalar=False):
    """Text parameter; ``scalar`` also takes a JSON number (identifiers, phones)."""
    try:
        if scalar:
            value = params.get(key)
            return check_scalar_text(value, key, limit) if value is not None else ""
        return check_text(params.get(key), key, limit)
    except InputError as exc:
        raise Open311Error.from_input(exc) from exc


MAX_NEARBY_RADIUS = 5000


def validate_post_request(params):
    """Validate the parameters of ``POST requests``; returns a clean dict.

    The specification requires ``service_code`` and a location (``lat`` + ``long``,
    ``address_string`` or ``address_id``).
    """
    clean = {"service_code": _text(params, "service_code", 64, scalar=True)}
    if not clean["service_code"]:
        raise Open311Error(400, "service_code was not provided")
    clean["lat"] = _float(params, "lat", -90, 90)
    clean["long"] = _float(params, "long", -180, 180)
    if (clean["lat"] is None) != (clean["long"] is None):
        raise Open311Error(400, "lat and long must be given together")
    clean["address_string"] = _text(params, "address_string")
    clean["address_id"] = _text(params, "address_id", scalar=True)
    if clean["lat"] is None and not clean["address_string"] and not clean["address_id"]:
        raise Open311Error(
            400, "a location is required: lat and long, address_string or address_id"
        )
    try:
        clean["email"] = check_email(params.get("email"))
        clean["media_url"] = check_url(params.get("media_url"), "media_url")
    except InputError as exc:
        raise Open311Error.from_input(exc) from exc
    for key in ("first_name", "last_name"):
        clean[key] = _text(params, key, 100)
    for key in ("device_id", "account_id", "phone"):
        clean[key] = _text(params, key, 100, scalar=True)
    clean["description"] = _text(params, "description", MAX_TEXT)
    clean["attributes"] = attributes_from_params(params)
    # extension: back an open request already reported nearby instead of a duplicate
    clean["back_to"] = _text(params, "back_to", 32, scalar=True)
    return clean


def validate_get_requests(params):
    """Validate the filters of ``GET requests``; returns a clean dict."""
    clean = {}
    ids = _text(params, "service_request_id", 20000, scalar=True)
    clean["ids"] = [i.strip() for i in ids.split(",") if i.strip()] if ids else []
    codes = _text(params, "service_code", 2000, scalar=True)
    clean["service_codes"] = [c.strip() for c in codes.split(",") if c.strip()] if codes else []
    for key in ("start_date", "end_date"):
        raw = _text(params, key, 64)
        try:
            clean[key] = check_datetime(raw, key) if raw else None
        except InputError as exc:
            raise Open311Error(400, f"{key} is not a valid W3C date-time") from exc
    status = _text(params, "status", 32).lower()
    statuses = [s.strip() for s in status.split(",") if s.strip()]
    if any(s not in ("open", "closed") for s in statuses):
        raise Open311Error(400, "status must be open or closed")
    clean["status"] = statuses
    # extension: open requests of a service near a point ("already reported nearby")
    clean["lat"] = _float(params, "lat", -90, 90)
    clean["long"] = _float(params, "long", -180, 180)
    if (clean["lat"] is None) != (clean["long"] is None):
        raise Open311Error(400, "lat and long must be given together")
    clean["radius"] = _float(params, "radius", 1, MAX_NEARBY_RADIUS)
    if clean["lat"] is not None and len(clean["service_codes"]) != 1:
        raise Open311Error(400, "a nearby search (lat and long) needs one service_code")
    if clean["radius"] is not None and clean["lat"] is None:
        raise Open311Error(400, "radius needs lat and long")
    return clean


def status_of(citizen_state):
    """Open311 has two statuses: ``open`` and ``closed``."""
    return "closed" if citizen_state in ("finished", "cancelled", "not_viable") else "open"


# names kept importable from this module (older callers and tests)
from .messaging import (  # noqa: E402, F401
    MAX_MEDIA_BYTES,
    MAX_MEDIA_COUNT,
    clean_message,
    decode_media,
    parse_generic,
    parse_inbound,
    parse_whatsapp_cloud,
)
from .phone import normalize_whatsapp_number  # noqa: E402, F401
from .ratelimit import RateLimiter  # noqa: E402, F401
from .text_match import fold, keywords, looks_like_question, score  # noqa: E402, F401
