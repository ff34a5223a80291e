import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

OUR_ADDONS = (
    "citizen_service",
    "school_enrollment",
    "call_center",
    "citizen_survey",
    "citizen_appointment",
    "citizen_service_map",
    "citizen_service_dashboard",
)
# records whose translatable texts are user interface (not demo or business data)
UI_MODELS = (
    "ir.model",
    "ir.model.fields",
    "ir.model.fields.selection",
    "ir.ui.menu",
    "ir.ui.view",
    "ir.actions.act_window",
    "ir.actions.report",
    "ir.actions.server",
    "ir.actions.client",
    "res.groups",
    "ir.module.category",
)


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_every_ui_string_has_a_spanish_translation(self):
        installed = self.env["ir.module.module"].search(
            [("name", "in", OUR_ADDONS), ("state", "=", "installed")]
        )
        self.assertIn("citizen_service", installed.mapped("name"))
        for module in installed.mapped("name"):
            po_path = f"{get_module_path(module)}/i18n/es_MX.po"
            translated = {entry.msgid for entry in polib.pofile(po_path) if entry.msgstr.strip()}
            reader = TranslationModuleReader(self.env.cr, modules=[module], lang="en_US")
            missing = set()
            for _module, ttype, name, _res_id, source, _value, _comments in reader:
                if not source or not source.strip():
                    continue
                model = name.split(",")[0]
                if ttype == "code" or model in UI_MODELS:
                    if source not in translated:
                        missing.add(source)
            self.assertFalse(
                missing,
                f"{module}: {len(missing)} strings without es_MX translation, "
                f"e.g. {sorted(missing)[:8]}",
            )
