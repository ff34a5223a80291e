import io

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common_citizen_analysis import CitizenAnalysisCommon

try:
    import openpyxl
except ImportError:  # pragma: no cover
    openpyxl = None


@tagged("post_install", "-at_install")
class TestMultiCompany(CitizenAnalysisCommon):
    """Several municipalities (companies) in one database: the staff of one never sees
    the reports of another, in the list, the analysis, the export or the folio search;
    folios stay unique across municipalities so the public lookup is unambiguous."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Municipio de Irapuato"})
        cls.env.user.company_ids = [Command.link(cls.company_b.id)]
        env_b = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company_b.id]))
        cls.team_irapuato = env_b["helpdesk.ticket.team"].create(
            {"name": "Servicios Públicos Irapuato", "code": "SPI", "company_id": cls.company_b.id}
        )
        cls.petition_irapuato = env_b["helpdesk.ticket.category"].create(
            {
                "name": "Bache Irapuato",
                "code": "SPI-BACHE",
                "team_id": cls.team_irapuato.id,
                "deadline_days": 5,
                "company_id": cls.company_b.id,
            }
        )
        cls.report_a = cls._report(cls.petition_a)
        cls.report_b = (
            env_b["helpdesk.ticket"]
            .create(
                {
                    "name": "Bache en Irapuato",
                    "description": "<p>Bache profundo</p>",
                    "partner_id": cls.citizen.id,
                    "category_id": cls.petition_irapuato.id,
                    "channel_id": cls.channel.id,
                    "company_id": cls.company_b.id,
                }
            )
            .with_env(cls.env)
        )
        cls._close(cls.report_b, cls._dt(0), cls._dt(1), cls._dt(5).date())
        cls.staff_a = new_test_user(
            cls.env,
            "t_staff_leon",
            groups="base.group_user,citizen_service.group_citizen_admin",
            name="Staff León",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )
        cls.staff_all = new_test_user(
            cls.env,
            "t_staff_state",
            groups="base.group_user,citizen_service.group_citizen_admin",
            name="Staff Estado",
            company_id=cls.company_a.id,
            company_ids=[Command.set((cls.company_a | cls.company_b).ids)],
        )

    def _env(self, user, companies):
        return self.env(
            user=user, context=dict(self.env.context, allowed_company_ids=companies.ids)
        )

    def test_reports_of_two_companies(self):
        self.assertEqual(self.report_a.company_id, self.company_a)
        self.assertEqual(self.report_b.company_id, self.company_b)
        self.assertTrue(self.report_b.number)
        self.assertNotEqual(self.report_a.number, self.report_b.number)

    def test_list_and_folio_search(self):
        tickets = self._env(self.staff_a, self.company_a)["helpdesk.ticket"]
        self.assertIn(self.report_a, tickets.search([]))
        self.assertNotIn(self.report_b, tickets.search([]))
        self.assertFalse(tickets.search([("number", "=", self.report_b.number)]))
        self.assertFalse(tickets.search(tickets._citizen_folio_domain(self.report_b.number)))
        self.assertFalse(tickets.search([("company_id", "=", self.company_b.id)]))
        # a user of both municipalities sees each one's reports when it is selected
        both = self._env(self.staff_all, self.company_a | self.company_b)["helpdesk.ticket"]
        self.assertEqual(
            both.search([("number", "=", self.report_b.number)]), self.report_b.with_env(both.env)
        )
        only_a = self._env(self.staff_all, self.company_a)["helpdesk.ticket"]
        self.assertFalse(only_a.search([("id", "=", self.report_b.id)]))

    def test_analysis(self):
        analysis = self._env(self.staff_a, self.company_a)["citizen.report.analysis"]
        groups = analysis.read_group([], ["report_count:sum"], ["company_id"], lazy=False)
        self.assertEqual([g["company_id"][0] for g in groups], self.company_a.ids)
        self.assertFalse(analysis.search([("ticket_id", "=", self.report_b.id)]))
        state = self._env(self.staff_all, self.company_a | self.company_b)[
            "citizen.report.analysis"
        ]
        groups = state.read_group([], ["report_count:sum"], ["company_id"], lazy=False)
        self.assertEqual(
            {g["company_id"][0] for g in groups}, {self.company_a.id, self.company_b.id}
        )
        # the compliance pivot: Irapuato's closed report only counts for Irapuato's users
        measures = ["closed_count:sum"]
        closed_a = analysis.read_group([("closed", "=", True)], measures, [], lazy=False)
        closed_all = state.read_group([("closed", "=", True)], measures, [], lazy=False)
        self.assertEqual(closed_all[0]["closed_count"] - closed_a[0]["closed_count"], 1)
        by_team = analysis.read_group([("closed", "=", True)], measures, ["team_id"], lazy=False)
        self.assertNotIn(self.team_irapuato.id, [g["team_id"][0] for g in by_team if g["team_id"]])

    def test_export(self):
        if openpyxl is None:  # pragma: no cover
            self.skipTest("openpyxl is not installed")
        for user, companies, expected in (
            (self.staff_a, self.company_a, {self.report_a.number}),
            (self.staff_all, self.company_b, {self.report_b.number}),
            (
                self.staff_all,
                self.company_a | self.company_b,
                {self.report_a.number, self.report_b.number},
            ),
        ):
            env = self._env(user, companies)
            wizard = env["citizen.report.export"].create({"scope": "filter", "domain": "[]"})
            action = wizard.action_export()
            att_id = int(action["url"].split("/web/content/")[1].split("?")[0])
            book = openpyxl.load_workbook(
                io.BytesIO(self.env["ir.attachment"].browse(att_id).raw), read_only=True
            )
            folios = {row[0] for row in list(book.active.iter_rows(values_only=True))[1:]}
            self.assertTrue(expected <= folios, (user.name, companies.mapped("name")))
            self.assertFalse(
                {self.report_a.number, self.report_b.number} - expected & folios,
                (user.name, companies.mapped("name")),
            )
            # selecting the other municipality's report by id does not export it either
            if companies == self.company_a:
                wizard = (
                    env["citizen.report.export"]
                    .with_context(active_model="helpdesk.ticket", active_ids=self.report_b.ids)
                    .create({})
                )
                self.assertEqual(wizard.report_count, 0)

    def test_public_lookup_is_unambiguous(self):
        public = self.env["helpdesk.ticket"].with_user(self.env.ref("base.public_user"))
        info_a = public._citizen_public_folio_info(self.report_a.number)
        info_b = public._citizen_public_folio_info(self.report_b.number)
        self.assertEqual(info_a["folio"], self.report_a.number)
        self.assertEqual(info_b["folio"], self.report_b.number)
        self.assertEqual(info_b["department"], "Servicios Públicos Irapuato")
