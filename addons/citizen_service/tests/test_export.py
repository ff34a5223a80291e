import io
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..wizards import citizen_report_export
from .common_citizen_analysis import CitizenAnalysisCommon

try:
    import openpyxl
except ImportError:  # pragma: no cover
    openpyxl = None


@tagged("post_install", "-at_install")
class TestCitizenExport(CitizenAnalysisCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reports = (
            cls._report(cls.petition_a, latitude=21.1221, longitude=-101.6826)
            | cls._report(cls.petition_a2)
            | cls._report(cls.petition_b, street="Blvd. López Mateos 1020")
        )
        cls._close(cls.reports[1], cls._dt(0), cls._dt(2), cls._dt(5).date(), cls.official_a)

    def _export(self, user, **vals):
        ctx = {
            "active_model": "helpdesk.ticket",
            "active_ids": self.reports.ids,
            "active_domain": [("id", "in", self.reports.ids)],
        }
        wizard = self.env["citizen.report.export"].with_user(user).with_context(**ctx).create(vals)
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        att_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        attachment = self.env["ir.attachment"].browse(att_id)
        self.assertTrue(attachment.name.endswith(".xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(attachment.raw), read_only=True)
        rows = list(book.active.iter_rows(values_only=True))
        header, data = rows[0], rows[1:]
        return wizard, header, [dict(zip(header, row, strict=True)) for row in data]

    def setUp(self):
        super().setUp()
        if openpyxl is None:  # pragma: no cover
            self.skipTest("openpyxl is not installed")

    def test_export_all_columns(self):
        wizard, header, rows = self._export(self.coordinator)
        self.assertEqual(wizard.report_count, 3)
        for col in (
            "Folio",
            "Citizen",
            "Citizen number",
            "Phone",
            "Street and number",
            "Department",
            "Petition",
            "Status",
            "Traffic light",
            "Deadline",
        ):
            self.assertIn(col, header)
        self.assertEqual([r["Folio"] for r in rows], self.reports.sorted("id").mapped("number"))
        first = rows[0]
        self.assertEqual(first["Citizen"], "Guadalupe Test Rocha")
        self.assertEqual(first["Phone"], "+524771234567")
        self.assertEqual(first["Citizen number"], self.citizen.citizen_number)
        self.assertEqual(first["Street and number"], "Calle Hidalgo 214")
        self.assertAlmostEqual(first["Latitude"], 21.1221)
        self.assertEqual(first["Department"], "Test Alumbrado")
        self.assertEqual(first["Petition code"], "TA-LAMP")
        self.assertEqual(first["Status"], "Captured")
        self.assertEqual(first["Colonia"], "Test Centro")
        self.assertEqual(first["Description"], "Lámpara apagada frente al número 12")
        self.assertEqual(first["Reassigned"], "No")
        self.assertEqual(first["Deadline"].date(), self.reports[0].date_deadline)
        closed = rows[1]
        self.assertEqual(closed["Status"], "Finished")
        self.assertEqual(closed["Traffic light"], "Closed")
        self.assertEqual(closed["Response to the citizen"], "Atendido")
        self.assertEqual(closed["Assigned user"], "Official A")
        self.assertTrue(closed["Closed on"])
        self.assertEqual(rows[2]["Street and number"], "Blvd. López Mateos 1020")

    def test_export_hide_citizen_data(self):
        _wizard, header, rows = self._export(self.coordinator, hide_citizen_data=True)
        for col in ("Citizen number", "Phone", "Street and number", "Latitude", "Longitude"):
            self.assertNotIn(col, header)
        self.assertIn("Citizen", header)
        self.assertEqual(rows[0]["Citizen"], "Guadalupe Test Rocha")
        values = {v for row in rows for v in row.values()}
        self.assertNotIn("+524771234567", values)
        self.assertNotIn("Calle Hidalgo 214", values)

    def test_export_hide_citizen_name(self):
        _wizard, header, rows = self._export(
            self.coordinator, hide_citizen_name=True, hide_citizen_data=True
        )
        self.assertNotIn("Citizen", header)
        self.assertNotIn("Phone", header)
        values = {v for row in rows for v in row.values()}
        self.assertNotIn("Guadalupe Test Rocha", values)
        self.assertEqual(len(rows), 3)
        self.assertIn("Colonia", header)

    def test_export_respects_record_rules_and_chunks(self):
        # the official of department A only gets the reports of department A,
        # even when exporting "all reports matching the filters", read in chunks of 1
        with patch.object(citizen_report_export, "CHUNK_SIZE", 1):
            wizard, _header, rows = self._export(self.official_a, scope="filter")
        self.assertEqual(wizard.scope, "filter")
        self.assertEqual(len(rows), 2)
        self.assertEqual({r["Department"] for r in rows}, {"Test Alumbrado"})

    def test_export_selected_default_scope(self):
        wizard = (
            self.env["citizen.report.export"]
            .with_context(active_model="helpdesk.ticket", active_ids=self.reports[:1].ids)
            .create({})
        )
        self.assertEqual(wizard.scope, "selected")
        self.assertEqual(wizard.report_count, 1)

    def test_export_nothing(self):
        wizard = self.env["citizen.report.export"].create(
            {"scope": "filter", "domain": "[('id', '=', 0)]"}
        )
        with self.assertRaises(UserError):
            wizard.action_export()
        wizard.domain = "[('id', '=' "
        with self.assertRaises(UserError):
            wizard.action_export()
        # the domain is text a client may send: anything but a valid domain is refused
        for domain in ("5", "[('no_such_field', '=', 1)]", "[('id', 'frobnicate', 1)]", "[1, 2]"):
            wizard.domain = domain
            with self.assertRaisesRegex(UserError, "not valid"):
                wizard.action_export()

    def test_export_binding(self):
        action = self.env.ref("citizen_service.action_citizen_report_export")
        self.assertEqual(action.binding_model_id.model, "helpdesk.ticket")
        self.assertEqual(action.binding_view_types, "list")
