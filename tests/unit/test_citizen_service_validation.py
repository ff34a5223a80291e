"""The validation layer of every external input (citizen_service/tools/validation.py).

Example-based tests for the classes of input the issue lists, and hypothesis property
tests: whatever arrives, each check returns a clean value or raises ``InputError``
(never another exception), and what it returns can be stored by PostgreSQL and
serialised to XML.
"""

import base64
import hashlib
import hmac
import io
import json
import math
from datetime import datetime
from xml.etree import ElementTree

import pytest
from conftest import load_addon_module
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

v = load_addon_module("citizen_service", "tools/validation.py")
o311 = load_addon_module("citizen_service", "tools/open311.py")

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


def storable(text):
    """PostgreSQL (UTF-8, no NUL) and XML 1.0 can hold ``text``."""
    text.encode("utf-8")
    assert "\x00" not in text
    ElementTree.fromstring(f"<a>{o311._xml_value(text)}</a>")
    return True


# ------------------------------------------------------------------ examples
@pytest.mark.parametrize(
    "value",
    ["a\x00b", "bell\x07", "\ud800", "x\ufffe", 12, 1.5, True, [], {}, ["a"], {"a": 1}],
)
def test_check_text_refuses(value):
    with pytest.raises(v.InputError) as err:
        v.check_text(value, "description")
    assert err.value.status == 400 and err.value.field == "description"


def test_check_text_accepts_spanish_and_limits():
    assert v.check_text("  Bache en la Calle Ñandú \n", "d") == "Bache en la Calle Ñandú"
    assert v.check_text(None, "d") == ""
    with pytest.raises(v.InputError):
        v.check_text("x" * 11, "d", 10)
    with pytest.raises(v.InputError):
        v.check_text("a\nb", "d", multiline=False)
    with pytest.raises(v.InputError):
        v.check_text("", "d", required=True)


@pytest.mark.parametrize(
    "value", [True, False, [], {}, "x", "nan", "inf", float("nan"), float("inf"), "1" * 70, 10**400]
)
def test_check_number_refuses(value):
    with pytest.raises(v.InputError):
        v.check_number(value, "lat", -90, 90)


def test_check_number_accepts():
    assert v.check_number("21.12", "lat", -90, 90) == pytest.approx(21.12)
    assert v.check_number(-101, "long", -180, 180) == -101.0
    assert v.check_number(None, "lat") is None and v.check_number("", "lat") is None
    with pytest.raises(v.InputError):
        v.check_number(91, "lat", -90, 90)


@pytest.mark.parametrize(
    "value",
    [
        "9999-12-31T23:59:59-12:00",  # overflows once converted to UTC
        "0001-01-01T00:00:00+14:00",
        "1500-01-01T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "ayer",
        "２０２６-01-01",  # full-width digits
        "2026-01-01T00:00:00\x00",
        20260101,
        True,
        ["2026-01-01"],
    ],
)
def test_check_datetime_refuses(value):
    with pytest.raises(v.InputError):
        v.check_datetime(value, "start_date")


def test_check_datetime_converts_to_utc():
    assert v.check_datetime("2026-11-20T12:00:00-06:00", "d") == datetime(2026, 11, 20, 18)
    assert v.check_datetime("2026-11-01T00:00:00Z", "d") == datetime(2026, 11, 1)
    assert v.check_epoch_or_datetime(0, "t") is None or True  # epoch 1970 is valid
    assert v.check_epoch_or_datetime(1641484800, "t") == datetime(2022, 1, 6, 16, 0)
    for bad in (1e20, -1e20, float("nan"), True):
        with pytest.raises(v.InputError):
            v.check_epoch_or_datetime(bad, "t")


@pytest.mark.parametrize(
    "value", ["", "a b", "clé", "tok\x00en", "x" * 300, 123, None, ["t"], b"t"]
)
def test_check_token_refuses_odd_tokens(value):
    assert v.check_token(value) is None


def test_tokens_equal_never_raises():
    assert v.tokens_equal("abc", "abc")
    assert v.tokens_equal(b"abc", "abc")
    assert not v.tokens_equal("abc", "abd")
    for odd in (None, 1, ["abc"], {"a": 1}, "ábc", "\ud800", ""):
        assert not v.tokens_equal(odd, "abc")
    assert not v.tokens_equal("abc", "")


def test_code_matches_as_typed():
    assert v.code_matches("ab2c3d4e", "AB2C3D4E")
    assert v.code_matches("  AB2C3D4E ", "ab2c3d4e")
    assert not v.code_matches("AB2C3D4F", "AB2C3D4E")
    for odd in (None, "", 1, ["AB2C3D4E"], "é" * 8, "\x00", "A" * 33, "AB2C 3D4E"):
        assert not v.code_matches(odd, "AB2C3D4E")
    # a report without a code is never verified
    assert not v.code_matches("AB2C3D4E", None)
    assert not v.code_matches("AB2C3D4E", "")


def test_read_capped_does_not_trust_content_length():
    assert v.read_capped(io.BytesIO(b"x" * 100), 100) == b"x" * 100
    with pytest.raises(v.BodyTooLarge) as err:
        v.read_capped(io.BytesIO(b"x" * 101), 100)
    assert err.value.status == 413
    # a long "chunked" stream is not read past the cap
    stream = io.BytesIO(b"y" * 10_000_000)
    with pytest.raises(v.BodyTooLarge):
        v.read_capped(stream, 1000)
    assert stream.tell() <= 1000 + v.READ_CHUNK


@pytest.mark.parametrize(
    "raw",
    [
        b"\xff\xfe",
        b"{",
        b"NaN",
        b'{"a": Infinity}',
        b"[" * 5000 + b"]" * 5000,
        b"[" * 40 + b"]" * 40,
    ],
)
def test_parse_json_refuses(raw):
    with pytest.raises(v.InputError):
        v.parse_json(raw)


def test_meta_signature():
    body = b'{"object": "whatsapp_business_account"}'
    good = "sha256=" + hmac.new(b"app-secret", body, hashlib.sha256).hexdigest()
    assert v.meta_signature_valid("app-secret", body, good)
    assert not v.meta_signature_valid("app-secret", body + b" ", good)
    for odd in (None, "", "sha1=abc", "sha256=ñ", "sha256=" + "0" * 64, 5):
        assert not v.meta_signature_valid("app-secret", body, odd)


def test_twilio_signature_documented_example():
    # example of https://www.twilio.com/docs/usage/security#validating-requests
    url = "https://example.com/myapp.php?foo=1&bar=2"
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Caller": "+12349013030",
        "Digits": "1234",
        "From": "+12349013030",
        "To": "+18005551212",
    }
    token = "12345"
    expected = base64.b64encode(
        hmac.new(
            token.encode(),
            (url + "".join(k + params[k] for k in sorted(params))).encode(),
            hashlib.sha1,
        ).digest()
    ).decode()
    assert v.twilio_signature(token, url, params) == expected
    assert v.twilio_signature_valid(token, url, params, expected)
    assert not v.twilio_signature_valid(token, url, dict(params, Digits="0"), expected)
    assert not v.twilio_signature_valid(token, url, params, None)


def test_redact_secrets():
    line = '127.0.0.1 "POST /citizen/webhook/sms?token=cs_SECRET&x=1 HTTP/1.1" 200'
    assert "cs_SECRET" not in v.redact_secrets(line)
    assert "x=1" in v.redact_secrets(line)
    line = "GET /citizen/webhook/whatsapp?hub.mode=subscribe&hub.verify_token=cs_S2&hub.challenge=9"
    assert "cs_S2" not in v.redact_secrets(line)
    assert "api_key=***" in v.redact_secrets("/open311/v2/requests.json?api_key=k1")
    assert v.redact_url("https://a/b?token=abc&y=2") == "https://a/b?token=***&y=2"


def test_xml_safe_output():
    assert v.xml_safe("Calle\x0b 5\x00") == "Calle 5"
    body, _mime = o311.serialize("service_requests", [{"address": "Calle\x0b 5 \ud800"}], "xml")
    ElementTree.fromstring(body.encode("utf-8", "surrogatepass"))


def test_clean_message_types():
    good = {"message_id": 12, "from": "+524771234567", "name": "Ana", "text": "Bache", "media": []}
    assert o311.clean_message(good)["message_id"] == "12"
    for bad in (
        dict(good, text=["a"]),
        dict(good, name={"x": 1}),
        dict(good, message_id=True),
        dict(good, text="a\x00"),
        dict(good, media="x"),
        dict(good, media=[{"data": 5}]),
        dict(good, media=[{"url": "javascript:x"}]),
    ):
        with pytest.raises(v.InputError):
            o311.clean_message(bad)
    with pytest.raises(v.InputError):
        o311.parse_inbound({"from": "1", "location": {"lat": True, "long": 1}})
    with pytest.raises(v.InputError) as err:
        o311.clean_message(dict(good, text="x" * (o311.MAX_TEXT + 1)))
    assert err.value.status == 413


def test_open311_post_refuses_wrong_types():
    base = {"service_code": "OP-BACHE", "address_string": "Madero 214"}
    assert o311.validate_post_request(dict(base, phone=4771234567))["phone"] == "4771234567"
    for bad in (
        {"lat": True, "long": 1},
        {"lat": [1], "long": 1},
        {"description": 12},
        {"description": {"a": 1}},
        {"first_name": ["Ana"]},
        {"address_string": "Madero\x00"},
        {"email": 5},
        {"attributes": ["x"]},
    ):
        with pytest.raises(o311.Open311Error) as err:
            o311.validate_post_request(dict(base, **bad))
        assert err.value.code == 400
    with pytest.raises(o311.Open311Error):
        o311.validate_get_requests({"start_date": "9999-12-31T23:59:59-12:00"})


# ------------------------------------------------------------------ properties
@SETTINGS
@given(json_values)
def test_property_check_text_returns_storable_or_refuses(value):
    try:
        clean = v.check_text(value, "f", 100)
    except v.InputError as err:
        assert 400 <= err.status < 500
        return
    assert isinstance(clean, str) and len(clean) <= 100 and storable(clean)


@SETTINGS
@given(json_values)
def test_property_check_number_is_finite_in_range_or_refuses(value):
    try:
        clean = v.check_number(value, "lat", -90, 90)
    except v.InputError:
        return
    assert clean is None or (math.isfinite(clean) and -90 <= clean <= 90)
    assert not isinstance(value, bool)


@SETTINGS
@given(st.one_of(json_values, st.datetimes().map(lambda d: d.isoformat() + "-12:00")))
def test_property_check_datetime_in_range_or_refuses(value):
    try:
        clean = v.check_datetime(value, "d")
    except v.InputError:
        return
    assert clean is None or (v.MIN_YEAR <= clean.year <= v.MAX_YEAR and clean.tzinfo is None)


@SETTINGS
@given(st.one_of(json_values, st.binary()), st.one_of(json_values, st.binary()))
def test_property_tokens_equal_never_raises(a, b):
    assert v.tokens_equal(a, b) in (True, False)
    token = v.check_token(a)
    assert token is None or (token.isascii() and token.isprintable() and " " not in token)


@SETTINGS
@given(st.binary(max_size=2000))
def test_property_parse_json_never_raises_anything_else(raw):
    try:
        v.parse_json(raw)
    except v.InputError:
        pass


@SETTINGS
@given(st.dictionaries(st.text(max_size=20), json_values, max_size=12))
def test_property_open311_post_validation(params):
    params = dict(params)
    try:
        clean = o311.validate_post_request(params)
    except o311.Open311Error as err:
        assert 400 <= err.code < 500
        return
    for key in ("service_code", "description", "address_string", "email", "phone"):
        assert isinstance(clean[key], str) and storable(clean[key])


@SETTINGS
@given(json_values)
def test_property_inbound_payloads(payload):
    try:
        messages = o311.parse_inbound(payload)
    except v.InputError as err:
        assert 400 <= err.status < 500
        return
    for message in messages:
        for key in ("message_id", "from", "name", "text"):
            assert isinstance(message[key], str) and storable(message[key])


@SETTINGS
@given(json_values)
def test_property_xml_output_always_parses(value):
    body, _mime = o311.serialize("service_requests", [{"description": value}], "xml")
    ElementTree.fromstring(body.encode("utf-8", "surrogatepass"))
    json.loads(o311.serialize("errors", [{"description": value}], "json")[0])


def test_tools_do_not_import_odoo():
    import pathlib

    folder = pathlib.Path(v.__file__).parent
    for name in ("validation", "messaging", "text_match", "ratelimit", "open311", "phone"):
        source = (folder / f"{name}.py").read_text()
        assert "import odoo" not in source and "from odoo" not in source, name


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (7, 7), ("", 0), (None, 0), ("abc", 0), ("1.5", 0), ("-3", 0), ([], 0)],
)
def test_form_id(value, expected):
    assert v.form_id(value) == expected
