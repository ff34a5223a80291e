"""Pure-Python tests of citizen_service/tools/open311.py (GeoReport v2, inbound payloads)."""

import base64
import json
import pathlib
from datetime import datetime
from xml.etree import ElementTree

import pytest
from conftest import ADDONS, load_addon_module

o311 = load_addon_module("citizen_service", "tools/open311.py")
PAYLOADS = ADDONS / "citizen_service" / "tests" / "payloads"

DEFINITION = [
    {"name": "pole_number", "string": "Pole number", "type": "char", "required": True},
    {"name": "lamps_off", "string": "Lamps off", "type": "integer"},
    {"name": "height", "string": "Height", "type": "float"},
    {"name": "lit_by_day", "string": "Lit by day", "type": "boolean"},
    {
        "name": "kind",
        "string": "Kind",
        "type": "selection",
        "selection": [["sodium", "Vapor de sodio"], ["led", "LED"]],
    },
    {"name": "tags", "string": "Tags", "type": "tags", "tags": [["a", "A", 1], ["b", "B", 2]]},
    {"name": "seen", "string": "Seen", "type": "datetime"},
    {"name": "zone", "string": "Zone", "type": "many2one", "comodel": "citizen.colonia"},
]


def payload(name):
    return json.loads((PAYLOADS / name).read_text(encoding="utf-8"))


# --------------------------------------------------------------- formats
def test_split_format():
    assert o311.split_format("services.json") == ("services", "json")
    assert o311.split_format("OP-LAMPARA APAGADA.XML") == ("OP-LAMPARA APAGADA", "xml")
    assert o311.split_format("AP.1.json") == ("AP.1", "json")
    assert o311.split_format("26000001") == ("26000001", "json")
    with pytest.raises(o311.Open311Error) as err:
        o311.split_format("requests.csv")
    assert err.value.code == 404


def test_errors_payload_json_and_xml():
    body, mimetype = o311.errors_payload([(400, "service_code was not provided")])
    assert mimetype.startswith("application/json")
    assert json.loads(body) == [{"code": 400, "description": "service_code was not provided"}]
    body, mimetype = o311.errors_payload([o311.Open311Error(403, "api_key <bad> & wrong")], "xml")
    assert mimetype.startswith("text/xml")
    root = ElementTree.fromstring(body)
    assert root.tag == "errors"
    assert root.find("error/code").text == "403"
    assert root.find("error/description").text == "api_key <bad> & wrong"


def test_services_xml_matches_specification_shape():
    items = [o311.service_item("001", "Cans left out 24x7", "Garbage", "sanitation", "lorem")]
    root = ElementTree.fromstring(o311.to_xml("services", items))
    service = root.find("service")
    assert service.findtext("service_code") == "001"
    assert service.findtext("metadata") == "false"
    assert service.findtext("type") == "realtime"
    assert service.findtext("group") == "sanitation"


def test_service_definition_attributes():
    definition = o311.service_definition("OP-LAMPARA", DEFINITION)
    attrs = {a["code"]: a for a in definition["attributes"]}
    assert "zone" not in attrs  # relational properties are not exposed
    assert attrs["pole_number"]["datatype"] == "string"
    assert attrs["pole_number"]["required"] is True
    assert attrs["lamps_off"]["datatype"] == "number"
    assert attrs["lit_by_day"]["datatype"] == "singlevaluelist"
    assert attrs["kind"]["values"][1] == {"key": "led", "name": "LED"}
    assert attrs["tags"]["datatype"] == "multivaluelist"
    assert attrs["seen"]["datatype"] == "datetime"
    root = ElementTree.fromstring(o311.to_xml("service_definition", definition))
    values = root.findall("attributes/attribute/values/value")
    assert [v.findtext("key") for v in values][:2] == ["true", "false"]


# --------------------------------------------------------------- attributes
def test_attributes_from_form_and_json():
    params = {
        "attribute[pole_number]": "P-1",
        "attribute[tags][]": ["a", "b"],
        "attributes": {"kind": "led"},
        "service_code": "x",
    }
    assert o311.attributes_from_params(params) == {
        "pole_number": "P-1",
        "tags": ["a", "b"],
        "kind": "led",
    }


def test_attributes_to_properties_valid():
    raw = {
        "pole_number": "P-1",
        "lamps_off": "3",
        "height": "7.5",
        "lit_by_day": "true",
        "kind": "led",
        "tags": "a,b",
        "seen": "2026-11-20T21:30:00-06:00",
    }
    props = o311.attributes_to_properties(DEFINITION, raw)
    assert props == {
        "pole_number": "P-1",
        "lamps_off": 3,
        "height": 7.5,
        "lit_by_day": True,
        "kind": "led",
        "tags": ["a", "b"],
        "seen": "2026-11-21 03:30:00",
    }


@pytest.mark.parametrize(
    "raw",
    [
        {},  # required pole_number missing
        {"pole_number": "P", "lamps_off": "many"},
        {"pole_number": "P", "lit_by_day": "maybe"},
        {"pole_number": "P", "kind": "neon"},
        {"pole_number": "P", "tags": ["z"]},
        {"pole_number": "P", "seen": "yesterday"},
        {"pole_number": "x" * 4001},
    ],
)
def test_attributes_to_properties_invalid(raw):
    with pytest.raises(o311.Open311Error) as err:
        o311.attributes_to_properties(DEFINITION, raw)
    assert err.value.code == 400
    assert err.value.description.startswith("attribute[")


# --------------------------------------------------------------- POST / GET requests
def test_validate_post_request_recorded_payload():
    clean = o311.validate_post_request(payload("open311_post_request.json"))
    assert clean["service_code"] == "OM-LAMPARA"
    assert clean["lat"] == pytest.approx(21.1222)
    assert clean["long"] == pytest.approx(-101.6843)
    assert clean["attributes"]["kind"] == "sodium"
    assert clean["email"] == "lupita.hernandez@example.com"


@pytest.mark.parametrize(
    "params",
    [
        {"lat": "1", "long": "1"},
        {"service_code": "A"},
        {"service_code": "A", "lat": "1"},
        {"service_code": "A", "lat": "x", "long": "1"},
        {"service_code": "A", "lat": "91", "long": "1"},
        {"service_code": "A", "lat": "nan", "long": "1"},
        {"service_code": "A", "address_string": "x", "email": "bad"},
        {"service_code": "A", "address_string": "x", "description": "d" * 4001},
        {"service_code": "A", "address_string": "x", "media_url": "javascript:alert(1)"},
    ],
)
def test_validate_post_request_errors(params):
    with pytest.raises(o311.Open311Error) as err:
        o311.validate_post_request(params)
    assert err.value.code == 400


def test_validate_post_request_address_only():
    clean = o311.validate_post_request({"service_code": "A", "address_id": "123"})
    assert clean["lat"] is None and clean["address_id"] == "123"


def test_validate_get_requests():
    clean = o311.validate_get_requests(
        {
            "service_request_id": "26000001, 26000002",
            "service_code": "OP-BACHE",
            "start_date": "2026-11-01T00:00:00Z",
            "end_date": "2026-11-20T12:00:00-06:00",
            "status": "open,closed",
        }
    )
    assert clean["ids"] == ["26000001", "26000002"]
    assert clean["start_date"] == datetime(2026, 11, 1)
    assert clean["end_date"] == datetime(2026, 11, 20, 18, 0)
    assert clean["status"] == ["open", "closed"]
    for bad in ({"status": "pending"}, {"start_date": "ayer"}):
        with pytest.raises(o311.Open311Error):
            o311.validate_get_requests(bad)


def test_status_and_dates():
    assert o311.status_of("captured") == "open"
    assert o311.status_of("in_process") == "open"
    for state in ("finished", "cancelled", "not_viable"):
        assert o311.status_of(state) == "closed"
    assert o311.w3c_datetime(datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02T03:04:05+00:00"
    assert o311.w3c_datetime(None) is None


# --------------------------------------------------------------- inbound messages
def test_whatsapp_number_normalisation():
    assert o311.normalize_whatsapp_number("5214771234567") == "+524771234567"
    assert o311.normalize_whatsapp_number("524771234567") == "+524771234567"
    assert o311.normalize_whatsapp_number("34628783494") == "+34628783494"
    assert o311.normalize_whatsapp_number("") == ""


def test_parse_whatsapp_cloud_recorded_payloads():
    [text] = o311.parse_inbound(payload("whatsapp_cloud_text.json"))
    assert text["message_id"].startswith("wamid.")
    assert text["from"] == "+524779912345"
    assert text["name"] == "María Guadalupe Hernández"
    assert "lámpara apagada" in text["text"]
    [loc] = o311.parse_inbound(payload("whatsapp_cloud_location.json"))
    assert (loc["latitude"], loc["longitude"]) == (21.1236, -101.6824)
    assert "Bache" in loc["text"]
    [img] = o311.parse_inbound(payload("whatsapp_cloud_image.json"))
    assert img["media"][0]["media_id"] == "1234567890123456"
    assert img["media"][0]["mimetype"] == "image/jpeg"
    assert img["text"].startswith("Bache")
    assert o311.parse_inbound(payload("whatsapp_cloud_status.json")) == []


def test_parse_generic_and_sms():
    [sms] = o311.parse_inbound(payload("sms_twilio_form.json"))
    assert sms["message_id"] == "SM1f0e8ae6ade43cb3c0ce4525424e404f"
    assert sms["from"] == "+524779876543"
    [chat] = o311.parse_inbound(payload("chatbot_report_media.json"))
    assert chat["latitude"] == 21.129
    assert len(chat["media"]) == 2
    with pytest.raises(ValueError):
        o311.parse_inbound(["not", "an", "object"])


def test_decode_media_limits():
    assert o311.decode_media(base64.b64encode(b"hola").decode()) == b"hola"
    with pytest.raises(ValueError, match="invalid"):
        o311.decode_media("***")
    big = base64.b64encode(b"0" * (o311.MAX_MEDIA_BYTES + 1)).decode()
    with pytest.raises(ValueError, match="too_large"):
        o311.decode_media(big)


def test_question_detection_and_keywords():
    assert o311.looks_like_question("¿Dónde pago el predial?")
    assert o311.looks_like_question("Horario de la tesorería")
    assert not o311.looks_like_question("Hay una lámpara apagada en Madero")
    words = o311.keywords("¿Dónde pago el Predial?")
    assert words == ["pago", "predial"]
    assert o311.score(words, "Tesorería: pago de PREDIAL") == 2


# --------------------------------------------------------------- rate limit
def test_rate_limiter_fixed_window():
    now = [1000.0 * 60]
    limiter = o311.RateLimiter(clock=lambda: now[0])
    assert limiter.hit("k", 2) == (True, 0)
    assert limiter.hit("k", 2) == (True, 0)
    allowed, retry = limiter.hit("k", 2)
    assert not allowed and 1 <= retry <= 60
    assert limiter.hit("other", 2) == (True, 0)
    now[0] += 60  # next minute
    assert limiter.hit("k", 2) == (True, 0)
    assert all(limiter.hit("k", 0)[0] for _ in range(100))  # 0 = unlimited


def test_module_does_not_import_odoo():
    source = pathlib.Path(o311.__file__).read_text()
    assert "import odoo" not in source and "from odoo" not in source
