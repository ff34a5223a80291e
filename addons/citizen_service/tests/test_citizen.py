from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_citizen import CitizenCommon

VALID_CURP = "GOMA840512MGTRRR04"
OTHER_VALID_CURP = "HERJ900101HGTRNN08"


@tagged("post_install", "-at_install")
class TestCitizen(CitizenCommon):
    def test_citizen_number_given_and_unique(self):
        self.assertTrue(self.citizen_a.citizen_number)
        self.assertTrue(self.citizen_b.citizen_number)
        self.assertNotEqual(self.citizen_a.citizen_number, self.citizen_b.citizen_number)
        # a plain contact gets no number until it is registered as a citizen
        contact = self.env["res.partner"].create({"name": "Proveedor"})
        self.assertFalse(contact.citizen_number)
        contact.action_citizen_register()
        self.assertTrue(contact.is_citizen)
        self.assertTrue(contact.citizen_number)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.citizen_b.write({"citizen_number": self.citizen_a.citizen_number})
            self.citizen_b.flush_recordset()

    def test_citizen_created_from_citizens_menu(self):
        Partner = self.env["res.partner"].with_context(default_is_citizen=True)
        citizen = Partner.create({"name": "Test desde menú", "phone": "477 444 5566"})
        self.assertTrue(citizen.is_citizen)
        self.assertTrue(citizen.citizen_number)
        self.assertEqual(citizen.phone, "+524774445566")

    def test_phone_normalised_to_e164(self):
        Partner = self.env["res.partner"]
        for raw in ("(477) 123-4567", "477-123-4567", "+52 477 123 4567", "0052 477 123 4567"):
            citizen = Partner.create({"name": f"Test {raw}", "is_citizen": True, "phone": raw})
            self.assertEqual(citizen.phone, "+524771234567", raw)
        citizen = Partner.create(
            {"name": "Test móvil", "is_citizen": True, "mobile": "477 987 6543"}
        )
        self.assertEqual(citizen.mobile, "+524779876543")
        citizen.write({"phone": "477 222 3344"})
        self.assertEqual(citizen.phone, "+524772223344")
        # a contact that becomes a citizen gets its phone normalised too
        contact = Partner.create({"name": "Test contacto", "phone": "477 333 4455"})
        self.assertEqual(contact.phone, "477 333 4455")
        contact.write({"is_citizen": True})
        self.assertEqual(contact.phone, "+524773334455")

    def test_invalid_phone_refused_with_clear_message(self):
        with self.assertRaises(ValidationError) as err:
            self.env["res.partner"].create(
                {"name": "Test malo", "is_citizen": True, "phone": "12345"}
            )
        self.assertIn("12345", str(err.exception))
        self.assertIn("not valid", str(err.exception))
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.citizen_a.write({"mobile": "abc"})

    def test_find_citizen_by_any_phone_format(self):
        Partner = self.env["res.partner"]
        self.assertEqual(Partner._citizen_find_by_phone("477-555-0101"), self.citizen_a)
        self.assertEqual(Partner._citizen_find_by_phone("+52 (477) 555 0101"), self.citizen_a)
        self.assertFalse(Partner._citizen_find_by_phone("not a phone"))

    def test_curp_validated(self):
        self.citizen_a.write({"curp": VALID_CURP.lower()})
        self.assertEqual(self.citizen_a.curp, VALID_CURP)
        with self.assertRaises(ValidationError) as err, self.cr.savepoint():
            self.citizen_b.write({"curp": "GOMA840512MGTRRR05"})  # wrong check digit
        self.assertIn("CURP", str(err.exception))
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.citizen_b.write({"curp": VALID_CURP})
            self.citizen_b.flush_recordset()

    def test_duplicate_detection_phone_and_curp(self):
        Partner = self.env["res.partner"]
        twin = Partner.create(
            {"name": "Test Ciudadana Uno bis", "is_citizen": True, "mobile": "4775550101"}
        )
        self.assertIn(self.citizen_a, twin.citizen_duplicate_ids)
        self.assertIn(twin, self.citizen_a.citizen_duplicate_ids)
        self.assertNotIn(self.citizen_b, twin.citizen_duplicate_ids)
        self.citizen_b.write({"curp": OTHER_VALID_CURP})
        # a citizen being captured (not saved yet) is compared too
        other = Partner.new({"name": "Same CURP", "curp": OTHER_VALID_CURP.lower()})
        self.assertIn(self.citizen_b, other.citizen_duplicate_ids._origin)
        typed = Partner.new({"name": "Same phone", "phone": "(477) 555-0202"})
        self.assertIn(self.citizen_b, typed.citizen_duplicate_ids._origin)
        saved = Partner.create({"name": "Test otro", "mobile": "477 555 0202"})
        self.assertIn(self.citizen_b, saved.citizen_duplicate_ids)
        self.assertNotIn(saved, saved.citizen_duplicate_ids)

    def test_citizen_report_history(self):
        first = self._report(self.petition_lamp)
        second = self._report(self.petition_leak)
        self._report(self.petition_leak, partner=self.citizen_b)
        history = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.citizen_a.id)], order="id"
        )
        self.assertEqual(history, first | second)
        self.assertEqual(self.citizen_a.helpdesk_ticket_count, 2)
        action = self.citizen_a.action_view_helpdesk_tickets()
        self.assertEqual(self.env["helpdesk.ticket"].search(action["domain"]), first | second)
        self.assertEqual(first.citizen_number, self.citizen_a.citizen_number)

    def test_citizen_age(self):
        self.citizen_a.birthdate = "1984-05-12"
        self.assertGreaterEqual(self.citizen_a.citizen_age, 40)
        report = self._report()
        self.assertTrue(report.citizen_age_range)
