from datetime import timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, tagged

from ..tools import map_cells

CITY = [21.06, -101.76, 21.20, -101.58]
CENTRE = [21.115, -101.69, 21.135, -101.67]
STATES = [("citizen_state", "in", ["captured", "in_process"])]


@tagged("post_install", "-at_install")
class TestCitizenMapCells(TransactionCase):
    """The pre-aggregated cells stay exact whatever writes the reports, and the map reads
    the same clusters from them as from the reports."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.Cell = env["citizen.map.cell"]
        cls.company = env.ref("base.main_company")
        cls.company_b = env["res.company"].create({"name": "Municipio de prueba (mapa)"})
        (cls.company | cls.company_b).partner_id.write({"tz": "America/Mexico_City"})
        env.user.write({"company_ids": [Command.link(cls.company_b.id)]})
        cls.team = env.ref("citizen_service.team_alumbrado")
        cls.petition = env["helpdesk.ticket.category"].search(
            [("team_id", "=", cls.team.id)], limit=1
        )
        cls.citizen = env["res.partner"].create(
            {"name": "Celdas Ciudadana Prueba", "is_citizen": True, "phone": "477 555 0199"}
        )
        cls.stage_process = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        # the month keys depend on the companies' time zone set above
        cls.Cell._citizen_rebuild()

    def _report(self, lat, lng, **vals):
        return (
            self.env["helpdesk.ticket"]
            .with_context(citizen_no_notify=True, citizen_no_zone_routing=True)
            .create(
                {
                    "name": "Lámpara apagada (celdas)",
                    "partner_id": self.citizen.id,
                    "category_id": self.petition.id,
                    "team_id": self.team.id,
                    "description": "<p>Prueba de las celdas del mapa.</p>",
                    "latitude": lat,
                    "longitude": lng,
                    **vals,
                }
            )
        )

    def _cells(self):
        """Every non-empty cell as {key: (count, sum_lat, sum_lng)}."""
        self.env.flush_all()
        # rows are appended deltas: a key is the sum of its rows
        self.env.cr.execute(
            """SELECT level, cell_lat, cell_lng, company_id, citizen_state, month,
                      ticket_active, deadline, sum(count), round(sum(sum_lat), 6),
                      round(sum(sum_lng), 6)
                 FROM citizen_map_cell
                GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
               HAVING sum(count) <> 0 OR round(sum(sum_lat), 6) <> 0
                   OR round(sum(sum_lng), 6) <> 0"""
        )
        return {tuple(row[:8]): tuple(row[8:]) for row in self.env.cr.fetchall()}

    def assertCellsExact(self):
        """The cells kept by the triggers are those a full recount gives."""
        kept = self._cells()
        self.Cell._citizen_rebuild()
        self.assertEqual(kept, self._cells())

    def _count_at(self, ticket, level=16, **key):
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT coalesce(sum(count), 0) FROM citizen_map_cell
                WHERE level = %s AND cell_lat = %s AND cell_lng = %s AND company_id = %s
                  AND citizen_state = %s AND ticket_active = %s""",
            [
                level,
                map_cells.cell_index(ticket.latitude, level),
                map_cells.cell_index(ticket.longitude, level),
                key.get("company", ticket.company_id).id,
                key.get("state", ticket.citizen_state),
                key.get("active", ticket.active),
            ],
        )
        return self.env.cr.fetchone()[0]

    # --- maintenance -------------------------------------------------------------
    def test_cells_follow_create_write_unlink(self):
        before = self._cells()
        # out of León: no demo report shares its cells
        ticket = self._report(20.6001, -100.4001)
        for level in map_cells.LEVELS:
            self.assertEqual(self._count_at(ticket, level), 1)
        self.assertCellsExact()
        # moved across the city
        ticket.write({"latitude": 20.6502, "longitude": -100.4503})
        self.assertEqual(self._count_at(ticket), 1)
        self.assertCellsExact()
        # status (a stored related field recomputed at flush, not a write of its own)
        ticket.write({"stage_id": self.stage_process.id, "first_response": "En revisión."})
        self.assertEqual(ticket.citizen_state, "in_process")
        self.assertEqual(self._count_at(ticket), 1)
        self.assertEqual(self._count_at(ticket, state="captured"), 0)
        self.assertCellsExact()
        # another municipality
        ticket.sudo().write({"company_id": self.company_b.id})
        self.assertEqual(self._count_at(ticket, company=self.company_b), 1)
        self.assertEqual(self._count_at(ticket, company=self.company), 0)
        self.assertCellsExact()
        # archived
        ticket.action_archive()
        self.assertEqual(self._count_at(ticket, active=False), 1)
        self.assertEqual(self._count_at(ticket, active=True), 0)
        self.assertCellsExact()
        # plain SQL (the demo generators move creation dates so)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = create_date - interval '400 days' "
            "WHERE id = %s",
            [ticket.id],
        )
        self.assertCellsExact()
        # without a place: out of the cells
        ticket.write({"latitude": 0.0, "longitude": 0.0})
        self.assertCellsExact()
        ticket.write({"latitude": 20.6001, "longitude": -100.4001})
        ticket.unlink()
        self.assertEqual(self._cells(), before)

    def test_rebuild_cron(self):
        self._report(21.1301, -101.6801)
        kept = self._cells()
        self.env.cr.execute("DELETE FROM citizen_map_cell")
        self.env.ref("citizen_service_map.ir_cron_citizen_map_cell_rebuild").method_direct_trigger()
        self.assertEqual(self._cells(), kept)

    # --- the map reads the same from the cells as from the reports -------------------
    def _assert_same_clusters(self, Ticket, domain, bounds, zoom):
        cell_domain = Ticket._citizen_cell_domain(domain)
        self.assertIsNotNone(cell_domain, domain)
        from_cells = Ticket._citizen_map_cell_clusters(cell_domain, bounds, zoom)
        live = Ticket._citizen_map_clusters(
            Ticket._citizen_bounds_query(domain, bounds, zoom), zoom
        )

        def by_cell(clusters):
            return {
                (map_cells.cell_index(c["lat"], zoom), map_cells.cell_index(c["lng"], zoom)): c
                for c in clusters
            }

        from_cells, live = by_cell(from_cells), by_cell(live)
        self.assertEqual(set(from_cells), set(live), (domain, zoom))
        for key, cluster in live.items():
            other = from_cells[key]
            self.assertEqual(other["count"], cluster["count"], (domain, zoom, key))
            self.assertEqual(other["traffic_light"], cluster["traffic_light"], (domain, key))
            self.assertAlmostEqual(other["lat"], cluster["lat"], places=6)
            self.assertAlmostEqual(other["lng"], cluster["lng"], places=6)
        return sum(c["count"] for c in live.values())

    def _some_reports(self):
        today = fields.Date.context_today(self.env["helpdesk.ticket"])
        reports = self.env["helpdesk.ticket"]
        for k in range(12):
            reports |= self._report(21.11 + k * 0.003, -101.70 + k * 0.004)
        # overdue, due soon, on time, closed
        reports[0].date_deadline = today - timedelta(days=10)
        reports[1].date_deadline = today + timedelta(days=1)
        reports[2].date_deadline = today + timedelta(days=30)
        reports[3].write({"stage_id": self.stage_process.id, "first_response": "Visto."})
        reports[4:6].sudo().write({"company_id": self.company_b.id})
        reports[6].action_archive()
        self.env.flush_all()
        # created on both sides of the start of March (local time, UTC-6)
        self.env.cr.execute(
            """UPDATE helpdesk_ticket SET create_date = CASE id
                   WHEN %s THEN TIMESTAMP '2020-03-01 05:59:59'
                   WHEN %s THEN TIMESTAMP '2020-03-01 06:00:00'
                   WHEN %s THEN TIMESTAMP '2020-03-31 20:00:00'
                   ELSE TIMESTAMP '2020-04-01 06:00:00' END
                WHERE id IN %s""",
            [reports[7].id, reports[8].id, reports[9].id, tuple(reports[7:11].ids)],
        )
        reports.invalidate_recordset()
        return reports

    def test_cells_and_reports_give_the_same_clusters(self):
        self._some_reports()
        Ticket = self.env["helpdesk.ticket"]
        march = [
            "&",
            ("create_date", ">=", "2020-03-01 06:00:00"),
            ("create_date", "<=", "2020-04-01 05:59:59"),
        ]
        domains = [
            [],
            STATES,
            ["|", ("citizen_state", "=", "captured"), ("citizen_state", "=", "in_process")],
            [("company_id", "=", self.company_b.id)],
            [("active", "=", False)],
            [("active", "in", [True, False])],
            march,
        ]
        for domain in domains:
            for bounds, zoom in ((CITY, 12), (CITY, 11), (CENTRE, 14), (CENTRE, 16), (CENTRE, 15)):
                self._assert_same_clusters(Ticket, domain, bounds, zoom)
        self.assertEqual(self._assert_same_clusters(Ticket, march, CITY, 12), 2)
        # the markers answer the same through either path
        live = Ticket.with_context(citizen_map_live=True)
        for domain in ([], STATES):
            for bounds, zoom in ((CITY, 12), (CENTRE, 16)):
                self.assertEqual(
                    Ticket.citizen_map_markers(domain=domain, bounds=bounds, zoom=zoom)["total"],
                    live.citizen_map_markers(domain=domain, bounds=bounds, zoom=zoom)["total"],
                )

    def test_other_searches_are_counted_live(self):
        Ticket = self.env["helpdesk.ticket"]
        for domain in (
            [("team_id", "=", self.team.id)],
            [("category_id", "=", self.petition.id)],
            [("name", "ilike", "lámpara")],
            [("create_date", ">=", "2020-03-05 06:00:00")],
            [("traffic_light", "=", "overdue")],
        ):
            self.assertIsNone(Ticket._citizen_cell_domain(domain), domain)
        self.assertIsNone(Ticket.with_context(citizen_map_live=True)._citizen_cell_domain([]))
        # an official's record rule (his departments) is not one the cells know
        official = self.env.ref("citizen_service.user_official_alumbrado")
        self.assertIsNone(Ticket.with_user(official)._citizen_cell_domain([]))
        Official = Ticket.with_user(official)
        result = Official.citizen_map_markers(bounds=CITY, zoom=12)
        seen = Official.browse(Official._citizen_bounds_query([], CITY, 12))
        self.assertTrue(seen)
        self.assertEqual(result["total"], len(seen))
        self.assertLess(len(seen), len(Ticket.browse(Ticket._citizen_bounds_query([], CITY, 12))))

    def test_companies_are_isolated(self):
        reports = self._some_reports()
        coordinator = self.env["res.users"].create(
            {
                "name": "Coordinadora solo León (celdas)",
                "login": "coord_celdas_leon",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "groups_id": [
                    Command.link(self.env.ref("citizen_service.group_citizen_coordinator").id)
                ],
            }
        )
        Ticket = self.env["helpdesk.ticket"].with_user(coordinator)
        self.assertIsNotNone(Ticket._citizen_cell_domain([]))
        in_b = reports.filtered(lambda r: r.company_id == self.company_b)
        self.assertEqual(len(in_b), 2)
        mine = self._assert_same_clusters(Ticket, [], CITY, 12)
        both = self.env["helpdesk.ticket"].with_context(
            allowed_company_ids=(self.company | self.company_b).ids
        )
        everything = self._assert_same_clusters(both, [], CITY, 12)
        self.assertEqual(everything - mine, 2)
        only_b = self._assert_same_clusters(
            Ticket, [("company_id", "=", self.company_b.id)], CITY, 12
        )
        self.assertEqual(only_b, 0)
