from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.tests import TransactionCase


class CampaignCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        env = cls.env
        Colonia = env["citizen.colonia"]
        cls.col_a = Colonia.create({"name": "Colonia Prueba Oriente A", "sector": "SectorPrueba"})
        cls.col_b = Colonia.create({"name": "Colonia Prueba Oriente B", "sector": "SectorPrueba"})
        cls.col_c = Colonia.create({"name": "Colonia Prueba Norte", "sector": "OtroSector"})
        cls.team = env["helpdesk.ticket.team"].create({"name": "Agua (campañas)"})
        cls.petition = env["helpdesk.ticket.category"].create(
            {"name": "Fuga de agua (campañas)", "code": "CMP-FUGA", "team_id": cls.team.id}
        )
        today = date.today()
        Partner = env["res.partner"].with_context(citizen_consent_origin="capture")

        def citizen(name, colonia, age, sex, **extra):
            vals = {
                "name": name,
                "is_citizen": True,
                "colonia_id": colonia.id,
                "birthdate": today - relativedelta(years=age, days=10),
                "citizen_sex": sex,
            }
            vals.update(extra)
            return Partner.create(vals).with_env(cls.env)

        cls.ana = citizen(
            "Ana Campos Ruiz",
            cls.col_a,
            34,
            "female",
            email="ana.campos@example.com",
            mobile="477 301 0001",
            citizen_consent_email=True,
            citizen_consent_whatsapp=True,
            citizen_preferred_channel="whatsapp",
        )
        cls.beto = citizen(
            "Alberto Gómez Silva",
            cls.col_b,
            67,
            "male",
            mobile="477 301 0002",
            citizen_consent_sms=True,
        )
        cls.carla = citizen(
            "Carla Núñez Díaz",
            cls.col_a,
            19,
            "female",
            email="carla.nunez@example.com",
        )
        cls.dario = citizen(
            "Darío Luna Pérez",
            cls.col_c,
            45,
            "male",
            mobile="477 301 0004",
            citizen_consent_sms=True,
            citizen_consent_whatsapp=True,
        )

    def segment(self, **vals):
        return self.env["citizen.segment"].create(dict({"name": "Segmento de prueba"}, **vals))
