from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class CitizenAnalysisCommon(TransactionCase):
    """Departments, petitions, users and a helper to create reports."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Team = cls.env["helpdesk.ticket.team"]
        Petition = cls.env["helpdesk.ticket.category"]
        cls.team_a = Team.create({"name": "Test Alumbrado", "code": "TA"})
        cls.team_b = Team.create({"name": "Test Aseo", "code": "TB"})
        cls.team_c = Team.create({"name": "Test Agua", "code": "TC"})
        cls.petition_a = Petition.create(
            {
                "name": "Test lámpara",
                "code": "TA-LAMP",
                "team_id": cls.team_a.id,
                "deadline_days": 5,
            }
        )
        cls.petition_a2 = Petition.create(
            {
                "name": "Test poste",
                "code": "TA-POSTE",
                "team_id": cls.team_a.id,
                "deadline_days": 10,
            }
        )
        cls.petition_b = Petition.create(
            {
                "name": "Test basura",
                "code": "TB-BASURA",
                "team_id": cls.team_b.id,
                "deadline_days": 2,
            }
        )
        cls.petition_c = Petition.create(
            {"name": "Test fuga", "code": "TC-FUGA", "team_id": cls.team_c.id, "deadline_days": 2}
        )
        cls.official_a = new_test_user(
            cls.env,
            "t_official_a",
            groups="base.group_user,citizen_service.group_citizen_official",
            name="Official A",
        )
        cls.official_b = new_test_user(
            cls.env,
            "t_official_b",
            groups="base.group_user,citizen_service.group_citizen_official",
            name="Official B",
        )
        cls.official_c = new_test_user(
            cls.env,
            "t_official_c",
            groups="base.group_user,citizen_service.group_citizen_official",
            name="Official C",
        )
        cls.coordinator = new_test_user(
            cls.env,
            "t_coordinator",
            groups="base.group_user,citizen_service.group_citizen_coordinator",
            name="Coordinator",
        )
        cls.team_a.user_ids = [Command.link(cls.official_a.id)]
        cls.team_b.user_ids = [Command.link(cls.official_b.id)]
        cls.team_c.user_ids = [Command.link(cls.official_c.id)]
        cls.colonia = cls.env["citizen.colonia"].create({"name": "Test Centro", "code": "TCEN"})
        cls.citizen = cls.env["res.partner"].create(
            {
                "name": "Guadalupe Test Rocha",
                "is_citizen": True,
                "phone": "477 123 4567",
                "citizen_sex": "female",
            }
        )
        cls.channel = cls.env.ref("citizen_service.channel_072")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    @classmethod
    def _report(cls, petition, **vals):
        values = {
            "name": "Reporte de prueba",
            "description": "<p>Lámpara apagada frente al número 12</p>",
            "partner_id": cls.citizen.id,
            "category_id": petition.id,
            "channel_id": cls.channel.id,
            "colonia_id": cls.colonia.id,
            "street": "Calle Hidalgo 214",
        }
        values.update(vals)
        return cls.env["helpdesk.ticket"].create(values)

    @classmethod
    def _close(cls, ticket, created, closed, deadline, user=None):
        """Close ``ticket`` with controlled creation, closing and deadline dates."""
        ticket.write({"response": "Atendido", "stage_id": cls.stage_done.id})
        vals = {"closed_date": closed, "date_deadline": deadline}
        if user:
            vals["user_id"] = user.id
        ticket.write(vals)
        ticket.flush_recordset()
        cls.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s", [created, ticket.id]
        )
        ticket.invalidate_recordset(["create_date"])
        return ticket

    @staticmethod
    def _dt(day, hour=10):
        return datetime(2026, 3, 1, hour) + timedelta(days=day)
