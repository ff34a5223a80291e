from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class CitizenCommon(TransactionCase):
    """Two departments with one petition each, officials, a coordinator and citizens."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Team = cls.env["helpdesk.ticket.team"]
        Petition = cls.env["helpdesk.ticket.category"]
        cls.team_light = Team.create({"name": "Test Alumbrado Público", "code": "T-ALUM"})
        cls.team_water = Team.create({"name": "Test SAPAL", "code": "T-SAPAL"})
        cls.petition_lamp = Petition.create(
            {
                "name": "Test lámpara apagada",
                "code": "T-OP-LAMPARA APAGADA",
                "team_id": cls.team_light.id,
                "deadline_days": 5,
            }
        )
        cls.petition_leak = Petition.create(
            {
                "name": "Test fuga de agua",
                "code": "T-SAPAL-FUGA",
                "team_id": cls.team_water.id,
                "deadline_days": 2,
            }
        )
        cls.official_light = new_test_user(
            cls.env,
            "t_cs_official_light",
            groups="base.group_user,citizen_service.group_citizen_official",
            name="Official Alumbrado",
        )
        cls.official_water = new_test_user(
            cls.env,
            "t_cs_official_water",
            groups="base.group_user,citizen_service.group_citizen_official",
            name="Official SAPAL",
        )
        cls.coordinator = new_test_user(
            cls.env,
            "t_cs_coordinator",
            groups="base.group_user,citizen_service.group_citizen_coordinator",
            name="Coordinator",
        )
        cls.team_light.user_ids = [Command.link(cls.official_light.id)]
        cls.team_water.user_ids = [Command.link(cls.official_water.id)]
        Partner = cls.env["res.partner"]
        cls.colonia = cls.env["citizen.colonia"].create(
            {"name": "Test Colonia Centro", "zip": "99000", "latitude": 21.12, "longitude": -101.68}
        )
        cls.citizen_a = Partner.create(
            {
                "name": "Test Ciudadana Uno",
                "is_citizen": True,
                "phone": "477 555 0101",
                "street": "Calle Secreta 12",
                "colonia_id": cls.colonia.id,
            }
        )
        cls.citizen_b = Partner.create(
            {"name": "Test Ciudadano Dos", "is_citizen": True, "phone": "477 555 0202"}
        )
        cls.portal_a = new_test_user(
            cls.env,
            "t_cs_portal_a",
            groups="base.group_portal",
            partner_id=cls.citizen_a.id,
            name=cls.citizen_a.name,
        )
        cls.portal_b = new_test_user(
            cls.env,
            "t_cs_portal_b",
            groups="base.group_portal",
            partner_id=cls.citizen_b.id,
            name=cls.citizen_b.name,
        )
        cls.channel_web = cls.env.ref("citizen_service.channel_web")
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_process = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_cancelled = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        cls.stage_not_viable = cls.env.ref("citizen_service.stage_not_viable")

    @classmethod
    def _report(cls, petition=None, partner=None, **vals):
        petition = petition or cls.petition_lamp
        values = {
            "name": petition.name,
            "description": "<p>La lámpara frente a mi casa está apagada</p>",
            "partner_id": (partner or cls.citizen_a).id,
            "category_id": petition.id,
            "channel_id": cls.channel_web.id,
            "colonia_id": cls.colonia.id,
            "street": "Calle Secreta 12",
        }
        values.update(vals)
        return cls.env["helpdesk.ticket"].create(values)
