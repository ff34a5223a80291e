"""Phone normalisation helpers (pure Python, no Odoo import).

Numbers are stored in E.164 (``+524771234567``) so that every channel (PBX, WhatsApp,
portal, walk-in capture) finds the same citizen whatever format was typed.
"""

import re

import phonenumbers

DEFAULT_REGION = "MX"


def normalize_phone(raw, region=DEFAULT_REGION):
    """Return ``raw`` in E.164 or raise ``ValueError`` when it is not a valid number.

    >>> normalize_phone("477 123 4567")
    '+524771234567'
    """
    if raw is None or not str(raw).strip():
        raise ValueError("empty phone number")
    text = str(raw).strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, region or DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(str(exc)) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"invalid phone number: {raw}")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone_candidates(raw, region=DEFAULT_REGION):
    """E.164 form of ``raw`` in a list (empty when it cannot be parsed)."""
    try:
        return [normalize_phone(raw, region)]
    except ValueError:
        return []


def normalize_whatsapp_number(raw):
    """WhatsApp ``wa_id`` of Mexican mobiles still carry the old ``1``: 521XXXXXXXXXX."""
    digits = re.sub(r"\D", "", str(raw or ""))
    if len(digits) == 13 and digits.startswith("521"):
        digits = "52" + digits[3:]
    return "+" + digits if digits else ""
