from odoo import http
from odoo.http import request
from odoo.osv import expression

from ..tools.phone import citizen_phone_parts

OFFICE_PUBLIC_LIMIT = 200


class CitizenWebsite(http.Controller):
    """Public pages of the citizen service website (office directory)."""

    @http.route("/atencion/directorio", type="http", auth="public", website=True, sitemap=True)
    def citizen_office_directory(self, search=None, **kwargs):
        search = (search or "").strip()[:100]
        domain = [("active", "=", True)]
        if search:
            domain = expression.AND(
                [
                    domain,
                    [
                        "|",
                        "|",
                        ("name", "ilike", search),
                        ("topics", "ilike", search),
                        ("team_id.name", "ilike", search),
                    ],
                ]
            )
        offices = (
            request.env["citizen.office"]
            .sudo()
            .search(domain, order="name", limit=OFFICE_PUBLIC_LIMIT)
        )
        selection = (
            request.env["citizen.office"]
            ._fields["government_level"]
            ._description_selection(request.env)
        )
        levels = dict(selection)
        # municipal offices first, then paramunicipal, state, federal and others
        rank = {key: index for index, (key, _label) in enumerate(selection)}
        offices = offices.sorted(lambda o: (rank.get(o.government_level, len(rank)), o.name))
        values = {
            "offices": offices,
            "levels": levels,
            "search": search,
            "phone_parts": citizen_phone_parts,
        }
        return request.render("citizen_service.citizen_office_directory_page", values)
