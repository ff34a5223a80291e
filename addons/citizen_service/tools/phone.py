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


def format_national(raw, region=DEFAULT_REGION):
    """Phone numbers as people write them in Mexico (``477 123 4567``).

    Several numbers separated by commas or semicolons are formatted one by one; what
    cannot be parsed (``072``, extensions typed as text) is kept as written.

    >>> format_national("+524771234567, 477-215-63-01")
    '477 123 4567, 477 215 6301'
    """
    if not raw or not str(raw).strip():
        return ""
    out = []
    for part in str(raw).replace(";", ",").split(","):
        text = part.strip()
        if not text:
            continue
        try:
            parsed = phonenumbers.parse(text, region or DEFAULT_REGION)
        except phonenumbers.NumberParseException:
            out.append(text)
            continue
        if phonenumbers.is_valid_number(parsed):
            out.append(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL))
        else:
            out.append(text)
    return ", ".join(out)


def normalize_whatsapp_number(raw):
    """WhatsApp ``wa_id`` of Mexican mobiles still carry the old ``1``: 521XXXXXXXXXX."""
    digits = re.sub(r"\D", "", str(raw or ""))
    if len(digits) == 13 and digits.startswith("521"):
        digits = "52" + digits[3:]
    return "+" + digits if digits else ""


def citizen_phone_parts(raw):
    """(tel: URI, national display) of a Mexican phone: ('+524777880000', '477 788 0000')."""
    raw = (raw or "").strip()
    if not raw:
        return False, False
    try:
        number = phonenumbers.parse(raw, "MX")
    except phonenumbers.NumberParseException:
        number = None
    if number and phonenumbers.is_possible_number(number):
        return (
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
        )
    return raw.replace(" ", ""), raw
