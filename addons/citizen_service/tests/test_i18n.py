import os

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

# every addon of this project: the folder that holds citizen_service (new addons need no edit here)
_ADDONS_DIR = os.path.dirname(get_module_path("citizen_service"))
OUR_ADDONS = tuple(
    sorted(
        name
        for name in os.listdir(_ADDONS_DIR)
        if os.path.isfile(os.path.join(_ADDONS_DIR, name, "__manifest__.py"))
    )
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
            # an entry whose Spanish equals the English is kept with an empty msgstr (OCA's po
            # format clears it) and the translator comment "same in Spanish"
            translated = {
                entry.msgid
                for entry in polib.pofile(po_path)
                if entry.msgstr.strip() or "same in Spanish" in (entry.tcomment or "")
            }
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
