from odoo import api, fields, models
from odoo.osv import expression

from ..tools.open311 import fold


class HelpdeskTicketCategory(models.Model):
    """Petitions are found by code and words, whatever the accents and the case.

    ``OP-LAMP``, ``lampara`` and ``LÁMPARA`` all find "Lámpara apagada": a stored,
    normalised (lower case, no accents) text of the code and of the name in every
    installed language is searched word by word, so the database needs no ``unaccent``.
    """

    _inherit = "helpdesk.ticket.category"

    citizen_search_text = fields.Char(
        string="Search text",
        compute="_compute_citizen_search_text",
        store=True,
        index="trigram",
        help="Code and name without accents, in lower case (used to search petitions).",
    )

    @api.depends("code", "name")
    def _compute_citizen_search_text(self):
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        for petition in self:
            parts = [petition.code or ""]
            for lang in dict.fromkeys(["en_US", *langs]):
                parts.append(petition.with_context(lang=lang).name or "")
            petition.citizen_search_text = " ".join(
                dict.fromkeys(fold(part) for part in parts if part)
            )

    @api.model
    def _search_display_name(self, operator, value):
        domain = super()._search_display_name(operator, value)
        if operator not in ("ilike", "=ilike", "like") or not isinstance(value, str):
            return domain
        words = fold(value).split()
        if not words:
            return domain
        folded = expression.AND([[("citizen_search_text", "ilike", word)] for word in words])
        return expression.OR([domain, folded])
