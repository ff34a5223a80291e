from odoo.tests import tagged

from .common_citizen_analysis import CitizenAnalysisCommon


@tagged("post_install", "-at_install")
class TestCitizenWorkOrder(CitizenAnalysisCommon):
    def test_work_order_renders(self):
        report = self._report(
            self.petition_a, latitude=21.1221, longitude=-101.6826, cross_streets="Juárez y Madero"
        )
        report.write({"response": "Se cambió la lámpara"})
        self.env["citizen.report.action"].create(
            {
                "ticket_id": report.id,
                "team_id": self.team_a.id,
                "description": "Cuadrilla 3 asignada",
            }
        )
        action = self.env.ref("citizen_service.action_report_citizen_work_order")
        self.assertEqual(action.binding_model_id.model, "helpdesk.ticket")
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "citizen_service.report_citizen_work_order", report.ids
        )
        html = html.decode()
        for text in (
            report.number,
            "TA-LAMP",
            "Test Alumbrado",
            "Guadalupe Test Rocha",
            "477 123 4567",
            "Test Centro",
            "Calle Hidalgo 214",
            "21.122100, -101.682600",
            "Lámpara apagada frente al número 12",
            "Se cambió la lámpara",
            "Cuadrilla 3 asignada",
            "Performed by",
        ):
            self.assertIn(text, html)

    def test_work_order_official_several(self):
        reports = self._report(self.petition_a) | self._report(self.petition_a2)
        html, _fmt = (
            self.env["ir.actions.report"]
            .with_user(self.official_a)
            ._render_qweb_html("citizen_service.report_citizen_work_order", reports.ids)
        )
        html = html.decode()
        self.assertIn(reports[0].number, html)
        self.assertIn(reports[1].number, html)
