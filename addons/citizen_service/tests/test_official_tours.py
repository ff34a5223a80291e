from odoo.tests import HttpCase, tagged

from .common_i18n import activate_es_mx


@tagged("post_install", "-at_install")
class TestOfficialCoordinatorTours(HttpCase):
    """Browser journeys of the department official and the coordinator, in es_MX."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.official = env.ref("citizen_service.user_official_alumbrado")
        cls.coordinator = env.ref("citizen_service.user_coordinator")
        # overwrite: our statuses (Capturado...) over helpdesk_mgmt's own Spanish
        activate_es_mx(env, cls.official | cls.coordinator, overwrite=True)
        team = env.ref("citizen_service.team_alumbrado")
        petition = env["helpdesk.ticket.category"].search([("team_id", "=", team.id)], limit=1)
        Partner = env["res.partner"]
        Ticket = env["helpdesk.ticket"].with_context(citizen_no_notify=True)

        def report(name):
            citizen = Partner.create({"name": name, "is_citizen": True, "phone": "477 555 0199"})
            return Ticket.create(
                {
                    "name": petition.name,
                    "partner_id": citizen.id,
                    "category_id": petition.id,
                    "team_id": team.id,
                    "description": "<p>Frente a la escuela primaria.</p>",
                }
            )

        cls.misrouted = report("Tour Ciudadana Reasignación")
        cls.to_attend = report("Tour Ciudadano Proceso")
        # productivity: one report finished by the official, one by the administrator
        # (not a member of any department: left out)
        done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        for user in (cls.official, env.ref("base.user_admin")):
            finished = report("Tour Ciudadano Terminado")
            finished.with_user(user).write(
                {"stage_id": done.id, "response": "Se reemplazó la lámpara."}
            )

    def test_official_reassign_and_finish(self):
        self.start_tour(
            "/odoo/action-citizen_service.action_citizen_reports",
            "citizen_service_official_reassign_finish",
            login=self.official.login,
        )
        sapal = self.env.ref("citizen_service.team_sapal")
        self.assertEqual(self.misrouted.team_id, sapal)
        history = self.misrouted.reassignment_ids
        self.assertEqual(history.user_id, self.official)
        self.assertEqual(history.to_team_id, sapal)
        self.assertEqual(history.reason, "Es una fuga de agua; la atiende SAPAL.")
        self.assertEqual(self.to_attend.citizen_state, "finished")
        self.assertEqual(
            self.to_attend.first_response, "La cuadrilla revisará la luminaria el martes."
        )
        self.assertEqual(self.to_attend.finished_by_id, self.official)

    def test_coordinator_statistics_and_work_order(self):
        self.start_tour(
            "/odoo/action-citizen_service.action_citizen_reports",
            "citizen_service_coordinator",
            login=self.coordinator.login,
        )
