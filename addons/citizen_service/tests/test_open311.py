import json
from pathlib import Path
from xml.etree import ElementTree

from odoo.tests import HttpCase, tagged

PAYLOADS = Path(__file__).parent / "payloads"


def load_payload(name):
    return json.loads((PAYLOADS / name).read_text(encoding="utf-8"))


class Open311Common(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.team = env["helpdesk.ticket.team"].create(
            {"name": "Dirección de Alumbrado (pruebas Open311)", "code": "OM-AP"}
        )
        cls.petition = env["helpdesk.ticket.category"].create(
            {
                "name": "Lámpara apagada (Open311)",
                "code": "OM-LAMPARA",
                "team_id": cls.team.id,
                "petition_type": "procedure",
                "deadline_days": 5,
                "description": "Luminaria del alumbrado público que no enciende.",
                "petition_properties_definition": [
                    {"name": "pole_number", "string": "Pole number", "type": "char"},
                    {"name": "lamps_off", "string": "Lamps off", "type": "integer"},
                    {
                        "name": "kind",
                        "string": "Lamp kind",
                        "type": "selection",
                        "selection": [["sodium", "Vapor de sodio"], ["led", "LED"]],
                    },
                ],
            }
        )
        cls.petition_plain = env["helpdesk.ticket.category"].create(
            {"name": "Bache (Open311)", "code": "OM-BACHE", "team_id": cls.team.id}
        )
        cls.petition_info = env["helpdesk.ticket.category"].create(
            {
                "name": "Información de predial",
                "code": "OM-INFO PREDIAL",
                "petition_type": "information",
            }
        )
        cls.channel = env.ref("citizen_service.channel_open311")
        cls.client = env["citizen.api.client"].create(
            {"name": "FixMyStreet León", "channel_id": cls.channel.id, "rate_limit": 0}
        )
        cls.api_key = cls.client._generate_api_key()

    def get_json(self, url, status=200):
        response = self.url_open(url)
        self.assertEqual(response.status_code, status, response.text)
        self.assertIn("application/json", response.headers["Content-Type"])
        return response.json()

    def post_form(self, data, url="/open311/v2/requests.json"):
        return self.url_open(url, data=data)


@tagged("post_install", "-at_install")
class TestOpen311Services(Open311Common):
    def test_services_list_json(self):
        services = self.get_json("/open311/v2/services.json")
        by_code = {s["service_code"]: s for s in services}
        self.assertIn("OM-LAMPARA", by_code)
        item = by_code["OM-LAMPARA"]
        # the keys of the example of the specification
        self.assertEqual(
            set(item),
            {
                "service_code",
                "service_name",
                "description",
                "metadata",
                "type",
                "keywords",
                "group",
            },
        )
        self.assertTrue(item["metadata"])
        self.assertEqual(item["type"], "realtime")
        self.assertEqual(item["group"], self.team.name)
        self.assertFalse(by_code["OM-BACHE"]["metadata"])
        # information petitions are not services one can report
        self.assertNotIn("OM-INFO PREDIAL", by_code)

    def test_services_list_xml(self):
        response = self.url_open("/open311/v2/services.xml")
        self.assertEqual(response.status_code, 200)
        self.assertIn("xml", response.headers["Content-Type"])
        root = ElementTree.fromstring(response.content)
        self.assertEqual(root.tag, "services")
        codes = [s.findtext("service_code") for s in root.findall("service")]
        self.assertIn("OM-LAMPARA", codes)

    def test_service_definition(self):
        definition = self.get_json("/open311/v2/services/OM-LAMPARA.json")
        self.assertEqual(definition["service_code"], "OM-LAMPARA")
        attrs = {a["code"]: a for a in definition["attributes"]}
        self.assertEqual(attrs["pole_number"]["datatype"], "string")
        self.assertEqual(attrs["lamps_off"]["datatype"], "number")
        self.assertEqual(attrs["kind"]["datatype"], "singlevaluelist")
        self.assertEqual(
            attrs["kind"]["values"],
            [{"key": "sodium", "name": "Vapor de sodio"}, {"key": "led", "name": "LED"}],
        )
        self.assertTrue(all(a["variable"] for a in attrs.values()))
        self.assertEqual([a["order"] for a in definition["attributes"]], [1, 2, 3])
        # codes with spaces are URL-encoded
        response = self.url_open("/open311/v2/services/OM-BACHE.xml")
        root = ElementTree.fromstring(response.content)
        self.assertEqual(root.tag, "service_definition")
        self.assertEqual(root.findtext("service_code"), "OM-BACHE")

    def test_service_unknown_and_jurisdiction(self):
        errors = self.get_json("/open311/v2/services/NOPE.json", status=404)
        self.assertEqual(errors[0]["code"], 404)
        self.assertIn("description", errors[0])
        errors = self.get_json("/open311/v2/services.json?jurisdiction_id=other.city", 404)
        self.assertEqual(errors, [{"code": 404, "description": errors[0]["description"]}])
        self.get_json("/open311/v2/services.json?jurisdiction_id=leon.gob.mx")
        response = self.url_open("/open311/v2/services/NOPE.xml")
        self.assertEqual(response.status_code, 404)
        root = ElementTree.fromstring(response.content)
        self.assertEqual(root.tag, "errors")
        self.assertEqual(root.find("error").findtext("code"), "404")


@tagged("post_install", "-at_install")
class TestOpen311Requests(Open311Common):
    def test_post_request_recorded_payload(self):
        data = dict(load_payload("open311_post_request.json"), api_key=self.api_key)
        response = self.post_form(data)
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        self.assertEqual(len(body), 1)
        self.assertEqual(set(body[0]), {"service_request_id", "service_notice", "account_id"})
        folio = body[0]["service_request_id"]
        ticket = self.env["helpdesk.ticket"].search([("number", "=", folio)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.category_id, self.petition)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.channel_id, self.channel)
        self.assertEqual(ticket.citizen_api_client_id, self.client)
        self.assertAlmostEqual(ticket.latitude, 21.1222)
        self.assertEqual(ticket.partner_id.mobile, "+524777312468")
        self.assertTrue(ticket.partner_id.is_citizen)
        self.assertEqual(ticket.partner_id.email, "lupita.hernandez@example.com")
        props = dict(ticket.petition_properties)
        self.assertEqual(props["pole_number"], "P-1023")
        self.assertEqual(props["lamps_off"], 2)
        self.assertEqual(props["kind"], "sodium")
        media = self.env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(media.url, "https://fixmystreet.example.org/photo/1234.jpeg")
        # the same citizen is found again by phone in another format
        data2 = dict(data, phone="+52 (477) 731-24-68", email="")
        folio2 = self.post_form(data2).json()[0]["service_request_id"]
        ticket2 = self.env["helpdesk.ticket"].search([("number", "=", folio2)])
        self.assertEqual(ticket2.partner_id, ticket.partner_id)

        # anonymous GET never shows what may identify the citizen
        public = self.get_json(f"/open311/v2/requests/{folio}.json")[0]
        self.assertEqual(public["service_request_id"], folio)
        self.assertEqual(public["description"], "")
        self.assertIsNone(public["lat"])
        self.assertEqual(public["media_url"], "")
        # GET by id with the client's key returns it, as a list of one request
        items = self.get_json(f"/open311/v2/requests/{folio}.json?api_key={self.api_key}")
        self.assertEqual(len(items), 1)
        item = items[0]
        self.assertEqual(item["service_request_id"], folio)
        self.assertEqual(item["status"], "open")
        self.assertEqual(item["service_code"], "OM-LAMPARA")
        self.assertEqual(item["media_url"], "https://fixmystreet.example.org/photo/1234.jpeg")
        self.assertEqual(item["agency_responsible"], self.team.name)
        self.assertTrue(item["requested_datetime"].endswith("+00:00"))
        self.assertIn("lámpara", item["description"])
        for key in (
            "status_notes",
            "service_name",
            "updated_datetime",
            "expected_datetime",
            "address",
            "address_id",
            "zipcode",
            "lat",
            "long",
            "service_notice",
        ):
            self.assertIn(key, item)

    def test_post_keeps_the_report_history(self):
        """The fast intake still writes the creation message the staff see, with the
        helpdesk "Ticket created" subtype; followers of the report are notified."""
        created = self.env.ref("helpdesk_mgmt.hlp_tck_created")
        data = dict(load_payload("open311_post_request.json"), api_key=self.api_key)
        folio = self.post_form(data).json()[0]["service_request_id"]
        ticket = self.env["helpdesk.ticket"].search([("number", "=", folio)])
        messages = ticket.message_ids.filtered(lambda m: m.subtype_id == created)
        self.assertEqual(len(messages), 1)
        self.assertEqual(messages.message_type, "notification")
        self.assertFalse(messages.is_internal)
        self.assertIn("o_mail_notification", messages.body)
        self.assertTrue(messages.author_id)
        # a report someone follows (here its creator) gets it through message_post
        follower = self.env["res.partner"].create(
            {"name": "Jefa de alumbrado", "email": "jefa.alumbrado@example.com"}
        )
        admin = self.env.ref("base.user_admin")
        ticket2 = (
            self.env["helpdesk.ticket"]
            .with_user(admin)
            .with_context(citizen_quiet_creation=True)
            .create({"name": "Bache", "description": "Bache", "category_id": self.petition.id})
        )
        self.assertIn(admin.partner_id, ticket2.message_partner_ids)
        ticket3 = self.env["helpdesk.ticket"]._citizen_intake(
            {"name": "Bache", "description": "Bache", "category_id": self.petition.id},
            citizen=follower,
            subscribe=True,
        )
        for report in ticket2 | ticket3:
            history = report.message_ids.filtered(lambda m: m.subtype_id == created)
            self.assertEqual(len(history), 1, report.message_ids.mapped("body"))

    def test_post_json_body_and_xml(self):
        payload = {
            "api_key": self.api_key,
            "service_code": "OM-BACHE",
            "address_string": "Blvd. López Mateos 1200",
            "description": "Bache profundo",
        }
        response = self.url_open(
            "/open311/v2/requests.xml",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        root = ElementTree.fromstring(response.content)
        self.assertEqual(root.tag, "service_requests")
        folio = root.find("request").findtext("service_request_id")
        ticket = self.env["helpdesk.ticket"].search([("number", "=", folio)])
        self.assertEqual(ticket.street, "Blvd. López Mateos 1200")
        self.assertFalse(ticket.partner_id, "anonymous report")

    def test_post_errors(self):
        base = {"service_code": "OM-BACHE", "lat": "21.12", "long": "-101.68"}
        # 403: no key, bad key, archived client
        for data in (base, dict(base, api_key="cs_wrong")):
            response = self.post_form(data)
            self.assertEqual(response.status_code, 403)
            self.assertEqual(response.json()[0]["code"], 403)
        # 404: unknown service
        response = self.post_form(dict(base, api_key=self.api_key, service_code="NOPE"))
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()[0]["code"], 404)
        # 400: missing service_code, missing location, bad coordinates, bad attribute
        cases = [
            {"lat": "21.1", "long": "-101.6"},
            {"service_code": "OM-BACHE"},
            dict(base, lat="abc"),
            dict(base, lat="95"),
            dict(base, long=""),
            dict(base, email="not-an-email"),
            dict(base, description="x" * 4001),
            dict(base, service_code="OM-LAMPARA", **{"attribute[kind]": "neon"}),
            dict(base, service_code="OM-LAMPARA", **{"attribute[lamps_off]": "many"}),
            dict(base, phone="123"),
        ]
        before = self.env["helpdesk.ticket"].search_count([])
        for data in cases:
            response = self.post_form(dict(data, api_key=self.api_key))
            self.assertEqual(response.status_code, 400, (data, response.text))
            errors = response.json()
            self.assertEqual(errors[0]["code"], 400)
            self.assertTrue(errors[0]["description"])
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count([]), before, "nothing half-written"
        )
        # archived clients are refused
        self.client.active = False
        response = self.post_form(dict(base, api_key=self.api_key))
        self.assertEqual(response.status_code, 403)

    def test_get_requests_filters(self):
        Ticket = self.env["helpdesk.ticket"]
        open_t = Ticket.create(
            {"name": "A", "description": "Bache", "category_id": self.petition_plain.id}
        )
        done_t = Ticket.create(
            {
                "name": "B",
                "description": "Bache",
                "category_id": self.petition_plain.id,
                "response": "Se bacheó la calle.",
            }
        )
        done_t.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        items = self.get_json("/open311/v2/requests.json?service_code=OM-BACHE")
        folios = {i["service_request_id"]: i for i in items}
        self.assertIn(open_t.number, folios)
        self.assertEqual(folios[done_t.number]["status"], "closed")
        self.assertEqual(folios[done_t.number]["status_notes"], "Se bacheó la calle.")
        items = self.get_json("/open311/v2/requests.json?service_code=OM-BACHE&status=closed")
        self.assertEqual([i["service_request_id"] for i in items], [done_t.number])
        items = self.get_json(
            f"/open311/v2/requests.json?service_request_id={open_t.number},{done_t.number}"
        )
        self.assertEqual(len(items), 2)
        errors = self.get_json("/open311/v2/requests.json?start_date=yesterday", status=400)
        self.assertEqual(errors[0]["code"], 400)
        errors = self.get_json("/open311/v2/requests.json?status=pending", status=400)
        self.assertEqual(errors[0]["code"], 400)
        self.get_json("/open311/v2/requests/999999999.json", status=404)
        # XML list of requests
        response = self.url_open(f"/open311/v2/requests/{done_t.number}.xml")
        root = ElementTree.fromstring(response.content)
        self.assertEqual(root.find("request").findtext("status"), "closed")

    def test_denunciations_are_not_public(self):
        secret = self.env["helpdesk.ticket.category"].create(
            {"name": "Denuncia (Open311)", "code": "OM-DENUNCIA", "petition_type": "denunciation"}
        )
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "D", "description": "Confidencial", "category_id": secret.id}
        )
        self.get_json(f"/open311/v2/requests/{ticket.number}.json", status=404)

    def test_rate_limit(self):
        client = self.env["citizen.api.client"].create(
            {"name": "App limitada", "channel_id": self.channel.id, "rate_limit": 2}
        )
        key = client._generate_api_key()
        data = {"service_code": "NOPE", "address_string": "x", "api_key": key}
        self.assertEqual(self.post_form(data).status_code, 404)
        self.assertEqual(self.post_form(data).status_code, 404)
        response = self.post_form(data)
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response.json()[0]["code"], 429)
        self.assertTrue(int(response.headers["Retry-After"]) >= 1)

    def test_api_key_hashed(self):
        client = self.client.sudo()
        self.assertNotEqual(client.api_key_hash, self.api_key)
        self.assertEqual(len(client.api_key_hash), 64)
        self.assertEqual(client.api_key_prefix, self.api_key[:8])
        Client = self.env["citizen.api.client"]
        self.assertEqual(Client._citizen_authenticate(self.api_key), self.client)
        self.assertFalse(Client._citizen_authenticate(self.api_key + "x"))
        self.assertFalse(Client._citizen_authenticate(""))
        self.assertFalse(Client._citizen_authenticate(self.api_key, providers=["whatsapp"]))
        # a new key replaces the old one
        action = self.client.action_generate_api_key()
        self.assertEqual(action["tag"], "display_notification")
        self.assertFalse(Client._citizen_authenticate(self.api_key))
