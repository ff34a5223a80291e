from odoo.addons.citizen_service.tests.common_i18n import missing_spanish
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestAppointmentTranslations(TransactionCase):
    def test_every_ui_string_has_a_spanish_translation(self):
        missing = missing_spanish(self.env, "citizen_appointment")
        self.assertFalse(
            missing, f"{len(missing)} strings without es_MX, e.g. {sorted(missing)[:8]}"
        )
