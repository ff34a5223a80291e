"""Inbound chat/SMS/WhatsApp payloads (pure Python, no Odoo import).

Normalisation of WhatsApp Cloud API webhooks (``entry/changes/value/messages``),
Twilio-style SMS forms and a generic JSON format into one message shape, every field
checked by the validation layer (:func:`clean_message`), and base64 media decoding.
"""

import base64
import binascii

from .phone import normalize_whatsapp_number
from .validation import InputError, check_number, check_scalar_text, check_text, check_url

MAX_TEXT = 4000  # characters of a description / message text
MAX_MEDIA_BYTES = 5 * 1024 * 1024  # decoded size of one media file
MAX_MEDIA_COUNT = 5


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
            # already reported nearby: back this folio, or file a new report anyway
            "back_to": payload.get("back_to"),
            "new_report": payload.get("new_report"),
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
    for key, limit in (
        ("message_id", 255),
        ("from", 64),
        ("service_code", 64),
        ("back_to", 32),
    ):
        value = item.get(key)
        clean[key] = check_scalar_text(value, key, limit) if value is not None else ""
    clean["name"] = check_text(item.get("name"), "name", 128, multiline=False)
    text = item.get("text")
    if isinstance(text, str) and len(text) > MAX_TEXT:
        raise InputError("text", f"is longer than {MAX_TEXT} characters", 413, "text_too_long")
    clean["text"] = check_text(text, "text", MAX_TEXT)
    intent = item.get("intent")
    clean["intent"] = intent if isinstance(intent, str) and intent in INTENTS else None
    clean["new_report"] = item.get("new_report") is True
    media = item.get("media") or []
    if not isinstance(media, list):
        raise InputError("media", "must be a list of objects", 400, "invalid_media")
    if len(media) > MAX_MEDIA_COUNT:
        raise InputError("media", f"must be at most {MAX_MEDIA_COUNT} files", 413, "too_many_media")
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
