"""The one way the tests switch to Spanish (es_MX).

Every addon's tests import it from ``odoo.addons.citizen_service.tests.common_i18n``.
"""

from odoo import Command


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
