from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from ..tools import geo, map_cells

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
    def _citizen_bounds_query(self, domain, bounds, zoom=None):
        """Query of the located reports of ``domain`` inside ``bounds``; with ``zoom``,
        inside the whole grid cells of that zoom that touch ``bounds`` (what the clusters
        count, from the reports or from the pre-aggregated cells alike).

        The box is plain SQL ranges (the ORM would add ``OR latitude IS NULL`` to the upper
        bounds, which defeats the index), read from the covering indexes of ``init``.
        """
        south, west, north, east = (float(b) for b in bounds)
        lat = SQL.identifier("helpdesk_ticket", "latitude")
        lng = SQL.identifier("helpdesk_ticket", "longitude")
        query = self._search(self._citizen_map_domain(domain))
        if zoom is None:
            query.add_where(
                SQL(
                    "%s BETWEEN %s AND %s AND %s BETWEEN %s AND %s",
                    lat,
                    south,
                    north,
                    lng,
                    west,
                    east,
                )
            )
            return query
        cell = geo.grid_cell(zoom)
        lat_min, lat_max, lng_min, lng_max = map_cells.cell_range(bounds, zoom)
        # the ranges serve the index; the cell indexes decide (as the cells' triggers)
        slack = 1e-6
        query.add_where(
            SQL(
                """%(lat)s BETWEEN %(s)s AND %(n)s AND %(lng)s BETWEEN %(w)s AND %(e)s
                   AND floor(%(lat)s::float8 / %(cell)s) BETWEEN %(i0)s AND %(i1)s
                   AND floor(%(lng)s::float8 / %(cell)s) BETWEEN %(j0)s AND %(j1)s""",
                lat=lat,
                lng=lng,
                s=lat_min * cell - slack,
                n=(lat_max + 1) * cell + slack,
                w=lng_min * cell - slack,
                e=(lng_max + 1) * cell + slack,
                cell=cell,
                i0=lat_min,
                i1=lat_max,
                j0=lng_min,
                j1=lng_max,
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
        return [
            {
                "lat": clat,
                "lng": clng,
                "count": count,
                "traffic_light": map_cells.deadline_light(deadline, any_open, today, soon),
            }
            for count, clat, clng, deadline, any_open in self.env.cr.fetchall()
        ]

    @api.model
    def _citizen_cell_domain(self, domain):
        """The map's search ``domain`` with the user's record rules as a domain on
        ``citizen.map.cell``, or ``None`` when the cells cannot answer it exactly (a
        condition on anything but status, company, archiving and creation months, a
        record rule on anything else, open statuses without a stored deadline)."""
        if self.env.context.get("citizen_map_live") or not set(self._citizen_open_states()) <= set(
            map_cells.DEADLINE_STATES
        ):
            return None
        domain = list(domain or [])
        if self.env.context.get("active_test", True) and not map_cells.mentions(domain, "active"):
            domain = expression.AND([[("active", "=", True)], domain])
        if not self.env.su:
            rules = self.env["ir.rule"]._compute_domain(self._name, "read")
            if rules:
                domain = expression.AND([domain, rules])
        tz = None
        if map_cells.mentions(domain, "create_date"):
            zones = {c._citizen_tz() for c in self.env["res.company"].sudo().search([])}
            if len(zones) != 1:
                return None
            tz = zones.pop()
        return map_cells.cell_domain(expression.normalize_domain(domain), tz)

    @api.model
    def _citizen_map_cell_clusters(self, cell_domain, bounds, zoom):
        """The clusters of :meth:`_citizen_map_clusters` read from ``citizen.map.cell``
        (same cells, counts, mean points and traffic lights): the finest stored level at
        or above ``zoom``, its cells grouped by ``index >> (level - zoom)``."""
        zoom = max(0, int(zoom or 0))
        level = map_cells.level_for_zoom(zoom)
        shift = level - zoom
        lat_min, lat_max, lng_min, lng_max = map_cells.cell_range(bounds, zoom)
        Cell = self.env["citizen.map.cell"].sudo()
        query = Cell._search(expression.AND([cell_domain, [("level", "=", level)]]))
        cell_lat = SQL.identifier("citizen_map_cell", "cell_lat")
        cell_lng = SQL.identifier("citizen_map_cell", "cell_lng")
        query.add_where(
            SQL(
                "%s BETWEEN %s AND %s AND %s BETWEEN %s AND %s",
                cell_lat,
                lat_min << shift,
                ((lat_max + 1) << shift) - 1,
                cell_lng,
                lng_min << shift,
                ((lng_max + 1) << shift) - 1,
            )
        )
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=self._citizen_due_soon_days())
        is_open = SQL(
            "%s IN %s",
            SQL.identifier("citizen_map_cell", "citizen_state"),
            self._citizen_open_states(),
        )
        deadline = SQL.identifier("citizen_map_cell", "deadline")
        count = SQL.identifier("citizen_map_cell", "count")
        self.env.cr.execute(
            SQL(
                """SELECT sum(%(count)s), sum(citizen_map_cell.sum_lat),
                          sum(citizen_map_cell.sum_lng),
                          sum(%(count)s) FILTER (WHERE %(is_open)s AND %(deadline)s < %(today)s),
                          sum(%(count)s) FILTER (WHERE %(is_open)s
                                                   AND %(deadline)s >= %(today)s
                                                   AND %(deadline)s <= %(soon)s),
                          sum(%(count)s) FILTER (WHERE %(is_open)s)
                     FROM %(from_clause)s
                    WHERE %(where_clause)s
                 GROUP BY %(cell_lat)s >> %(shift)s, %(cell_lng)s >> %(shift)s
                   HAVING sum(%(count)s) > 0""",
                count=count,
                is_open=is_open,
                deadline=deadline,
                today=today,
                soon=soon,
                from_clause=query.from_clause,
                where_clause=query.where_clause or SQL("TRUE"),
                cell_lat=cell_lat,
                cell_lng=cell_lng,
                shift=shift,
            )
        )
        clusters = []
        for total, sum_lat, sum_lng, overdue, due_soon, open_count in self.env.cr.fetchall():
            clusters.append(
                {
                    "lat": float(sum_lat) / total,
                    "lng": float(sum_lng) / total,
                    "count": int(total),
                    "traffic_light": map_cells.traffic_light(overdue, due_soon, open_count),
                }
            )
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
            zoom = max(0, int(zoom or 0))
            query = self._citizen_bounds_query(domain, bounds, zoom)
            # below the markers' zoom, a search the cells know is counted from them
            cell_domain = self._citizen_cell_domain(domain) if zoom < MARKER_ZOOM else None
            if cell_domain is None:
                clusters = self._citizen_map_clusters(query, zoom)
            else:
                clusters = self._citizen_map_cell_clusters(cell_domain, bounds, zoom)
            total = sum(c["count"] for c in clusters)
            if total <= MARKER_THRESHOLD or zoom >= MARKER_ZOOM:
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
