from odoo import api, models
from odoo.osv import expression

# markers drawn at once; the markers are clustered by the view
MAP_LIMIT = 2000
MAP_FIELDS = [
    "number",
    "name",
    "category_id",
    "stage_id",
    "colonia_id",
    "latitude",
    "longitude",
    "traffic_light",
]


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model
    def _citizen_map_domain(self, domain=None):
        """``domain`` restricted to the reports that have a place (never drawn at 0,0)."""
        located = ["|", ("latitude", "!=", 0), ("longitude", "!=", 0)]
        return expression.AND([domain or [], located])

    @api.model
    def citizen_map_markers(self, domain=None, limit=MAP_LIMIT):
        """Markers of the reports matching ``domain`` (the search of the map view).

        Returns ``{"markers": [...], "total": n, "unlocated": m, "legend": [...]}``: the
        located reports (newest first, up to ``limit``), how many are located, how many
        match the search without coordinates (they are not drawn) and the traffic light
        labels in the user's language.
        """
        limit = min(int(limit or MAP_LIMIT), MAP_LIMIT)
        map_domain = self._citizen_map_domain(domain)
        records = self.search(map_domain, limit=limit, order="create_date desc, id desc")
        total = self.search_count(map_domain) if len(records) == limit else len(records)
        unlocated = self.search_count(
            expression.AND([domain or [], [("latitude", "=", 0), ("longitude", "=", 0)]])
        )
        lights = dict(self._fields["traffic_light"]._description_selection(self.env))
        states = dict(self._fields["citizen_state"]._description_selection(self.env))
        markers = []
        for ticket in records:
            markers.append(
                {
                    "id": ticket.id,
                    "lat": ticket.latitude,
                    "lng": ticket.longitude,
                    "folio": ticket.number or "",
                    "petition": ticket.category_id.display_name or ticket.name or "",
                    "status": states.get(ticket.citizen_state) or ticket.stage_id.display_name,
                    "colonia": ticket.colonia_id.display_name or "",
                    "traffic_light": ticket.traffic_light or "on_time",
                    "traffic_light_label": lights.get(ticket.traffic_light, ""),
                }
            )
        return {
            "markers": markers,
            "total": total,
            "unlocated": unlocated,
            "legend": [[key, label] for key, label in lights.items()],
        }
