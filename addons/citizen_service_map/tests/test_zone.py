import base64
import json
from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from ..models import helpdesk_ticket as ticket_module


def square(lat, lng, half=0.01):
    ring = [
        [lng - half, lat - half],
        [lng + half, lat - half],
        [lng + half, lat + half],
        [lng - half, lat + half],
        [lng - half, lat - half],
    ]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


# far from the demo city and its zones: 20.5, -101.2
LAT, LNG = 20.5, -101.2


@tagged("post_install", "-at_install")
class TestCitizenServiceZone(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.env = env(context=dict(env.context, citizen_no_notify=True, tracking_disable=True))
        cls.department = cls.env["helpdesk.ticket.team"].create({"name": "Parques (zonas)"})
        cls.crew = cls.env["helpdesk.ticket.team"].create({"name": "Cuadrilla oriente"})
        cls.petition = cls.env["helpdesk.ticket.category"].create(
            {"name": "Poda de árbol (zonas)", "team_id": cls.department.id}
        )
        cls.other_petition = cls.env["helpdesk.ticket.category"].create(
            {"name": "Pasto crecido (zonas)", "team_id": cls.department.id}
        )
        cls.official = cls.env["res.users"].create(
            {"name": "Oficial Oriente", "login": "oficial_oriente_zonas"}
        )
        cls.official2 = cls.env["res.users"].create(
            {"name": "Oficial Poda", "login": "oficial_poda_zonas"}
        )
        Zone = cls.env["citizen.service.zone"]
        cls.zone = Zone.create(
            {
                "name": "Oriente",
                "department_id": cls.department.id,
                "team_id": cls.crew.id,
                "user_id": cls.official.id,
                "geojson": square(LAT, LNG + 0.02, 0.02),
            }
        )
        cls.petition_zone = Zone.create(
            {
                "name": "Poda oriente",
                "department_id": cls.department.id,
                "category_id": cls.petition.id,
                "user_id": cls.official2.id,
                "geojson": square(LAT, LNG + 0.03, 0.005),
            }
        )
        cls.colonia = cls.env["citizen.colonia"].create(
            {"name": "Colonia de zonas", "zip": "99999", "latitude": LAT, "longitude": LNG + 0.01}
        )
        cls.citizen = cls.env["res.partner"].create({"name": "Ciudadana Zonas"})

    def report(self, petition=None, **vals):
        petition = petition or self.other_petition
        return self.env["helpdesk.ticket"].create(
            {
                "name": "Reporte de zonas",
                "partner_id": self.citizen.id,
                "category_id": petition.id,
                "team_id": petition.team_id.id,
                "description": "<p>Prueba</p>",
                **vals,
            }
        )

    def test_inside_department_zone(self):
        ticket = self.report(latitude=LAT, longitude=LNG + 0.01)
        self.assertEqual(ticket.citizen_zone_id, self.zone)
        self.assertEqual(ticket.team_id, self.crew)
        self.assertEqual(ticket.user_id, self.official)
        # the colonia is filled from the point
        self.assertEqual(ticket.colonia_id, self.colonia)

    def test_petition_zone_wins(self):
        ticket = self.report(self.petition, latitude=LAT, longitude=LNG + 0.03)
        self.assertEqual(ticket.citizen_zone_id, self.petition_zone)
        self.assertEqual(ticket.team_id, self.department)
        self.assertEqual(ticket.user_id, self.official2)
        # another petition at the same point: the department's zone
        other = self.report(latitude=LAT, longitude=LNG + 0.03)
        self.assertEqual(other.citizen_zone_id, self.zone)

    def test_outside_every_zone(self):
        ticket = self.report(latitude=LAT + 0.2, longitude=LNG)
        self.assertFalse(ticket.citizen_zone_id)
        self.assertEqual(ticket.team_id, self.department)
        self.assertNotIn(ticket.user_id, self.official | self.official2)
        unlocated = self.report()
        self.assertFalse(unlocated.citizen_zone_id)
        self.assertEqual(unlocated.team_id, self.department)

    def test_colonia_centre_routes(self):
        """A report with only a colonia is placed at its centre, inside the zone."""
        ticket = self.report(colonia_id=self.colonia.id)
        self.assertEqual(ticket.location_source, "colonia")
        self.assertEqual(ticket.citizen_zone_id, self.zone)

    def test_other_department_on_purpose(self):
        other = self.env["helpdesk.ticket.team"].create({"name": "Otra dependencia"})
        ticket = self.report(latitude=LAT, longitude=LNG + 0.01, team_id=other.id)
        self.assertEqual(ticket.team_id, other)
        self.assertFalse(ticket.citizen_zone_id)

    def test_archived_zone_ignored(self):
        self.zone.active = False
        ticket = self.report(latitude=LAT, longitude=LNG + 0.01)
        self.assertFalse(ticket.citizen_zone_id)
        self.assertEqual(ticket.team_id, self.department)

    def test_bad_geojson(self):
        for text in ("no es json", '{"type": "Point", "coordinates": [1, 2]}', "[]"):
            with self.assertRaises(ValidationError):
                self.zone.geojson = text
        with self.assertRaises(ValidationError):
            self.zone.geojson_file = base64.b64encode(b'{"type": "Polygon"}')
        with self.assertRaises(ValidationError):
            self.zone.geojson = False  # an active zone needs its area
        with self.assertRaises(ValidationError):
            self.env["citizen.service.zone"].create(
                {
                    "name": "Mala",
                    "department_id": self.department.id,
                    "category_id": self.env.ref("citizen_service.petition_sapal_1").id,
                    "geojson": square(LAT, LNG),
                }
            )

    def test_drawn_border_crossing_itself_refused(self):
        """A bow tie (the drawing's border crosses itself) or an empty drawing is refused."""
        bow_tie = [[LNG, LAT], [LNG + 0.01, LAT + 0.01], [LNG + 0.01, LAT], [LNG, LAT + 0.01]]
        with self.assertRaisesRegex(ValidationError, "crosses itself near 20.505000, -101.195000"):
            self.zone.geojson = json.dumps({"type": "Polygon", "coordinates": [bow_tie]})
        # a hole drawn across the outer border
        outer = json.loads(square(LAT, LNG, 0.01))["coordinates"][0]
        hole = json.loads(square(LAT, LNG + 0.01, 0.005))["coordinates"][0]
        with self.assertRaisesRegex(ValidationError, "crosses itself"):
            self.zone.geojson = json.dumps({"type": "Polygon", "coordinates": [outer, hole]})
        with self.assertRaisesRegex(ValidationError, "crosses itself"):
            self.zone.geojson_file = base64.b64encode(
                json.dumps({"type": "Polygon", "coordinates": [bow_tie]}).encode()
            )
        with self.assertRaisesRegex(ValidationError, "Draw the zone Oriente"):
            self.zone.geojson = False
        # two polygons drawn (MultiPolygon), one with a hole: accepted and routed by both
        inner = json.loads(square(LAT, LNG, 0.002))["coordinates"][0]
        far = json.loads(square(LAT + 0.1, LNG, 0.01))["coordinates"][0]
        self.zone.geojson = json.dumps(
            {"type": "MultiPolygon", "coordinates": [[outer, inner], [far]]}
        )
        self.assertEqual(self.report(latitude=LAT + 0.1, longitude=LNG).citizen_zone_id, self.zone)
        self.assertEqual(
            self.report(latitude=LAT + 0.005, longitude=LNG).citizen_zone_id, self.zone
        )
        self.assertFalse(self.report(latitude=LAT, longitude=LNG).citizen_zone_id)  # the hole

    def test_import_file(self):
        feature = {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "geometry": json.loads(square(LAT, LNG, 0.05))}],
        }
        self.zone.geojson_file = base64.b64encode(json.dumps(feature).encode())
        self.assertEqual(json.loads(self.zone.geojson)["type"], "Polygon")
        self.assertAlmostEqual(self.zone.bbox_min_lat, LAT - 0.05)
        self.assertAlmostEqual(self.zone.bbox_max_lng, LNG + 0.05)

    def test_colonia_polygon_wins_over_nearest_centre(self):
        # a polygon far from its centre: a point inside it is this colonia's
        drawn = self.env["citizen.colonia"].create(
            {"name": "Colonia dibujada", "zip": "99998", "geojson": square(LAT - 0.05, LNG, 0.01)}
        )
        self.assertAlmostEqual(drawn.latitude, LAT - 0.05)  # centre from the polygon
        Colonia = self.env["citizen.colonia"]
        self.assertEqual(Colonia._citizen_at_point(LAT - 0.05, LNG + 0.009), drawn)
        self.assertEqual(Colonia._citizen_at_point(LAT, LNG + 0.011), self.colonia)

    def test_viewport_markers_and_clusters(self):
        Ticket = self.env["helpdesk.ticket"]
        for i in range(5):
            self.report(latitude=LAT + 0.001 * i, longitude=LNG + 0.001 * i)
        far = self.report(latitude=LAT + 0.3, longitude=LNG)
        bounds = [LAT - 0.01, LNG - 0.01, LAT + 0.01, LNG + 0.01]
        domain = [("team_id", "in", (self.department | self.crew).ids)]
        res = Ticket.citizen_map_markers(domain=domain, bounds=bounds, zoom=14)
        self.assertEqual(res["total"], 5)
        self.assertEqual(len(res["markers"]), 5)
        self.assertNotIn(far.id, [m["id"] for m in res["markers"]])
        self.assertFalse(res["clusters"])
        with patch.object(ticket_module, "MARKER_THRESHOLD", 2):
            res = Ticket.citizen_map_markers(domain=domain, bounds=bounds, zoom=10)
            self.assertFalse(res["markers"])
            self.assertEqual(sum(c["count"] for c in res["clusters"]), 5)
            self.assertEqual({c["traffic_light"] for c in res["clusters"]} - {"on_time"}, set())
            # close enough to the street: single markers again
            res = Ticket.citizen_map_markers(domain=domain, bounds=bounds, zoom=17)
            self.assertEqual(len(res["markers"]), 5)

    def test_colonia_analysis(self):
        for _i in range(3):
            self.report(colonia_id=self.colonia.id)
        Ticket = self.env["helpdesk.ticket"]
        domain = [("team_id", "in", (self.department | self.crew).ids)]
        rows = {r["id"]: r for r in Ticket.citizen_map_colonias(domain=domain, days=30)}
        self.assertEqual(rows[self.colonia.id]["count"], 3)
        self.assertEqual(rows[self.colonia.id]["departments"], [[self.crew.display_name, 3]])
        action = Ticket.citizen_map_colonia_action(self.colonia.id, domain=domain, days=30)
        self.assertEqual(Ticket.search_count(action["domain"]), 3)
        zones = Ticket.citizen_map_zones()
        self.assertIn(self.zone.id, [z["id"] for z in zones])
        self.assertEqual(self.zone.report_count, 3)

    def test_geoman_is_not_in_every_backend_page(self):
        """Leaflet-Geoman (~320 KB) comes in its own bundle, loaded by the zone widget when
        it draws, not with the backend assets every page loads."""
        Qweb = self.env["ir.qweb"]

        def files(bundle):
            return [f["url"] for f in Qweb._get_asset_bundle(bundle).files]

        backend = files("web.assets_backend")
        self.assertTrue(any("citizen_service_map/static/src/fields" in url for url in backend))
        self.assertFalse([url for url in backend if "leaflet-geoman" in url])
        self.assertEqual(
            sorted(url.rsplit("/", 1)[-1] for url in files("citizen_service_map.assets_geoman")),
            ["leaflet-geoman.css", "leaflet-geoman.min.js"],
        )
