"""Property-based tests through HTTP (hypothesis + HttpCase) for each public endpoint.

Arbitrary JSON and form payloads (hostile strings, wrong JSON types, huge numbers,
out-of-range dates, nested junk) never get a 5xx, and a refused request (4xx) leaves
the record counts unchanged. Each test logs how many requests it tried and how many
answered 5xx ("fuzz <endpoint>: N requests, M answered 5xx").
"""

import json
import logging

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import HttpCase, tagged

_logger = logging.getLogger(__name__)

EXAMPLES = 40
NASTY = st.sampled_from(
    [
        "\x00",
        "a\x00b",
        "\x07\x0b\x1b",
        "\ud800",
        "\ufffe",
        "9999-12-31T23:59:59-12:00",
        "0001-01-01T00:00:00+14:00",
        "2026-02-30T00:00:00Z",
        "NaN",
        "-Infinity",
        "1e309",
        "' OR '1'='1",
        "<script>alert(1)</script>",
        "]]><x>",
        "%00",
        "x" * 5000,
        "",
        " ",
        "OP-BACHE",
        "0000001",
        "477 555 0101",
        "+524775550101",
        "https://example.org/a.jpg",
        "javascript:alert(1)",
        "ümlaut ñandú 漢字 🙂",
    ]
)
TEXT = st.one_of(NASTY, st.text(max_size=40))
SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXT,
)
JSON = st.recursive(
    SCALAR,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.one_of(TEXT, st.sampled_from(["text", "lat", "location"])), children, max_size=3
        )
    ),
    max_leaves=8,
)
FORM_TEXT = st.one_of(
    NASTY.filter(lambda s: "\ud800" not in s),
    st.text(max_size=40).filter(lambda s: s.isprintable() or not s),
)
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def fields_dict(keys, values, junk_keys=None):
    """Objects mixing known field names (so validation is reached) and junk keys."""
    junk = junk_keys if junk_keys is not None else TEXT
    return st.dictionaries(st.one_of(st.sampled_from(keys), junk), values, max_size=len(keys) + 2)


@tagged("post_install", "-at_install")
class TestFuzzEndpoints(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        team = env["helpdesk.ticket.team"].create({"name": "Fuzz Obra Pública"})
        env["helpdesk.ticket.category"].create(
            {"name": "Bache (fuzz)", "code": "FZ-BACHE", "team_id": team.id}
        )
        Client = env["citizen.api.client"]
        cls.open311 = Client.create(
            {
                "name": "Fuzz Open311",
                "channel_id": env.ref("citizen_service.channel_open311").id,
                "rate_limit": 0,
            }
        )
        cls.open311_key = cls.open311._generate_api_key()
        cls.bot = Client.create(
            {
                "name": "Fuzz bot",
                "provider": "chatbot",
                "rate_limit": 0,
                "channel_id": env.ref("citizen_service.channel_chatbot").id,
            }
        )
        cls.bot_key = cls.bot._generate_api_key()
        cls.wa = Client.create(
            {
                "name": "Fuzz WA",
                "provider": "whatsapp",
                "rate_limit": 0,
                "channel_id": env.ref("citizen_service.channel_whatsapp").id,
            }
        )
        cls.wa_key = cls.wa._generate_api_key()
        cls.sms = Client.create(
            {
                "name": "Fuzz SMS",
                "provider": "sms",
                "rate_limit": 0,
                "channel_id": env.ref("citizen_service.channel_sms").id,
            }
        )
        cls.sms_key = cls.sms._generate_api_key()
        env["ir.config_parameter"].sudo().set_param("citizen_service.folio_lookup_per_minute", "0")

    def counts(self):
        env = self.env
        env.invalidate_all()
        return (
            env["helpdesk.ticket"].sudo().with_context(active_test=False).search_count([]),
            env["res.partner"].sudo().with_context(active_test=False).search_count([]),
            env["citizen.inbound.message"].sudo().search_count([]),
            env["ir.attachment"].sudo().search_count([("res_model", "=", "helpdesk.ticket")]),
        )

    def fuzz(self, name, strategy, send):
        stats = {"tried": 0, "5xx": 0, "4xx": 0}
        failures = []

        @FUZZ_SETTINGS
        @given(strategy)
        def run(payload):
            before = self.counts()
            response = send(payload)
            stats["tried"] += 1
            if response.status_code >= 500:
                stats["5xx"] += 1
                failures.append((payload, response.status_code, response.text[:300]))
            elif response.status_code >= 400:
                stats["4xx"] += 1
                after = self.counts()
                if after != before:
                    failures.append((payload, "refused but wrote", before, after))

        run()
        _logger.info(
            "fuzz %s: %d requests, %d answered 5xx, %d refused (4xx)",
            name,
            stats["tried"],
            stats["5xx"],
            stats["4xx"],
        )
        self.assertFalse(failures, failures[:3])
        return stats

    def post_json(self, url, payload, headers=None):
        hdrs = {"Content-Type": "application/json"}
        hdrs.update(headers or {})
        return self.url_open(url, data=json.dumps(payload), headers=hdrs)

    # ------------------------------------------------------------------ Open311
    def test_fuzz_open311_post_json(self):
        keys = [
            "service_code",
            "lat",
            "long",
            "address_string",
            "address_id",
            "email",
            "first_name",
            "last_name",
            "phone",
            "description",
            "media_url",
            "attribute[x]",
            "attributes",
            "jurisdiction_id",
            "device_id",
            "account_id",
        ]
        strategy = st.tuples(fields_dict(keys, JSON), st.booleans(), st.booleans())

        def send(args):
            # most requests pass authentication, petition and location, so the fuzzed
            # fields reach the validation of every parameter and the intake
            payload, with_code, with_address = args
            payload = dict(payload, api_key=self.open311_key)
            if with_code:
                payload["service_code"] = "FZ-BACHE"
            if with_address:
                payload.setdefault("address_string", "Calle Madero 214")
            return self.post_json("/open311/v2/requests.json", payload)

        self.fuzz("POST /open311/v2/requests.json (JSON)", strategy, send)

    def test_fuzz_open311_post_form_xml(self):
        keys = [
            "service_code",
            "lat",
            "long",
            "address_string",
            "email",
            "phone",
            "description",
            "media_url",
            "attribute[x][]",
            "api_key",
        ]

        def send(payload):
            data = {"service_code": "FZ-BACHE", "address_string": "Calle Madero 214"}
            data.update(payload)
            data["api_key"] = self.open311_key
            return self.url_open("/open311/v2/requests.xml", data=data)

        self.fuzz(
            "POST /open311/v2/requests.xml (form)", fields_dict(keys, FORM_TEXT, FORM_TEXT), send
        )

    def test_fuzz_open311_get(self):
        keys = [
            "service_request_id",
            "service_code",
            "start_date",
            "end_date",
            "status",
            "jurisdiction_id",
            "api_key",
        ]

        def send(args):
            params, fmt = args
            return self.opener.get(
                self.base_url() + f"/open311/v2/requests.{fmt}", params=params, timeout=60
            )

        self.fuzz(
            "GET /open311/v2/requests.{json,xml}",
            st.tuples(fields_dict(keys, FORM_TEXT, FORM_TEXT), st.sampled_from(["json", "xml"])),
            send,
        )

    def test_fuzz_open311_request_by_id_and_services(self):
        def send(args):
            name, method = args
            from urllib.parse import quote

            url = f"/open311/v2/{'requests' if method != 'SVC' else 'services'}/{quote(name, safe='')}"
            verb = "GET" if method == "SVC" else method
            return self.opener.request(verb, self.base_url() + url, timeout=60)

        self.fuzz(
            "GET/PUT/DELETE /open311/v2/requests/<id> and services/<code>",
            st.tuples(
                FORM_TEXT.filter(lambda s: s not in ("", ".", "..")),
                st.sampled_from(["GET", "PUT", "DELETE", "SVC"]),
            ),
            send,
        )

    # ------------------------------------------------------------------ webhooks
    def test_fuzz_webhook_generic_json(self):
        keys = [
            "message_id",
            "from",
            "name",
            "text",
            "location",
            "media",
            "intent",
            "service_code",
            "phone",
            "id",
            "MessageSid",
        ]

        def send(payload):
            if isinstance(payload, dict):
                payload = {"message_id": str(len(str(payload))), "from": "477 555 0123", **payload}
            return self.post_json(
                "/citizen/webhook/chatbot", payload, {"Authorization": f"Bearer {self.bot_key}"}
            )

        self.fuzz(
            "POST /citizen/webhook/chatbot (JSON)", st.one_of(fields_dict(keys, JSON), JSON), send
        )

    def test_fuzz_webhook_whatsapp_cloud(self):
        message = fields_dict(
            [
                "id",
                "from",
                "type",
                "text",
                "location",
                "image",
                "interactive",
                "button",
                "timestamp",
            ],
            JSON,
        )
        value = st.fixed_dictionaries(
            {
                "messages": st.one_of(st.lists(message, max_size=2), JSON),
                "contacts": st.one_of(st.lists(JSON, max_size=2), JSON),
            }
        )
        payload = st.fixed_dictionaries(
            {
                "object": st.just("whatsapp_business_account"),
                "entry": st.one_of(
                    st.lists(
                        st.fixed_dictionaries(
                            {
                                "changes": st.lists(
                                    st.fixed_dictionaries({"value": value}), max_size=2
                                )
                            }
                        ),
                        max_size=2,
                    ),
                    JSON,
                ),
            }
        )

        def send(body):
            return self.post_json(
                "/citizen/webhook/whatsapp", body, {"Authorization": f"Bearer {self.wa_key}"}
            )

        self.fuzz("POST /citizen/webhook/whatsapp (Cloud API JSON)", payload, send)

    def test_fuzz_webhook_sms_form(self):
        keys = [
            "MessageSid",
            "From",
            "Body",
            "NumMedia",
            "MediaUrl0",
            "MediaContentType0",
            "Latitude",
            "Longitude",
            "ProfileName",
        ]

        def send(form):
            form = {"MessageSid": "SM" + str(len(str(form))), "From": "+524775550123", **form}
            return self.url_open(
                "/citizen/webhook/sms",
                data=form,
                headers={"Authorization": f"Bearer {self.sms_key}"},
            )

        self.fuzz(
            "POST /citizen/webhook/sms (Twilio form)", fields_dict(keys, FORM_TEXT, FORM_TEXT), send
        )

    # ------------------------------------------------------------------ folio lookup
    def test_fuzz_folio_lookup(self):
        from urllib.parse import quote

        from ..controllers.main import FOLIO_LIMITER

        def send(args):
            folio, code, as_json = args
            FOLIO_LIMITER._counts.clear()
            if as_json:
                return self.opener.get(
                    self.base_url() + f"/atencion/folio/{quote(folio or 'x', safe='')}/json",
                    params={"code": code},
                    timeout=60,
                )
            return self.opener.get(
                self.base_url() + "/atencion/folio",
                params={"folio": folio, "code": code},
                timeout=60,
            )

        self.fuzz(
            "GET /atencion/folio and /atencion/folio/<folio>/json",
            st.tuples(FORM_TEXT, FORM_TEXT, st.booleans()),
            send,
        )
