"""Open311 GeoReport v2 and messaging helpers (pure Python, no Odoo import).

* serialisation of services, service definitions, requests and errors to the JSON and
  XML shapes of the GeoReport v2 specification (https://wiki.open311.org/GeoReport_v2);
* validation of the parameters of ``POST requests`` and ``GET requests``;
* mapping of a petition's extra fields (Odoo properties definition) to Open311
  service attributes, and of ``attribute[code]`` values back to properties;
* normalisation of inbound chat/SMS/WhatsApp payloads (WhatsApp Cloud API
  ``entry/changes/value/messages``, Twilio-style SMS forms, a generic JSON format);
* a small per-key, per-minute rate limiter (in memory, per worker process).
"""

import base64
import binascii
import json
import re
import threading
import time
import unicodedata
from datetime import datetime, timezone
from xml.sax.saxutils import escape

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

MAX_TEXT = 4000  # characters of a description / message text
MAX_MEDIA_BYTES = 5 * 1024 * 1024  # decoded size of one media file
MAX_MEDIA_COUNT = 5
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
def service_item(code, name, description="", group="", keywords="", has_attributes=False):
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
    return clean


def status_of(citizen_state):
    """Open311 has two statuses: ``open`` and ``closed``."""
    return "closed" if citizen_state in ("finished", "cancelled", "not_viable") else "open"


# ---------------------------------------------------------------------------
# inbound messages (WhatsApp, SMS, chatbot)
# ---------------------------------------------------------------------------
def normalize_whatsapp_number(raw):
    """WhatsApp ``wa_id`` of Mexican mobiles still carry the old ``1``: 521XXXXXXXXXX."""
    digits = re.sub(r"\D", "", str(raw or ""))
    if len(digits) == 13 and digits.startswith("521"):
        digits = "52" + digits[3:]
    return "+" + digits if digits else ""


def decode_media(data):
    """Decode base64 media; ``ValueError`` when invalid or larger than the limit."""
    if len(data) > MAX_MEDIA_BYTES * 4 // 3 + 8:
        raise ValueError("too_large")
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("invalid") from exc
    if len(raw) > MAX_MEDIA_BYTES:
        raise ValueError("too_large")
    return raw


def _location(loc):
    """``(lat, long)`` of a location object; ``(None, None)`` when absent.

    A present but wrong value (``"lat": true``, out of range, text) is refused.
    """
    if loc in (None, "", {}):
        return None, None
    if not isinstance(loc, dict):
        raise InputError("location", "must be an object")
    lat = check_number(loc.get("latitude", loc.get("lat")), "latitude", -90, 90)
    lng = check_number(
        loc.get("longitude", loc.get("long", loc.get("lng"))), "longitude", -180, 180
    )
    if (lat is None) != (lng is None):
        raise InputError("location", "needs latitude and longitude")
    return lat, lng


def parse_whatsapp_cloud(payload):
    """Messages of a WhatsApp Cloud API webhook (``entry/changes/value/messages``).

    Delivery ``statuses`` are ignored. Each message becomes a generic dict.
    """
    messages = []
    for entry in payload.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            names = {
                c.get("wa_id"): (c.get("profile") or {}).get("name")
                for c in value.get("contacts") or []
            }
            for msg in value.get("messages") or []:
                mtype = msg.get("type")
                item = {
                    "message_id": msg.get("id"),
                    "from": normalize_whatsapp_number(msg.get("from")),
                    "name": names.get(msg.get("from")) or "",
                    "text": "",
                    "latitude": None,
                    "longitude": None,
                    "media": [],
                    "timestamp": msg.get("timestamp"),
                }
                if mtype == "text":
                    item["text"] = (msg.get("text") or {}).get("body") or ""
                elif mtype == "location":
                    loc = msg.get("location") or {}
                    item["latitude"], item["longitude"] = _location(loc)
                    item["text"] = " ".join(x for x in (loc.get("name"), loc.get("address")) if x)
                elif mtype in ("image", "video", "audio", "document", "sticker"):
                    media = msg.get(mtype) or {}
                    item["text"] = media.get("caption") or ""
                    item["media"].append(
                        {
                            "media_id": media.get("id"),
                            "mimetype": media.get("mime_type"),
                            "filename": media.get("filename") or f"{mtype}-{media.get('id')}",
                        }
                    )
                elif mtype == "interactive":
                    inter = msg.get("interactive") or {}
                    reply = inter.get("button_reply") or inter.get("list_reply") or {}
                    item["text"] = reply.get("title") or ""
                elif mtype == "button":
                    item["text"] = (msg.get("button") or {}).get("text") or ""
                messages.append(item)
    return messages


def parse_generic(payload):
    """Generic JSON message (chatbots, SMS gateways) or a Twilio-style SMS form."""
    if "MessageSid" in payload or "SmsSid" in payload:
        media = []
        try:
            count = int(payload.get("NumMedia") or 0)
        except ValueError:
            count = 0
        for i in range(min(count, MAX_MEDIA_COUNT)):
            url = payload.get(f"MediaUrl{i}")
            if url:
                media.append(
                    {
                        "url": url,
                        "mimetype": payload.get(f"MediaContentType{i}"),
                        "filename": f"media-{i}",
                    }
                )
        lat, lng = _location(
            {"latitude": payload.get("Latitude"), "longitude": payload.get("Longitude")}
        )
        return [
            {
                "message_id": payload.get("MessageSid") or payload.get("SmsSid"),
                "from": payload.get("From") or "",
                "name": payload.get("ProfileName") or "",
                "text": payload.get("Body") or "",
                "latitude": lat,
                "longitude": lng,
                "media": media,
            }
        ]
    lat, lng = _location(payload.get("location"))
    media = payload.get("media") or []
    if isinstance(media, dict):
        media = [media]
    if not isinstance(media, list) or not all(isinstance(m, dict) for m in media):
        raise InputError("media", "must be a list of objects")
    return [
        {
            "message_id": payload.get("message_id") or payload.get("id"),
            "from": payload.get("from") or payload.get("phone") or "",
            "name": payload.get("name") or "",
            "text": payload.get("text") or "",
            "latitude": lat,
            "longitude": lng,
            "media": media,
            "intent": payload.get("intent"),
            "service_code": payload.get("service_code") or payload.get("petition_code"),
        }
    ]


def _parse_inbound(payload):
    if isinstance(payload, dict) and payload.get("object") == "whatsapp_business_account":
        return parse_whatsapp_cloud(payload)
    if isinstance(payload, dict) and "entry" in payload:
        return parse_whatsapp_cloud(payload)
    if not isinstance(payload, dict):
        raise InputError("body", "must be a JSON object")
    return parse_generic(payload)


INTENTS = ("information", "report")


def clean_message(item):
    """One normalised message with every field checked by the validation layer.

    Raises :class:`validation.InputError` on a wrong type, a forbidden character or a
    text too long (the webhook answers 400/413).
    """
    clean = dict(item)
    for key, limit in (("message_id", 255), ("from", 64), ("service_code", 64)):
        value = item.get(key)
        clean[key] = check_scalar_text(value, key, limit) if value is not None else ""
    clean["name"] = check_text(item.get("name"), "name", 128, multiline=False)
    text = item.get("text")
    if isinstance(text, str) and len(text) > MAX_TEXT:
        raise InputError("text", f"is longer than {MAX_TEXT} characters", 413, "text_too_long")
    clean["text"] = check_text(text, "text", MAX_TEXT)
    intent = item.get("intent")
    clean["intent"] = intent if isinstance(intent, str) and intent in INTENTS else None
    media = item.get("media") or []
    if not isinstance(media, list):
        raise InputError("media", "must be a list of objects", 400, "invalid_media")
    if len(media) > MAX_MEDIA_COUNT:
        raise InputError(
            "media", f"must be at most {MAX_MEDIA_COUNT} files", 413, "too_many_media"
        )
    try:
        clean["media"] = [_clean_media(entry) for entry in media]
    except InputError as exc:
        exc.code = "invalid_media"
        raise
    return clean


def _clean_media(entry):
    """One media item of a message: base64 ``data``, an http(s) ``url`` or a provider id."""
    if not isinstance(entry, dict):
        raise InputError("media", "must be a list of objects")
    data = entry.get("data")
    if data is not None and not isinstance(data, str):
        raise InputError("media.data", "must be base64 text")
    filename, media_id = entry.get("filename"), entry.get("media_id")
    return {
        "filename": check_scalar_text(filename, "media.filename", 200) if filename else "",
        "mimetype": check_text(entry.get("mimetype"), "media.mimetype", 128, multiline=False),
        "data": data or "",
        "url": check_url(entry.get("url"), "media.url"),
        "media_id": check_scalar_text(media_id, "media.media_id", 128) if media_id else "",
    }


def parse_inbound(payload):
    """Messages of a webhook payload, each checked (:func:`clean_message`).

    ``ValueError`` (an :class:`validation.InputError`) when the payload is refused.
    """
    try:
        messages = _parse_inbound(payload)
    except (TypeError, AttributeError, KeyError) as exc:
        raise InputError("body", "is not a message") from exc
    return [clean_message(message) for message in messages]


# ---------------------------------------------------------------------------
# text matching for the information / report decision
# ---------------------------------------------------------------------------
STOPWORDS = set(
    "a al algo alguien como con cual cuales cuando de del donde el en es esta este hay "
    "la las le lo los me mi mis no o para por que quien se si sin su sus te tengo un una "
    "uno y ya hola buenas buenos dias tardes noches favor gracias quiero quisiera saber "
    "puedo necesito informacion info tiene tienen esta estan hace".split()
)
QUESTION_WORDS = (
    "donde",
    "cual",
    "cuales",
    "cuando",
    "como",
    "que",
    "quien",
    "horario",
    "horarios",
    "informacion",
    "info",
    "requisitos",
    "telefono",
    "direccion",
)


def fold(text):
    """Lower-case text without accents."""
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def keywords(text):
    words = re.findall(r"[a-z0-9]+", fold(text))
    return [w for w in words if len(w) > 2 and w not in STOPWORDS]


def looks_like_question(text):
    folded = fold(text).strip()
    if "?" in folded or "¿" in (text or ""):
        return True
    first = re.findall(r"[a-z]+", folded)[:2]
    return any(w in QUESTION_WORDS for w in first)


def score(words, haystack):
    """How many of ``words`` (stem: first 5 letters) appear in ``haystack``."""
    hay = fold(haystack)
    return sum(1 for w in set(words) if w[:5] in hay)


# ---------------------------------------------------------------------------
# rate limiting
# ---------------------------------------------------------------------------
class RateLimiter:
    """Fixed-window counter per key and minute, kept in the memory of the process.

    With several Odoo workers each one counts on its own, so a key may pass at most
    ``limit x workers`` requests per minute; that bound is documented in the README.
    """

    def __init__(self, clock=time.time):
        self._clock = clock
        self._lock = threading.Lock()
        self._counts = {}

    def hit(self, key, limit):
        """Count one request; returns ``(allowed, retry_after_seconds)``."""
        if not limit or limit <= 0:
            return True, 0
        now = self._clock()
        window = int(now // 60)
        with self._lock:
            if len(self._counts) > 10000:
                self._counts = {k: v for k, v in self._counts.items() if k[1] == window}
            count = self._counts.get((key, window), 0) + 1
            self._counts[(key, window)] = count
        if count > limit:
            return False, max(1, int(60 - now % 60))
        return True, 0
