from odoo.tests import HttpCase, tagged

from .common_i18n import activate_es_mx


@tagged("post_install", "-at_install")
class TestNearbyPortalTour(HttpCase):
    """The demo citizen reports a water leak already reported nearby and backs it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.citizen_user = env.ref("citizen_service.user_citizen")
        activate_es_mx(env, cls.citizen_user, website=True)
        neighbour = env["res.partner"].create(
            {"name": "Vecino Reportante Uno", "is_citizen": True, "phone": "477 555 0909"}
        )
        colonia = env.ref("citizen_service.colonia_san_juan_de_dios")
        cls.leak = env["helpdesk.ticket"].create(
            {
                "name": "Fuga en la esquina",
                "description": "<p>Texto privado del vecino.</p>",
                "partner_id": neighbour.id,
                "category_id": env.ref("citizen_service.petition_sapal_1").id,
                "colonia_id": colonia.id,
                "street": "Calle Privada del Vecino 1",
                "latitude": colonia.latitude,
                "longitude": colonia.longitude + 0.0003,
            }
        )
        cls.neighbour = neighbour

    def test_nearby_portal_tour(self):
        count = self.env["helpdesk.ticket"].search_count([])
        self.start_tour("/new/ticket", "citizen_service_portal_nearby", login="ciudadano")
        self.assertEqual(self.leak.supporter_ids.partner_id, self.citizen_user.partner_id)
        self.assertEqual(self.leak.supporter_count, 1)
        # no duplicate was filed
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), count)
