"""One validation layer for every external input (pure Python, no Odoo import).

Open311, the messaging webhooks, the PBX events and the public folio lookup all pass
what they receive from outside through these functions before anything reaches the
ORM, PostgreSQL or an XML serialiser. Each check either returns a clean Python value
or raises :class:`InputError` naming the field, which every endpoint answers in its
own 4xx format (Open311 error list, JSON for the PBX and the webhooks), never a 500.

Classes of input refused here:

* characters PostgreSQL cannot store (NUL) or XML 1.0 cannot carry (C0 controls other
  than tab/newline/carriage return, lone surrogates, U+FFFE/U+FFFF);
* the wrong JSON type: a number, list, object or boolean where text is expected, and a
  boolean, list, object or non-finite number where a number is expected;
* dates outside the years PostgreSQL and Python handle together (``9999-12-31T23:59:
  59-12:00`` overflows once converted to UTC);
* tokens that are not short printable ASCII;
* bodies over the size limit, whatever ``Content-Length`` says (chunked bodies too).
"""

import base64
import hashlib
import hmac
import json
import math
import re
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# characters XML 1.0 cannot carry (NUL included, PostgreSQL cannot store it either)
XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# printable ASCII without spaces: API keys, tokens, signatures
TOKEN_RE = re.compile(r"^[\x21-\x7e]+$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_YEAR = 1900
MAX_YEAR = 2200
MAX_JSON_DEPTH = 32
READ_CHUNK = 64 * 1024
# query-string parameters that carry secrets and must never reach a log line
SECRET_PARAMS = ("token", "api_key", "hub.verify_token", "access_token", "key")


class InputError(ValueError):
    """An external value that is refused; ``status`` is the HTTP status to answer."""

    def __init__(self, field, message, status=400, code="invalid_payload"):
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message
        self.status = status
        self.code = code

    @property
    def description(self):
        return f"{self.field} {self.message}" if self.field else self.message


class BodyTooLarge(InputError):
    def __init__(self, limit):
        super().__init__(
            "", f"the request body is larger than {limit} bytes", 413, "payload_too_large"
        )
        self.limit = limit


# ---------------------------------------------------------------------------
# text
# ---------------------------------------------------------------------------
def has_invalid_chars(text):
    return bool(XML_INVALID_RE.search(text))


def xml_safe(text):
    """``text`` without the characters XML 1.0 cannot carry (for output)."""
    if text is None:
        return ""
    return XML_INVALID_RE.sub("", str(text))


def check_text(value, field, max_len=255, required=False, multiline=True):
    """A clean, stripped string; ``""`` for ``None``/missing.

    Refuses a non-string (numbers, booleans, lists, objects), NUL and other characters
    PostgreSQL or XML cannot hold, line breaks when ``multiline`` is false, and more
    than ``max_len`` characters.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InputError(field, "must be a text")
    if has_invalid_chars(value):
        raise InputError(field, "contains characters that are not allowed")
    value = value.strip()
    if not multiline and ("\n" in value or "\r" in value):
        raise InputError(field, "must be a single line")
    if len(value) > max_len:
        raise InputError(field, f"is longer than {max_len} characters")
    if required and not value:
        raise InputError(field, "is required")
    return value


def check_scalar_text(value, field, max_len=255):
    """Text, or a number given as JSON number (ids, phone numbers); never bool/list/dict."""
    if isinstance(value, bool) or isinstance(value, list | tuple | dict):
        raise InputError(field, "must be a text")
    if isinstance(value, int):
        value = str(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(field, "must be a text")
        value = repr(value)
    return check_text(value, field, max_len, multiline=False)


def check_email(value, field="email"):
    value = check_text(value, field, 254, multiline=False)
    if value and not EMAIL_RE.match(value):
        raise InputError(field, "is not a valid e-mail address")
    return value


def check_url(value, field, max_len=2000):
    value = check_text(value, field, max_len, multiline=False)
    if value and (not re.match(r"^https?://[^\s/]+", value) or any(c.isspace() for c in value)):
        raise InputError(field, "must be an http(s) URL")
    return value


# ---------------------------------------------------------------------------
# numbers, dates
# ---------------------------------------------------------------------------
def check_number(value, field, low=None, high=None):
    """A finite float in ``[low, high]``; ``None`` for ``None``/``""``.

    Accepts a JSON number or its text; ``true``/``false``, lists and objects are not
    numbers.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InputError(field, "must be a number")
    if isinstance(value, str):
        if has_invalid_chars(value) or len(value) > 64:
            raise InputError(field, "must be a number")
        try:
            value = float(value.strip())
        except ValueError as exc:
            raise InputError(field, "must be a number") from exc
    try:
        value = float(value)
    except OverflowError as exc:  # huge JSON integers
        raise InputError(field, "is out of range") from exc
    if not math.isfinite(value):
        raise InputError(field, "must be a number")
    if (low is not None and value < low) or (high is not None and value > high):
        raise InputError(field, "is out of range")
    return value


def check_int(value, field, low=None, high=None):
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InputError(field, "must be an integer")
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"[+-]?[0-9]{1,18}", text):
            raise InputError(field, "must be an integer")
        value = int(text)
    if (low is not None and value < low) or (high is not None and value > high):
        raise InputError(field, "is out of range")
    return value


def form_id(value):
    """The record id a web form posts (``"12"``); 0 when it is empty or not a positive
    integer (the caller then treats it as "nothing chosen")."""
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        return 0
    return max(number, 0)


def _check_year(value, field):
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise InputError(field, "is out of range")
    return value


def check_datetime(value, field):
    """W3C / ISO 8601 date-time (or date) -> naive UTC datetime; ``None`` when empty.

    Offsets are applied; a result outside years 1900-2200 (or one that overflows while
    converting to UTC) is refused.
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(field, "must be a W3C date-time text")
    text = check_text(value, field, 64, multiline=False)
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    if not text.isascii():
        raise InputError(field, "is not a valid W3C date-time")
    try:
        parsed = datetime.fromisoformat(text)
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    except (ValueError, OverflowError) as exc:
        raise InputError(field, "is not a valid W3C date-time") from exc
    return _check_year(parsed, field)


def check_epoch_or_datetime(value, field):
    """A UNIX timestamp (number) or a W3C date-time text -> naive UTC datetime."""
    if value is None or value == "" or value is False:
        return None
    if isinstance(value, bool):
        raise InputError(field, "must be a date-time")
    if isinstance(value, int | float):
        try:
            if not math.isfinite(value):
                raise ValueError(value)
            stamp = datetime.fromtimestamp(float(value), tz=timezone.utc).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError) as exc:
            raise InputError(field, "is out of range") from exc
        return _check_year(stamp, field)
    return check_datetime(value, field)


# ---------------------------------------------------------------------------
# tokens and signatures
# ---------------------------------------------------------------------------
def check_token(value, max_len=256):
    """The token if it is printable ASCII of at most ``max_len`` chars, else ``None``."""
    if not isinstance(value, str) or not value or len(value) > max_len:
        return None
    if not TOKEN_RE.match(value):
        return None
    return value


def bearer_token(authorization, fallback="", max_len=256):
    """Token of an ``Authorization: Bearer <token>`` header, else ``fallback`` (a token sent
    another way: header or query parameter); checked with :func:`check_token`."""
    auth = authorization or ""
    if auth[:7].lower() == "bearer ":
        return check_token(auth[7:].strip(), max_len)
    return check_token((fallback or "").strip(), max_len)


def _as_bytes(value):
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return None


def tokens_equal(given, expected):
    """Constant-time comparison that never raises: odd input is simply not equal."""
    a, b = _as_bytes(given), _as_bytes(expected)
    if a is None or b is None or not b:
        return False
    return hmac.compare_digest(a, b)


def code_matches(code, expected):
    """Whether ``code`` as typed by a citizen (spaces and case ignored) is the verification
    code ``expected``; never raises, odd input (not a short printable token) never matches."""
    code = check_token((code or "").strip().upper(), 32) if isinstance(code, str) else None
    return bool(code) and tokens_equal(code, (expected or "").upper())


def meta_signature_valid(app_secret, body, header):
    """Meta (WhatsApp Cloud API) ``X-Hub-Signature-256: sha256=<hex hmac of the body>``."""
    if not app_secret or not isinstance(header, str) or not header.startswith("sha256="):
        return False
    expected = hmac.new(_as_bytes(app_secret), body or b"", hashlib.sha256).hexdigest()
    return tokens_equal(header[7:].strip().lower(), expected)


def twilio_signature(auth_token, url, params):
    """Twilio ``X-Twilio-Signature``: base64 HMAC-SHA1 of the URL + sorted POST params."""
    data = url + "".join(f"{key}{params[key]}" for key in sorted(params))
    digest = hmac.new(_as_bytes(auth_token), _as_bytes(data), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def twilio_signature_valid(auth_token, url, params, header):
    if not auth_token or not isinstance(header, str) or not header:
        return False
    return tokens_equal(header.strip(), twilio_signature(auth_token, url, params))


def redact_secrets(text):
    """``text`` (a URL or a log line) with the values of secret query parameters hidden."""

    def _sub(match):
        return f"{match.group(1)}=***"

    names = "|".join(re.escape(p) for p in SECRET_PARAMS)
    return re.sub(rf"(?<=[?&;])({names})=[^&\s\"';]*", _sub, text)


def redact_url(url):
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [(k, "***" if k in SECRET_PARAMS else v) for k, v in parse_qsl(parts.query, True)]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*")))


# ---------------------------------------------------------------------------
# bodies
# ---------------------------------------------------------------------------
def read_capped(stream, limit):
    """Read at most ``limit`` bytes from ``stream``; :class:`BodyTooLarge` beyond.

    Does not trust ``Content-Length``: a chunked body is counted while it is read.
    """
    chunks, size = [], 0
    while True:
        chunk = stream.read(min(READ_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
    return b"".join(chunks)


def _reject_constant(name):
    raise ValueError(f"{name} is not valid JSON")


def _depth_ok(value, depth=0):
    if depth > MAX_JSON_DEPTH:
        return False
    if isinstance(value, dict):
        return all(_depth_ok(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return all(_depth_ok(v, depth + 1) for v in value)
    return True


def parse_json(raw, field="body"):
    """Decode a JSON body (bytes); refuses invalid UTF-8, NaN/Infinity, deep nesting."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(field, "is not valid UTF-8") from exc
    try:
        value = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise InputError(field, "is not valid JSON") from exc
    if not _depth_ok(value):
        raise InputError(field, "is nested too deeply")
    return value


def check_object(value, field="body"):
    if not isinstance(value, dict):
        raise InputError(field, "must be a JSON object")
    return value


def check_keys(params, field="parameters"):
    """Every key of a dict is short clean text (query/form/JSON parameter names)."""
    for key in params:
        if not isinstance(key, str) or len(key) > 200 or has_invalid_chars(key):
            raise InputError(field, "contain a name that is not allowed")
    return params


def safe_json_dumps(value, limit=None):
    """JSON text PostgreSQL can store: readable accents, but escaped lone surrogates."""
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(value, ensure_ascii=True)
    return text[:limit] if limit else text
