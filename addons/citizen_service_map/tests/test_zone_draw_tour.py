import json

from odoo import Command
from odoo.tests import HttpCase, tagged

from ..tools import geo


@tagged("post_install", "-at_install")
class TestCitizenZoneDrawTour(HttpCase):
    """The administrator draws a service zone on the map, in es_MX."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang("es_MX")
        env["ir.module.module"].search(
            [
                (
                    "name",
                    "in",
                    ["base", "web", "helpdesk_mgmt", "citizen_service", "citizen_service_map"],
                ),
                ("state", "=", "installed"),
            ]
        )._update_translations(["es_MX"])
        cls.admin = env.ref("base.user_admin")
        cls.admin.write(
            {
                "lang": "es_MX",
                "tz": "America/Mexico_City",
                "groups_id": [Command.link(env.ref("citizen_service.group_citizen_admin").id)],
            }
        )
        cls.department = env["helpdesk.ticket.team"].create({"name": "Parques (dibujo)"})
        cls.petition = env["helpdesk.ticket.category"].create(
            {"name": "Poda (dibujo)", "team_id": cls.department.id}
        )
        # the department's zone already drawn, east of the city centre the map opens on
        home = env["res.users"].get_default_leaflet_position("helpdesk.ticket")
        lat, lng = home["lat"] or 21.1221, home["lng"] or -101.6824
        ring = [
            [lng + 0.05, lat - 0.02],
            [lng + 0.09, lat - 0.02],
            [lng + 0.09, lat + 0.02],
            [lng + 0.05, lat + 0.02],
            [lng + 0.05, lat - 0.02],
        ]
        cls.existing = env["citizen.service.zone"].create(
            {
                "name": "Parque existente",
                "department_id": cls.department.id,
                "geojson": json.dumps({"type": "Polygon", "coordinates": [ring]}),
            }
        )

    def test_admin_draws_zone(self):
        self.start_tour(
            "/odoo/action-citizen_service_map.action_citizen_service_zone",
            "citizen_zone_draw",
            login=self.admin.login,
        )
        zone = self.env["citizen.service.zone"].search([("name", "=", "Parque dibujado")])
        self.assertEqual(len(zone), 1)
        self.assertEqual(zone.department_id, self.department)
        self.assertTrue(zone.has_area)
        geometry = json.loads(zone.geojson)
        self.assertEqual(geometry["type"], "Polygon")
        self.assertEqual(len(geometry["coordinates"]), 1)  # no hole
        self.assertEqual(len(geometry["coordinates"][0]), 5)  # four corners, closed
        # the drawn area routes a report inside it, not the department's other zone
        lat, lng = geo.centroid(zone._geo_polygons())
        self.assertTrue(zone.bbox_min_lat < lat < zone.bbox_max_lat)
        ticket = (
            self.env["helpdesk.ticket"]
            .with_context(citizen_no_notify=True, tracking_disable=True)
            .create(
                {
                    "name": "Árbol caído en el parque",
                    "partner_id": self.env["res.partner"].create({"name": "Vecina del parque"}).id,
                    "category_id": self.petition.id,
                    "team_id": self.department.id,
                    "description": "<p>Prueba</p>",
                    "latitude": lat,
                    "longitude": lng,
                }
            )
        )
        self.assertEqual(ticket.citizen_zone_id, zone)
