from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from ..tools import geo

# markers drawn at once; the markers are clustered by the view
MAP_LIMIT = 2000
# more reports than this in the view: the server sends grid clusters, not markers
MARKER_THRESHOLD = 400
# from this zoom on (a few streets) the reports are always single markers
MARKER_ZOOM = 17
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

    citizen_zone_id = fields.Many2one(
        "citizen.service.zone",
        string="Service zone",
        index="btree_not_null",
        copy=False,
        readonly=True,
        ondelete="set null",
        help="Zone whose team and responsible the report was routed to when it was created.",
    )

    def init(self):
        res = super().init()
        # The map reads only what is in view: a range on latitude, then longitude. Both
        # indexes carry what the clusters and the usual filters need (status, deadline,
        # active, company), so a view is counted from the index alone (index-only scan);
        # the second one serves the map's default search (Capturado + Proceso).
        include = "INCLUDE (date_deadline, active, company_id)"
        for name, columns in (
            ("helpdesk_ticket_citizen_map_latlng_index", "latitude, longitude, citizen_state"),
            ("helpdesk_ticket_citizen_map_state_index", "citizen_state, latitude, longitude"),
        ):
            self.env.cr.execute(
                SQL(
                    "CREATE INDEX IF NOT EXISTS %s ON helpdesk_ticket (%s) %s",
                    SQL.identifier(name),
                    SQL(columns),
                    SQL(include),
                )
            )
        return res

    # --- place: colonia from the point, zone routing ---------------------------
    @api.model
    def _citizen_nearest_colonia(self, latitude, longitude):
        """The colonia whose polygon contains the point, else the nearest centre."""
        return self.env["citizen.colonia"]._citizen_at_point(latitude, longitude)

    @api.onchange("latitude", "longitude")
    def _onchange_citizen_point_colonia(self):
        for ticket in self:
            if ticket.latitude or ticket.longitude:
                colonia = self._citizen_nearest_colonia(ticket.latitude, ticket.longitude)
                if colonia:
                    ticket.colonia_id = colonia

    @api.model
    def _citizen_zone_vals(self, vals):
        """``vals`` routed by the service zone containing the report's point."""
        if self.env.context.get("citizen_no_zone_routing") or not vals.get("category_id"):
            return vals
        located = self._citizen_location_vals(dict(vals))
        lat, lng = located.get("latitude"), located.get("longitude")
        if not (lat or lng):
            return vals
        if not vals.get("colonia_id"):
            colonia = self._citizen_nearest_colonia(lat, lng)
            if colonia:
                vals["colonia_id"] = colonia.id
        petition = self.env["helpdesk.ticket.category"].sudo().browse(vals["category_id"])
        if vals.get("team_id") and vals["team_id"] != petition.team_id.id:
            # sent on purpose to another department: not the zone's business
            return vals
        zone = self.env["citizen.service.zone"]._citizen_zone_for(lat, lng, petition)
        if zone:
            vals["citizen_zone_id"] = zone.id
            vals["team_id"] = (zone.team_id or zone.department_id).id
            if zone.user_id:
                vals["user_id"] = zone.user_id.id
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        point = self.env.context.get("citizen_capture_point")
        if point and len(vals_list) == 1 and not vals_list[0].get("latitude"):
            # the point clicked on the quick capture's map
            vals_list = [dict(vals_list[0], latitude=point[0], longitude=point[1])]
        vals_list = [self._citizen_zone_vals(dict(vals)) for vals in vals_list]
        return super().create(vals_list)

    # --- map of reports ----------------------------------------------------------

    @api.model
    def _citizen_map_domain(self, domain=None):
        """``domain`` restricted to the reports that have a place (never drawn at 0,0)."""
        located = ["|", ("latitude", "!=", 0), ("longitude", "!=", 0)]
        return expression.AND([domain or [], located])

    @api.model
    def _citizen_bounds_domain(self, bounds):
        """Domain of the reports inside ``bounds`` = [south, west, north, east]."""
        south, west, north, east = (float(b) for b in bounds)
        return [
            ("latitude", ">=", south),
            ("latitude", "<=", north),
            ("longitude", ">=", west),
            ("longitude", "<=", east),
        ]

    @api.model
    def _citizen_bounds_query(self, domain, bounds):
        """Query of the located reports of ``domain`` inside ``bounds``.

        The box is plain SQL ranges (the ORM would add ``OR latitude IS NULL`` to the upper
        bounds, which defeats the index), read from the covering indexes of ``init``.
        """
        south, west, north, east = (float(b) for b in bounds)
        query = self._search(self._citizen_map_domain(domain))
        query.add_where(
            SQL(
                "%s BETWEEN %s AND %s AND %s BETWEEN %s AND %s",
                SQL.identifier("helpdesk_ticket", "latitude"),
                south,
                north,
                SQL.identifier("helpdesk_ticket", "longitude"),
                west,
                east,
            )
        )
        return query

    @api.model
    def _citizen_open_states(self):
        self.env.cr.execute(
            "SELECT DISTINCT citizen_state FROM helpdesk_ticket_stage "
            "WHERE NOT coalesce(closed, false) AND citizen_state IS NOT NULL"
        )
        return tuple(row[0] for row in self.env.cr.fetchall()) or ("",)

    @api.model
    def _citizen_map_clusters(self, query, zoom):
        """Grid clusters of the reports of ``query``: one row per cell of about 90 px at
        ``zoom`` with the count, mean point and worst traffic light (open = a status of an
        open stage, so no join: the covering indexes answer alone)."""
        cell = geo.grid_cell(zoom)
        # raw SQL below: what is still in the cache must be in the table
        self.flush_model(["latitude", "longitude", "citizen_state", "date_deadline", "active"])
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=self._citizen_due_soon_days())
        is_open = SQL(
            "%s IN %s",
            SQL.identifier("helpdesk_ticket", "citizen_state"),
            self._citizen_open_states(),
        )
        lat = SQL("%s::float8", SQL.identifier("helpdesk_ticket", "latitude"))
        lng = SQL("%s::float8", SQL.identifier("helpdesk_ticket", "longitude"))
        self.env.cr.execute(
            SQL(
                """SELECT count(*), avg(%(lat)s), avg(%(lng)s),
                          min(helpdesk_ticket.date_deadline) FILTER (WHERE %(is_open)s),
                          bool_or(%(is_open)s)
                     FROM %(from_clause)s
                    WHERE %(where_clause)s
                 GROUP BY floor(%(lat)s / %(cell)s), floor(%(lng)s / %(cell)s)""",
                lat=lat,
                lng=lng,
                is_open=is_open,
                from_clause=query.from_clause,
                where_clause=query.where_clause or SQL("TRUE"),
                cell=cell,
            )
        )
        clusters = []
        for count, clat, clng, deadline, any_open in self.env.cr.fetchall():
            if not any_open:
                light = "closed"
            elif deadline and deadline < today:
                light = "overdue"
            elif deadline and deadline <= soon:
                light = "due_soon"
            else:
                light = "on_time"
            clusters.append({"lat": clat, "lng": clng, "count": count, "traffic_light": light})
        return clusters

    @api.model
    def citizen_map_markers(
        self, domain=None, limit=MAP_LIMIT, bounds=None, zoom=None, with_unlocated=True
    ):
        """Markers of the reports matching ``domain`` (the search of the map view).

        With ``bounds`` ([south, west, north, east]) only the reports in view are read;
        when more than ``MARKER_THRESHOLD`` are in view (and ``zoom`` is below
        ``MARKER_ZOOM``) they come as grid clusters, counted in SQL.

        Returns ``{"markers": [...], "clusters": [...], "total": n, "unlocated": m,
        "legend": [...]}``: the located reports (newest first, up to ``limit``) or the
        clusters, how many are located (in view), how many match the search without
        coordinates (they are not drawn) and the traffic light labels in the user's
        language.
        """
        limit = min(int(limit or MAP_LIMIT), MAP_LIMIT)
        clusters = []
        records = self.browse()
        if bounds:
            query = self._citizen_bounds_query(domain, bounds)
            clusters = self._citizen_map_clusters(query, zoom)
            total = sum(c["count"] for c in clusters)
            if total <= MARKER_THRESHOLD or (zoom or 0) >= MARKER_ZOOM:
                clusters = []
                query.order = SQL("helpdesk_ticket.create_date DESC, helpdesk_ticket.id DESC")
                query.limit = limit
                records = self.browse(query)
        else:
            map_domain = self._citizen_map_domain(domain)
            records = self.search(map_domain, limit=limit, order="create_date desc, id desc")
            total = self.search_count(map_domain) if len(records) == limit else len(records)
        unlocated = 0
        if with_unlocated:
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
            "clusters": clusters,
            "total": total,
            "unlocated": unlocated,
            "legend": [[key, label] for key, label in lights.items()],
        }

    # --- colonia analysis ---------------------------------------------------------
    @api.model
    def _citizen_period_domain(self, days):
        days = int(days or 0)
        if days <= 0:
            return []
        since = fields.Datetime.now() - timedelta(days=days)
        return [("create_date", ">=", fields.Datetime.to_string(since))]

    @api.model
    def citizen_map_colonias(self, domain=None, days=30):
        """Reports per colonia over the last ``days`` (0: all) for the search ``domain``:
        one row per colonia with its centre, polygon, count and the counts per department
        and petition (most first)."""
        base = expression.AND(
            [domain or [], self._citizen_period_domain(days), [("colonia_id", "!=", False)]]
        )
        rows = self._read_group(base, ["colonia_id"], ["__count"], order="__count desc")
        by_team, by_petition = {}, {}
        for colonia, team, count in self._read_group(
            base, ["colonia_id", "team_id"], ["__count"], order="__count desc"
        ):
            by_team.setdefault(colonia.id, []).append([team.display_name or "—", count])
        for colonia, petition, count in self._read_group(
            base, ["colonia_id", "category_id"], ["__count"], order="__count desc"
        ):
            by_petition.setdefault(colonia.id, []).append([petition.display_name or "—", count])
        result = []
        for colonia, count in rows:
            colonia = colonia.sudo()
            if not (colonia.latitude or colonia.longitude):
                continue
            result.append(
                {
                    "id": colonia.id,
                    "name": colonia.display_name,
                    "lat": colonia.latitude,
                    "lng": colonia.longitude,
                    "geojson": colonia.geojson if colonia.has_area else False,
                    "count": count,
                    "departments": by_team.get(colonia.id, [])[:3],
                    "petitions": by_petition.get(colonia.id, [])[:3],
                }
            )
        return result

    @api.model
    def citizen_map_colonia_action(self, colonia_id, domain=None, days=30):
        """The list of the reports of a colonia behind a circle of the analysis."""
        colonia = self.env["citizen.colonia"].browse(int(colonia_id)).exists()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "citizen_service.action_citizen_reports_all"
        )
        title = self.env._("Reports of %(colonia)s", colonia=colonia.display_name)
        action.update(
            name=title,
            # the breadcrumb shows display_name (the action's own name otherwise)
            display_name=title,
            domain=expression.AND(
                [domain or [], self._citizen_period_domain(days), [("colonia_id", "=", colonia.id)]]
            ),
            context={"create": False},
            views=[(False, "list"), (False, "form")],
            view_mode="list,form",
        )
        return action

    @api.model
    def citizen_map_zones(self):
        """Service zones drawn on the map."""
        zones = self.env["citizen.service.zone"].search([("has_area", "=", True)])
        return [
            {
                "id": zone.id,
                "name": zone.name,
                "department": zone.department_id.display_name,
                "petition": zone.category_id.display_name or "",
                "user": zone.user_id.name or "",
                "color": zone.color or "#3f51b5",
                "geojson": zone.geojson,
            }
            for zone in zones
        ]
