import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

UI_MODELS = (
    "ir.model",
    "ir.model.fields",
    "ir.model.fields.selection",
    "ir.ui.menu",
    "ir.ui.view",
    "ir.actions.act_window",
    "ir.actions.report",
    "ir.actions.server",
    "ir.cron",
    "res.groups",
    "mail.template",
)


@tagged("post_install", "-at_install")
class TestAppointmentTranslations(TransactionCase):
    def test_every_ui_string_has_a_spanish_translation(self):
        po_path = f"{get_module_path('citizen_appointment')}/i18n/es_MX.po"
        # same in Spanish: empty msgstr (OCA's po format) with that translator comment
        translated = {
            e.msgid
            for e in polib.pofile(po_path)
            if e.msgstr.strip() or "same in Spanish" in (e.tcomment or "")
        }
        reader = TranslationModuleReader(self.env.cr, modules=["citizen_appointment"], lang="en_US")
        missing = set()
        for _module, ttype, name, _res_id, source, _value, _comments in reader:
            if not source or not source.strip():
                continue
            if ttype == "code" or name.split(",")[0] in UI_MODELS:
                if source not in translated:
                    missing.add(source)
        self.assertFalse(
            missing, f"{len(missing)} strings without es_MX, e.g. {sorted(missing)[:8]}"
        )
