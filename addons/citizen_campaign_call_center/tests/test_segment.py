from datetime import timedelta

from odoo import fields
from odoo.addons.call_center.tests.common import CallCenterCommon
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCallerSegment(CallCenterCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_call_center()

    def test_callers_of_a_line(self):
        Partner = self.env["res.partner"]
        ana = Partner.create({"name": "Ana Llamadas", "is_citizen": True})
        beto = Partner.create({"name": "Beto Llamadas", "is_citizen": True})
        not_citizen = Partner.create({"name": "Proveedor"})
        now = fields.Datetime.now()
        self._call(partner_id=ana.id, date_start=now - timedelta(days=2))
        self._call(partner_id=beto.id, line_id=self.line2.id, date_start=now - timedelta(days=40))
        self._call(partner_id=not_citizen.id)
        ours = ana | beto | not_citizen
        segment = self.env["citizen.segment"].create(
            {"name": "Llamaron a la línea 1", "call_line_ids": self.line.ids}
        )
        self.assertEqual(segment._citizen_partners() & ours, ana)
        segment.call_line_ids = self.line | self.line2
        self.assertEqual(segment._citizen_partners() & ours, ana | beto)
        segment.call_days = 30
        self.assertEqual(segment._citizen_partners() & ours, ana)
        self.assertGreaterEqual(segment.partner_count, 1)
