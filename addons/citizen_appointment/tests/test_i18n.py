from odoo.addons.citizen_service.tests.common_i18n import UI_MODELS, missing_spanish
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestAppointmentTranslations(TransactionCase):
    def test_every_ui_string_has_a_spanish_translation(self):
        # its e-mail templates and crons are written in English: their Spanish is checked too
        missing = missing_spanish(
            self.env, "citizen_appointment", UI_MODELS + ("ir.cron", "mail.template")
        )
        self.assertFalse(
            missing, f"{len(missing)} strings without es_MX, e.g. {sorted(missing)[:8]}"
        )
