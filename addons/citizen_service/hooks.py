def post_init_hook(env):
    """Apply our words over the upstream ones (see i18n_extra/es_MX.po).

    When a language is loaded after the install, Odoo reads every module's files in dependency
    order and ours come last; at install time the upstream translations already exist and Odoo
    keeps them, so they are overwritten here once.
    """
    langs = [code for code, _name in env["res.lang"].get_installed() if code != "en_US"]
    if langs:
        env["ir.module.module"]._load_module_terms(["citizen_service"], langs, overwrite=True)
    # the city's website speaks Spanish when the language is there
    spanish = env["res.lang"]._lang_get("es_MX")
    if spanish and spanish.active:
        for website in env["website"].search([]):
            website.language_ids |= spanish
            website.default_lang_id = spanish


def uninstall_hook(env):
    """The report counts' triggers live on helpdesk_ticket, which stays: drop them."""
    env["citizen.report.count"]._citizen_drop()
