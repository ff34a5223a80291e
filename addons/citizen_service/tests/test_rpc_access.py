"""Access per role through real JSON-RPC sessions (/web/session/authenticate + call_kw),
for every model the addons add and for citizens (res.partner)."""

import requests

from odoo import Command
from odoo.tests import HttpCase, get_db_name, new_test_user, tagged

from .common_citizen import CitizenCommon

OUR_MODULES = ("citizen_service", "call_center", "citizen_survey", "school_enrollment")
PERSONAL = ["name", "phone", "mobile", "email", "street"]


class RpcError(Exception):
    def __init__(self, error):
        super().__init__(error.get("data", {}).get("name") or error.get("message"))
        self.name = error.get("data", {}).get("name", "")


class RpcSession:
    def __init__(self, base_url, login=None):
        self.base_url = base_url
        self.http = requests.Session()
        if login:
            self.call("/web/session/authenticate", db=get_db_name(), login=login, password=login)

    def call(self, path, **params):
        response = self.http.post(
            self.base_url + path,
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            timeout=60,
        )
        assert response.status_code < 500, response.text
        data = response.json()
        if "error" in data:
            raise RpcError(data["error"])
        return data["result"]

    def call_kw(self, model, method, *args, **kwargs):
        return self.call(
            f"/web/dataset/call_kw/{model}/{method}",
            model=model,
            method=method,
            args=list(args),
            kwargs=kwargs,
        )

    def allowed(self, model, method, *args, **kwargs):
        """False when refused by the access rights or rules; True when the call passed
        them (even if it then failed validation, e.g. a missing required field)."""
        try:
            self.call_kw(model, method, *args, **kwargs)
        except RpcError as err:
            return "AccessError" not in err.name
        return True

    def may(self, model, operation):
        """The access rights of the session's user allow ``operation`` on ``model``."""
        try:
            return bool(self.call_kw(model, "has_access", [], operation))
        except RpcError:
            return False

    def rows(self, model):
        try:
            return self.call_kw(model, "search_read", [], ["id"], limit=5)
        except RpcError:
            return []


@tagged("post_install", "-at_install")
class TestRpcAccess(HttpCase, CitizenCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator = new_test_user(
            cls.env,
            "t_cs_rpc_operator",
            groups="base.group_user,citizen_service.group_citizen_operator",
        )
        cls.report_light = cls._report()  # citizen_a, Alumbrado
        cls.report_water = cls._report(petition=cls.petition_leak, partner=cls.citizen_b)
        cls.report_light.sudo().with_context(citizen_reassign_reason="prueba").write(
            {"team_id": cls.team_water.id}
        )
        cls.report_light.sudo().write({"team_id": cls.team_light.id})
        cls.history = cls.report_light.reassignment_ids
        cls.lonely = cls.env["res.partner"].create(
            {
                "name": "Test Sin Reportes",
                "is_citizen": True,
                "phone": "477 555 0909",
                "email": "sin.reportes@example.com",
                "street": "Calle Oculta 9",
            }
        )

    def session(self, login=None):
        return RpcSession(self.base_url(), login)

    def test_reassignment_history_is_read_only_for_every_role(self):
        self.assertEqual(len(self.history), 2)
        row = self.history[:1]
        forged = {
            "ticket_id": self.report_light.id,
            "from_team_id": self.team_water.id,
            "to_team_id": self.team_light.id,
            "reason": "forged by RPC",
        }
        for login in ("t_cs_official_light", "t_cs_coordinator", "t_cs_rpc_operator", "admin"):
            rpc = self.session(login)
            self.assertFalse(rpc.allowed("citizen.report.reassignment", "create", forged), login)
            self.assertFalse(
                rpc.allowed("citizen.report.reassignment", "write", row.ids, {"reason": "x"}),
                login,
            )
            self.assertFalse(rpc.allowed("citizen.report.reassignment", "unlink", row.ids), login)
        self.assertEqual(self.report_light.reassignment_ids, self.history)
        self.assertFalse(self.history.filtered(lambda h: h.reason == "x"))
        # reading follows the report's rules
        light = self.session("t_cs_official_light")
        rows = light.call_kw(
            "citizen.report.reassignment",
            "search_read",
            [("ticket_id", "=", self.report_light.id)],
            ["reason"],
        )
        self.assertEqual(len(rows), 2)
        water = self.session("t_cs_official_water")
        rows = water.call_kw(
            "citizen.report.reassignment",
            "search_read",
            [("ticket_id", "=", self.report_light.id)],
            ["reason"],
        )
        self.assertEqual(rows, [])
        self.assertFalse(
            self.session("t_cs_portal_a").allowed(
                "citizen.report.reassignment", "search_read", [], ["reason"]
            )
        )

    def test_nobody_backs_a_report_in_someone_elses_name_through_rpc(self):
        """Backing a report (a supporter, notified at every change) is done by the portal,
        Open311, the bot and the quick capture for the citizen in front of them: the method
        works as superuser, so it is private and no RPC session can call it."""
        Supporter = self.env["citizen.report.supporter"]
        for login in ("t_cs_portal_a", "t_cs_official_light"):
            with self.assertRaises(RpcError):
                self.session(login).call_kw(
                    "helpdesk.ticket", "_citizen_back", [self.report_light.id], self.citizen_b.id
                )
        self.assertFalse(Supporter.search([("ticket_id", "=", self.report_light.id)]))

    def test_officials_see_personal_data_of_their_departments_citizens_only(self):
        domain = [
            ("is_citizen", "=", True),
            ("id", "in", (self.citizen_a | self.citizen_b | self.lonely).ids),
        ]
        # the exact request that used to return every citizen of the city to an official
        light = self.session("t_cs_official_light")
        rows = light.call_kw("res.partner", "search_read", domain, PERSONAL)
        self.assertEqual({r["id"] for r in rows}, {self.citizen_a.id})
        self.assertFalse(light.allowed("res.partner", "read", self.lonely.ids, PERSONAL))
        self.assertFalse(light.allowed("res.partner", "read", self.citizen_b.ids, PERSONAL))
        self.assertEqual(
            light.call_kw("res.partner", "search_count", [("phone", "=", "+524775550909")]), 0
        )
        water = self.session("t_cs_official_water")
        rows = water.call_kw("res.partner", "search_read", domain, PERSONAL)
        self.assertEqual({r["id"] for r in rows}, {self.citizen_b.id})
        # co-attention shares the citizen with the co-attending department
        self.report_light.sudo().coattention_team_ids = [Command.link(self.team_water.id)]
        rows = water.call_kw("res.partner", "search_read", domain, PERSONAL)
        self.assertEqual({r["id"] for r in rows}, {self.citizen_a.id, self.citizen_b.id})
        # operators and coordinators as before: every citizen
        for login in ("t_cs_rpc_operator", "t_cs_coordinator"):
            rows = self.session(login).call_kw("res.partner", "search_read", domain, PERSONAL)
            self.assertEqual(len(rows), 3, login)
        # non-citizen contacts unchanged for officials (users, companies)
        self.assertTrue(
            light.call_kw("res.partner", "read", self.official_water.partner_id.ids, ["name"])
        )
        # portal users: their own partner only
        portal = self.session("t_cs_portal_a")
        self.assertFalse(portal.allowed("res.partner", "read", self.citizen_b.ids, PERSONAL))

    def test_every_model_of_the_addons_per_role(self):
        """Nobody outside the staff reads our models; portal and anonymous sessions never
        write them; officials never create configuration."""
        models = (
            self.env["ir.model"]
            .search([("transient", "=", False)])
            .filtered(
                lambda m: (
                    any(mod in OUR_MODULES for mod in (m.modules or "").split(", "))
                    and m.model.split(".")[0] in ("citizen", "call", "school")
                    and self.env[m.model]._auto
                )
            )
        )
        self.assertIn("citizen.report.reassignment", models.mapped("model"))
        # catalogs the portal shows to every citizen (colonias; schools, seats, campaigns
        # and document types of the enrollment portal)
        public_catalogs = {
            "citizen.colonia",
            "school.enrollment.school",
            "school.enrollment.seat",
            "school.enrollment.campaign",
            "school.enrollment.document.type",
        }
        official_config = {
            "citizen.api.client",
            "citizen.notification.template",
            "citizen.colonia",
            "citizen.office",
            "call.center.pbx",
            "call.center.line",
        }
        anonymous = self.session()
        portal = self.session("t_cs_portal_b")  # a citizen without records of these models
        official = self.session("t_cs_official_light")
        # the probe itself works: officials do create department actions, portal users don't
        self.assertTrue(official.may("citizen.report.action", "create"))
        self.assertFalse(portal.may("citizen.report.action", "create"))
        report = []
        for model in models.mapped("model"):
            if model not in public_catalogs and portal.rows(model):
                report.append(f"portal reads {model}")
            if portal.may(model, "create"):
                report.append(f"portal creates {model}")
            if anonymous.rows(model):
                report.append(f"anonymous reads {model}")
            if model in official_config and official.may(model, "create"):
                report.append(f"official creates {model}")
        self.assertFalse(report, report)
        # secrets never readable by staff below administrator
        self.assertFalse(
            official.allowed("citizen.api.client", "search_read", [], ["api_key_hash"])
        )
