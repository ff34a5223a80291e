from odoo import Command
from odoo.tests import new_test_user


class CitizenSurveyCommon:
    @classmethod
    def _setup_citizen_survey(cls):
        env = cls.env
        ref = env.ref
        # deterministic tests: no leftover candidates from demo data
        env["helpdesk.ticket"].search([("citizen_state", "=", "finished")]).write(
            {"stage_id": ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress").id}
        )
        cls.stage_done = ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_progress = ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.team_a = env["helpdesk.ticket.team"].create({"name": "Test Alumbrado", "code": "TSA"})
        cls.team_b = env["helpdesk.ticket.team"].create({"name": "Test Aseo", "code": "TSB"})
        cls.petition_a = env["helpdesk.ticket.category"].create(
            {
                "name": "Test lámpara",
                "code": "TS-LAMP",
                "team_id": cls.team_a.id,
                "deadline_days": 5,
            }
        )
        cls.petition_b = env["helpdesk.ticket.category"].create(
            {
                "name": "Test basura",
                "code": "TS-BASURA",
                "team_id": cls.team_b.id,
                "deadline_days": 2,
            }
        )
        cls.channel_phone = ref("citizen_service.channel_phone")
        cls.channel_web = ref("citizen_service.channel_web")
        cls.channel_app = ref("citizen_service.channel_app_android")
        cls.citizen = env["res.partner"].create(
            {
                "name": "Juana Pérez Ruiz",
                "phone": "477 900 1122",
                "email": "juana@example.com",
                "is_citizen": True,
            }
        )
        cls.citizen2 = env["res.partner"].create(
            {
                "name": "Pedro López Soto",
                "phone": "477 900 3344",
                "email": "pedro@example.com",
                "is_citizen": True,
            }
        )
        cls.surveyor = new_test_user(
            env,
            login="sv_surveyor1",
            name="Encuestadora Uno",
            groups="base.group_user,citizen_survey.group_citizen_surveyor",
            email="sv1@example.com",
        )
        cls.surveyor2 = new_test_user(
            env,
            login="sv_surveyor2",
            name="Encuestador Dos",
            groups="base.group_user,citizen_survey.group_citizen_surveyor",
            email="sv2@example.com",
        )
        cls.coordinator = new_test_user(
            env,
            login="sv_coord",
            name="Coordinadora",
            groups="base.group_user,citizen_service.group_citizen_coordinator",
            email="svc@example.com",
        )
        cls.official_a = new_test_user(
            env,
            login="sv_official_a",
            name="Funcionaria Alumbrado",
            groups="base.group_user,citizen_service.group_citizen_official",
            email="sva@example.com",
        )
        cls.team_a.user_ids = [Command.link(cls.official_a.id)]
        env["ir.config_parameter"].sudo().set_param("citizen_survey.sample_rate", "10")
        env["ir.config_parameter"].sudo().set_param("citizen_survey.max_attempts", "3")

    @classmethod
    def _report(cls, finished=True, channel=None, petition=None, partner=None, **kw):
        vals = {
            "name": "Reporte de prueba",
            "description": "<p>Prueba</p>",
            "partner_id": (partner or cls.citizen).id,
            "category_id": (petition or cls.petition_a).id,
            "channel_id": (channel or cls.channel_phone).id,
            "response": "Atendido por la cuadrilla.",
        }
        if finished:
            vals["stage_id"] = cls.stage_done.id
        vals.update(kw)
        return cls.env["helpdesk.ticket"].create(vals)

    @classmethod
    def _reports(cls, count, **kw):
        return cls.env["helpdesk.ticket"].concat(*[cls._report(**kw) for _i in range(count)])
