"""Spanish everywhere: the screens our users open, rendered in es_MX, carry no English.

The backend part renders, for every menu of our addons, the views of its action (arch texts,
field labels and selection labels of the fields shown) and the action and menu names. The
portal part opens the citizen's pages as the demo citizen. Both fail on any text that is the
English source of a term of our addons or of the OCA helpdesk we build on (a term left
untranslated, or a view that shows the source instead of the translation), and on the terms a
user found in the product and reported.
"""

import re

import polib
from lxml import etree, html

from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, tagged

from .common_i18n import OUR_ADDONS, activate_es_mx

# Upstream modules whose words our users see in our screens.
UPSTREAM = ("helpdesk_mgmt",)
# Seen by users in the es_MX product and reported: they must never come back.
REPORTED = (
    "Internal notes",
    "Pole number",
    "Lamps off",
    "Public user",
    "Staffing plan creado",
    "Perception survey sampled report creado",
    "Ticket Helpdesk",
    "Tíquets",
    "Mis tickets",
    "Partner comercial",
    "Llamada creado",
    "The ticket has been assigned to",
    "My Website",
    "After-Sales",
    "YourLogo",
)
VIEW_ATTRS = ("string", "help", "placeholder", "confirm", "title", "sum")
VIEW_TYPES = ("list", "form", "kanban", "pivot", "graph", "calendar", "search")


def _po_path(module):
    base = get_module_path(module)
    for name in ("es_MX.po", "es.po"):
        path = f"{base}/i18n/{name}"
        try:
            return polib.pofile(path)
        except OSError:
            continue
    return []


@tagged("post_install", "-at_install")
class TestSpanishUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_es_mx(cls.env, website=True)
        modules = cls.env["ir.module.module"].search([("state", "=", "installed")])
        cls.installed = set(modules.mapped("name"))
        cls.es = cls.env(context=dict(cls.env.context, lang="es_MX"))
        english, spanish = set(), set()
        for module in OUR_ADDONS + UPSTREAM:
            if module not in cls.installed:
                continue
            for entry in _po_path(module):
                msgid, msgstr = entry.msgid.strip(), entry.msgstr.strip()
                if msgstr:
                    spanish.add(msgstr)
                if msgstr and msgstr != msgid and re.search(r"[A-Za-z]{3}", msgid):
                    english.add(msgid)
        # a word that is also a Spanish translation ("Media", "Total") proves nothing
        cls.english = english - spanish

    def _check_text(self, where, text, found):
        text = (text or "").strip()
        if not text:
            return
        if text in self.english:
            found.setdefault(text, where)
        for term in REPORTED:
            if term in text:
                found.setdefault(term, where)

    def _our_menus(self):
        menus = self.es["ir.ui.menu"].search([])
        xmlids = menus.get_external_id()
        return [
            (menu, xmlids[menu.id])
            for menu in menus
            if xmlids.get(menu.id, "").split(".")[0] in OUR_ADDONS
        ]

    def test_backend_screens_of_every_menu(self):
        found = {}
        for menu, xmlid in self._our_menus():
            self._check_text(f"menu {xmlid}", menu.name, found)
            action = menu.action
            if not action:
                continue
            self._check_text(f"action of {xmlid}", action.name, found)
            if action._name != "ir.actions.act_window" or action.res_model not in self.es:
                continue
            modes = {m for m in action.view_mode.split(",") if m in VIEW_TYPES} | {"search"}
            views = self.es[action.res_model].get_views(
                [(False, mode) for mode in modes], {"action_id": action.id}
            )
            for mode, view in views["views"].items():
                arch = etree.fromstring(view["arch"])
                for node in arch.iter(etree.Element):
                    where = f"{xmlid} ({mode})"
                    for attr in VIEW_ATTRS:
                        if node is arch and mode == "search" and attr == "string":
                            continue  # a search view's title is shown nowhere
                        self._check_text(where, node.get(attr), found)
                    self._check_text(where, node.text, found)
                    self._check_text(where, node.tail, found)
            for model, description in views["models"].items():
                names = list(description.get("fields", description))
                for fname, field in (
                    self.es[model].fields_get(names, ["string", "selection"]).items()
                ):
                    where = f"{xmlid}: field {model}.{fname}"
                    self._check_text(where, field.get("string"), found)
                    for _value, label in field.get("selection") or []:
                        self._check_text(where, label, found)
        self.assertFalse(
            found,
            "English in the es_MX backend:\n"
            + "\n".join(f"  {term!r} in {where}" for term, where in sorted(found.items())),
        )

    def test_model_descriptions_are_spanish(self):
        """Chatter says "<model description> creado": our models' names must be Spanish."""
        found = {}
        models = self.env["ir.model"].search([])
        for model in models:
            modules = set((model.modules or "").replace(" ", "").split(","))
            if not modules & set(OUR_ADDONS):
                continue
            english_name = model.with_context(lang="en_US").name
            spanish_name = model.with_context(lang="es_MX").name
            if model.model in self.es and spanish_name == english_name:
                found[model.model] = english_name
        self.assertFalse(found, f"model descriptions without Spanish name: {found}")

    def test_portal_pages_of_the_citizen(self):
        citizen = self.env.ref("citizen_service.user_citizen")
        citizen.lang = "es_MX"
        self.authenticate(citizen.login, citizen.login)
        ticket = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", citizen.partner_id.id)], limit=1
        )
        pages = ["/", "/my", "/my/home", "/my/tickets", "/new/ticket", "/atencion/folio"]
        if ticket:
            pages.append(f"/my/ticket/{ticket.id}")
        if "school_enrollment" in self.installed:
            pages.append("/my/enrollment")
        found = {}
        for url in pages:
            response = self.url_open(url)
            self.assertLess(response.status_code, 500, url)
            if response.status_code == 404:
                continue
            tree = html.fromstring(response.content)
            for bad in tree.xpath("//script|//style|//noscript"):
                bad.drop_tree()
            for node in tree.iter(etree.Element):
                self._check_text(url, node.text, found)
                self._check_text(url, node.tail, found)
                for attr in ("placeholder", "title"):
                    self._check_text(url, node.get(attr), found)
        self.assertFalse(
            found,
            "English in the es_MX portal:\n"
            + "\n".join(f"  {term!r} in {where}" for term, where in sorted(found.items())),
        )
