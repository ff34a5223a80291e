"""The one way the tests switch to Spanish (es_MX) and tell a UI text left in English.

Every addon's tests import it from ``odoo.addons.citizen_service.tests.common_i18n``.
"""

import os

import polib

from odoo import Command
from odoo.modules.module import get_module_path
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


def activate_es_mx(env, users=None, overwrite=False, website=False):
    """Activate es_MX and load the translations of every installed module.

    ``overwrite=True`` replaces the Spanish already in the database: our words (the citizen
    statuses Capturado, Proceso...) then win over the upstream addons' own Spanish
    (helpdesk_mgmt's) whatever an earlier test loaded. ``users`` get es_MX and the city's
    time zone; ``website=True`` makes es_MX the language (and the default) of every website.
    Returns the ``res.lang`` record.
    """
    lang = env["res.lang"]._activate_lang("es_MX")
    env["ir.module.module"].search([("state", "=", "installed")])._update_translations(
        ["es_MX"], overwrite=overwrite
    )
    if users:
        users.write({"lang": "es_MX", "tz": "America/Mexico_City"})
    if website:
        env["website"].search([]).write(
            {"language_ids": [Command.link(lang.id)], "default_lang_id": lang.id}
        )
    return lang


def missing_spanish(env, module, ui_models=UI_MODELS):
    """The UI texts (code strings and UI records) of ``module`` its ``i18n/es_MX.po`` does not
    translate. An entry whose Spanish equals the English counts as translated: it is kept
    with an empty msgstr (OCA's po format clears it) and the translator comment
    "same in Spanish"."""
    translated = {
        entry.msgid
        for entry in polib.pofile(f"{get_module_path(module)}/i18n/es_MX.po")
        if entry.msgstr.strip() or "same in Spanish" in (entry.tcomment or "")
    }
    reader = TranslationModuleReader(env.cr, modules=[module], lang="en_US")
    missing = set()
    for _module, ttype, name, _res_id, source, _value, _comments in reader:
        if not source or not source.strip():
            continue
        if (ttype == "code" or name.split(",")[0] in ui_models) and source not in translated:
            missing.add(source)
    return missing
