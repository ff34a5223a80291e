from odoo.tests import TransactionCase, tagged

from .common_i18n import OUR_ADDONS, missing_spanish


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_every_ui_string_has_a_spanish_translation(self):
        installed = self.env["ir.module.module"].search(
            [("name", "in", OUR_ADDONS), ("state", "=", "installed")]
        )
        self.assertIn("citizen_service", installed.mapped("name"))
        for module in installed.mapped("name"):
            missing = missing_spanish(self.env, module)
            self.assertFalse(
                missing,
                f"{module}: {len(missing)} strings without es_MX translation, "
                f"e.g. {sorted(missing)[:8]}",
            )
