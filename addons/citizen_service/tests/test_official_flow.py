from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_citizen_analysis import CitizenAnalysisCommon
from .common_i18n import activate_es_mx


@tagged("post_install", "-at_install")
class TestOfficialFlow(CitizenAnalysisCommon):
    """Department official: reassign anywhere, Proceso with a first response, who finished."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_process = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")

    def _reassign(self, user, tickets, **vals):
        ctx = {"active_model": "helpdesk.ticket", "active_ids": tickets.ids}
        wizard = self.env["citizen.report.reassign"].with_user(user).with_context(**ctx)
        return wizard.create(vals).action_apply()

    # --- reassignment ---------------------------------------------------------
    def test_non_member_official_reassigns_with_history(self):
        report = self._report(self.petition_a)
        self.assertNotIn(self.team_c, self.official_a.helpdesk_team_ids)
        action = self._reassign(
            self.official_a, report, team_id=self.team_c.id, reason="Es una fuga de agua"
        )
        self.env.flush_all()  # what the request does at its end: no access error
        self.assertEqual(report.team_id, self.team_c)
        self.assertTrue(report.reassigned)
        history = report.reassignment_ids
        self.assertEqual(len(history), 1)
        self.assertEqual(history.user_id, self.official_a)
        self.assertEqual(history.from_team_id, self.team_a)
        self.assertEqual(history.to_team_id, self.team_c)
        self.assertEqual(history.reason, "Es una fuga de agua")
        self.assertTrue(history.date)
        # it leaves the official's list; the list is what the wizard opens
        self.assertEqual(action["res_model"], "helpdesk.ticket")
        Ticket = self.env["helpdesk.ticket"]
        self.assertFalse(Ticket.with_user(self.official_a).search([("id", "=", report.id)]))
        self.assertTrue(Ticket.with_user(self.official_c).search([("id", "=", report.id)]))

    def test_reassign_only_reports_the_official_may_work(self):
        foreign = self._report(self.petition_b)
        with self.assertRaises(AccessError):
            self._reassign(self.official_a, foreign, team_id=self.team_c.id, reason="No es mío")
        self.assertEqual(foreign.team_id, self.team_b)
        self.assertFalse(foreign.reassignment_ids)

    # --- Capturado -> Proceso -> Terminado -------------------------------------
    def test_in_process_requires_initial_response(self):
        report = self._report(self.petition_a)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            report.with_user(self.official_a).write({"stage_id": self.stage_process.id})
        self.assertEqual(report.citizen_state, "captured")
        # the form button asks for it
        action = report.with_user(self.official_a).action_citizen_process()
        self.assertEqual(action["res_model"], "citizen.report.process")
        wizard = (
            self.env["citizen.report.process"]
            .with_user(self.official_a)
            .with_context(**action["context"])
            .create({"text": "  "})
        )
        with self.assertRaises(UserError), self.cr.savepoint():
            wizard.action_confirm()
        wizard.text = "La cuadrilla acude el martes."
        wizard.action_confirm()
        self.assertEqual(report.citizen_state, "in_process")
        self.assertEqual(report.first_response, "La cuadrilla acude el martes.")
        public = report.action_ids.filtered("is_public")
        self.assertEqual(public.description, "La cuadrilla acude el martes.")
        self.assertEqual(public.user_id, self.official_a)

    def test_finish_records_who_and_when(self):
        report = self._report(self.petition_a)
        report.with_user(self.official_a).action_citizen_process(first_response="En camino.")
        action = report.with_user(self.official_a).action_citizen_finish()
        wizard = (
            self.env["citizen.report.process"]
            .with_user(self.official_a)
            .with_context(**action["context"])
            .create({"text": "Se cambió la lámpara."})
        )
        self.assertEqual(wizard.target, "finished")
        wizard.action_confirm()
        self.assertEqual(report.citizen_state, "finished")
        self.assertEqual(report.response, "Se cambió la lámpara.")
        self.assertEqual(report.finished_by_id, self.official_a)
        self.assertTrue(report.finished_date)
        # reopened: nobody finished it any more
        report.write({"stage_id": self.stage_process.id})
        self.assertFalse(report.finished_by_id)
        self.assertFalse(report.finished_date)

    # --- productivity ---------------------------------------------------------
    def test_productivity_counts_officials_only(self):
        admin = self.env.ref("base.user_admin")
        root = self.env.ref("base.user_root")
        self.assertFalse(admin.helpdesk_team_ids)
        by_official = self._report(self.petition_a)
        by_admin = self._report(self.petition_a)
        by_root = self._report(self.petition_a)
        vals = {"stage_id": self.stage_done.id, "response": "Atendido"}
        by_official.with_user(self.official_a).write(vals)
        by_admin.with_user(admin).write(vals)
        by_root.write(vals)
        self.assertEqual(by_root.finished_by_id, root)
        self.env.flush_all()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "citizen_service.action_citizen_report_productivity"
        )
        domain = eval(action["domain"])
        mine = [("ticket_id", "in", (by_official | by_admin | by_root).ids)]
        groups = self.env["citizen.report.analysis"].read_group(
            domain + mine, ["finished_count:sum"], ["finished_by_id"]
        )
        self.assertEqual(
            {g["finished_by_id"][0]: g["finished_count"] for g in groups}, {self.official_a.id: 1}
        )
        arch = self.env["citizen.report.analysis"].get_view(
            self.env.ref("citizen_service.citizen_report_productivity_view_pivot").id, "pivot"
        )["arch"]
        self.assertIn('name="finished_by_id"', arch)

    # --- catalogs, menus, printed documents --------------------------------------
    def test_deadline_days_not_summed(self):
        Petition = self.env["helpdesk.ticket.category"]
        self.assertFalse(Petition._fields["deadline_days"].aggregator)
        groups = Petition.read_group(
            [("team_id", "=", self.team_a.id)], ["deadline_days"], ["team_id"]
        )
        self.assertNotIn("deadline_days", groups[0])

    def test_oca_helpdesk_menu_hidden_for_our_groups(self):
        menu = self.env.ref("helpdesk_mgmt.helpdesk_ticket_main_menu")
        Menu = self.env["ir.ui.menu"]
        for user in (self.official_a, self.coordinator):
            visible = Menu.with_user(user)._visible_menu_ids()
            self.assertNotIn(menu.id, visible)
            self.assertIn(self.env.ref("citizen_service.menu_citizen_root").id, visible)

    def test_no_menu_opens_the_same_action_twice(self):
        menus = self.env["ir.ui.menu"].search([("action", "!=", False)])
        ours = menus.filtered(lambda m: m.get_external_id().get(m.id, "").startswith("citizen_"))
        actions = [str(m.action) for m in ours]
        duplicated = {a for a in actions if actions.count(a) > 1}
        self.assertFalse(duplicated)

    def test_work_order_prints_petition_fields(self):
        self.petition_a.petition_properties_definition = [
            {"name": "pole", "string": "Número de poste", "type": "char"},
            {"name": "lamps", "string": "Lámparas apagadas", "type": "integer"},
            {
                "name": "kind",
                "string": "Tipo de luminaria",
                "type": "selection",
                "selection": [["led", "LED"], ["sodio", "Vapor de sodio"]],
            },
        ]
        report = self._report(self.petition_a)
        report.petition_properties = {"pole": "P-1234", "lamps": 3, "kind": "sodio"}
        self.assertEqual(
            report._citizen_property_lines(),
            [
                ("Número de poste", "P-1234"),
                ("Lámparas apagadas", "3"),
                ("Tipo de luminaria", "Vapor de sodio"),
            ],
        )
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "citizen_service.report_citizen_work_order", report.ids
        )
        html = html.decode()
        for text in ("Número de poste", "P-1234", "Lámparas apagadas", "Vapor de sodio"):
            self.assertIn(text, html)

    def test_modinfo_ticket_on_receipt_paper(self):
        action = self.env.ref("citizen_service.action_report_office_ticket")
        paper = action.paperformat_id
        self.assertEqual(paper, self.env.ref("citizen_service.paperformat_citizen_receipt_80mm"))
        self.assertEqual(paper.format, "custom")
        self.assertEqual(paper.page_width, 80)
        self.assertEqual(paper.orientation, "Portrait")

    def test_finished_by_cannot_be_typed_in(self):
        report = self._report(self.petition_a)
        report.with_user(self.official_a).write(
            {
                "stage_id": self.stage_done.id,
                "response": "Atendido",
                "finished_by_id": self.official_b.id,
            }
        )
        self.assertEqual(report.finished_by_id, self.official_a)
        report.with_user(self.official_a).write({"finished_by_id": self.official_b.id})
        self.assertEqual(report.finished_by_id, self.official_a)

    def test_sms_status_in_the_citizens_words(self):
        activate_es_mx(self.env)
        report = self._report(self.petition_a)
        report.action_citizen_process(first_response="En camino.")
        body = (
            self.env["citizen.notification.template"]
            .with_context(lang="en_US")
            ._citizen_render("sms", "status", report)
        )
        self.assertIn("Proceso", body)
        self.assertNotIn("In process", body)
