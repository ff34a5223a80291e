from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestOffice(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Office = cls.env["citizen.office"]
        cls.dif = Office.create(
            {
                "name": "Test Desarrollo Integral de la Familia",
                "government_level": "paramunicipal",
                "street": "Plaza Revolución 107",
                "phone": "+524772156300",
                "hours": "8:00 a 15:00",
                "responsible": "Mtra. Test Esparza",
                "topics": "Asistencia social, rehabilitación, adultos mayores",
                "website": "https://dif.leon.example.gob.mx",
            }
        )
        cls.treasury = Office.create(
            {
                "name": "Test Tesorería Municipal",
                "government_level": "municipal",
                "topics": "Pago de predial e impuestos",
            }
        )
        cls.sat = Office.create(
            {"name": "Test SAT León", "government_level": "federal", "topics": "RFC, e.firma"}
        )
        cls.operator = new_test_user(
            cls.env,
            "t_cs_office_operator",
            groups="base.group_user,citizen_service.group_citizen_operator",
        )

    def test_search_by_name_topic_and_responsible(self):
        Office = self.env["citizen.office"].with_user(self.operator)
        mine = self.dif | self.treasury | self.sat

        def names(text):
            found = Office.name_search(text, [("id", "in", mine.ids)])
            return {name_id for name_id, _name in found}

        self.assertEqual(names("predial"), {self.treasury.id})
        self.assertEqual(names("Esparza"), {self.dif.id})
        self.assertEqual(names("SAT"), {self.sat.id})
        self.assertEqual(
            Office.search([("id", "in", mine.ids), ("government_level", "=", "federal")]),
            self.sat,
        )

    def test_counters_and_attention_number(self):
        office = self.dif.with_user(self.operator)
        office.action_citizen_consult()
        office.action_citizen_consult()
        self.assertEqual(self.dif.consulted_count, 2)
        self.assertEqual(self.dif.printed_count, 0)
        action = office.action_print_ticket()
        self.assertEqual(action["report_name"], "citizen_service.report_office_ticket")
        office.action_print_ticket()
        self.assertEqual(self.dif.printed_count, 2)
        logs = self.env["citizen.office.log"].search([("office_id", "=", self.dif.id)])
        self.assertEqual(sorted(logs.mapped("kind")), ["consulted"] * 2 + ["printed"] * 2)
        numbers = logs.filtered(lambda log: log.kind == "printed").mapped("attention_number")
        self.assertEqual(len(set(numbers)), 2)
        self.assertTrue(all(n.startswith("MI-") for n in numbers))
        consulted = logs.filtered(lambda log: log.kind == "consulted")
        self.assertFalse(any(consulted.mapped("attention_number")))

    def test_ticket_report_renders(self):
        log = self.dif._citizen_log("printed")
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "citizen_service.report_office_ticket", log.ids
        )
        html = html.decode()
        self.assertIn(log.attention_number, html)
        self.assertIn("Test Desarrollo Integral de la Familia", html)
        self.assertIn("Plaza Revolución 107", html)
        # national format, as people dial it
        self.assertIn("477 215 6300", html)
        self.assertNotIn("+524772156300", html)

    def test_demo_directory(self):
        """The MODINFO demo directory covers the three levels of government."""
        demo = self.env.ref("citizen_service.office_dif", raise_if_not_found=False)
        if not demo:
            self.skipTest("demo data not loaded")
        offices = self.env["citizen.office"].search([("email", "like", ".example.gob.mx")])
        self.assertGreaterEqual(len(offices), 14)
        self.assertEqual(
            set(offices.mapped("government_level")) >= {"municipal", "state", "federal"}, True
        )
        self.assertTrue(all(o.phone.startswith("+52477") for o in offices))
