from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common_messaging import REQUESTS_POST, FakeResponse
from .common_queue import trap_jobs


@tagged("post_install", "-at_install")
class TestCitizenNotifications(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.team = env["helpdesk.ticket.team"].create({"name": "Alumbrado (notificaciones)"})
        cls.petition = env["helpdesk.ticket.category"].create(
            {"name": "Lámpara apagada (notif.)", "code": "NT-LAMP", "team_id": cls.team.id}
        )
        cls.citizen = env["res.partner"].create(
            {
                "name": "Juan Pérez López",
                "email": "juan.perez@example.com",
                "mobile": "477 123 9876",
                "is_citizen": True,
            }
        )
        cls.stage_process = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.wa_client = env["citizen.api.client"].create(
            {
                "name": "WhatsApp Cloud",
                "provider": "whatsapp",
                "channel_id": env.ref("citizen_service.channel_whatsapp").id,
                "outbound_url": "https://graph.example.org/v19.0/1065/messages",
                "outbound_token": "EAAG-secret",
            }
        )

    def _ticket(self, channel_xmlid, **extra):
        vals = {
            "name": "Lámpara apagada en Madero 214",
            "description": "La lámpara no enciende desde hace tres noches.",
            "partner_id": self.citizen.id,
            "category_id": self.petition.id,
            "channel_id": self.env.ref(channel_xmlid).id,
        }
        vals.update(extra)
        return self.env["helpdesk.ticket"].create(vals)

    def test_email_at_creation_status_and_response(self):
        ticket = self._ticket("citizen_service.channel_web")
        notif = ticket.citizen_notification_ids
        self.assertEqual(notif.channel, "email")
        self.assertEqual(notif.kind, "created")
        self.assertEqual(notif.recipient, "juan.perez@example.com")
        self.assertIn(ticket.number, notif.mail_id.subject)
        self.assertIn(ticket.number, notif.mail_id.body_html)
        self.assertIn("quedó registrado", notif.mail_id.body_html)
        self.assertEqual(notif.mail_id.recipient_ids, self.citizen)

        ticket.first_response = "Se programó la cuadrilla."
        ticket.stage_id = self.stage_process
        status = ticket.citizen_notification_ids.filtered(lambda n: n.kind == "status")
        self.assertEqual(len(status), 1)
        self.assertIn(self.stage_process.name, status.mail_id.subject)
        # writing the same stage again is not a change
        ticket.write({"stage_id": self.stage_process.id})
        self.assertEqual(len(ticket.citizen_notification_ids), 2)

        ticket.write(
            {"response": "Se cambió la luminaria por una LED.", "stage_id": self.stage_done.id}
        )
        final = ticket.citizen_notification_ids.filtered(lambda n: n.kind == "response")
        self.assertEqual(len(final), 1)
        self.assertIn("Se cambió la luminaria por una LED.", final.mail_id.body_html)
        # helpdesk_mgmt's generic closing e-mail of the stage is not sent as well
        self.env.cr.precommit.run()
        mails = self.env["mail.mail"].search(
            [("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(mails, ticket.citizen_notification_ids.mail_id)

    def test_sms_gateway_log_and_http(self):
        ticket = self._ticket("citizen_service.channel_sms")
        notif = ticket.citizen_notification_ids
        self.assertEqual(notif.channel, "sms")
        self.assertEqual(notif.state, "logged")
        self.assertEqual(notif.recipient, "+524771239876")
        self.assertIn(ticket.number, notif.body)
        self.assertIn("Lámpara apagada (notif.)", notif.body)
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("citizen_service.sms_gateway", "http")
        params.set_param("citizen_service.sms_gateway_url", "https://sms.example.org/send")
        params.set_param("citizen_service.sms_gateway_token", "tok")
        ticket.first_response = "Se programó la cuadrilla."
        with (
            trap_jobs() as trap,
            patch(REQUESTS_POST, return_value=FakeResponse()) as post,
        ):
            ticket.stage_id = self.stage_process
            # posted by a job after the commit, never inside the transaction
            self.assertEqual(post.call_count, 0)
            trap.assert_jobs_count(1)
            trap.perform_enqueued_jobs()
        self.assertEqual(post.call_count, 1)
        args, kwargs = post.call_args
        self.assertEqual(args[0], "https://sms.example.org/send")
        self.assertEqual(kwargs["json"]["to"], "+524771239876")
        self.assertIn(ticket.number, kwargs["json"]["text"])
        self.assertEqual(kwargs["headers"]["Authorization"], "Bearer tok")
        status = ticket.citizen_notification_ids.filtered(lambda n: n.kind == "status")
        self.assertEqual(status.state, "sent")

    def test_send_sms_is_pluggable(self):
        sent = []

        def fake_gateway(records):
            sent.extend(records.mapped("body"))
            records.write({"state": "sent"})

        Notification = self.env["citizen.notification"]
        with patch.object(type(Notification), "_citizen_sms_gateway_send", fake_gateway):
            notif = Notification._citizen_send_sms("+524771239876", "Prueba", partner=self.citizen)
        self.assertEqual(sent, ["Prueba"])
        self.assertEqual(notif.state, "sent")
        self.assertEqual(notif.partner_id, self.citizen)

    def test_whatsapp_through_provider_api(self):
        with (
            trap_jobs() as trap,
            patch(REQUESTS_POST, return_value=FakeResponse()) as post,
        ):
            ticket = self._ticket("citizen_service.channel_whatsapp")
            ticket.write({"response": "Reparada.", "stage_id": self.stage_done.id})
            self.assertEqual(post.call_count, 0)
            trap.assert_jobs_count(2)
            trap.perform_enqueued_jobs()
        self.assertEqual(post.call_count, 2)
        first = post.call_args_list[0]
        self.assertEqual(first.args[0], "https://graph.example.org/v19.0/1065/messages")
        body = first.kwargs["json"]
        self.assertEqual(body["messaging_product"], "whatsapp")
        self.assertEqual(body["to"], "524771239876")
        self.assertEqual(body["type"], "text")
        self.assertIn(ticket.number, body["text"]["body"])
        self.assertEqual(first.kwargs["headers"]["Authorization"], "Bearer EAAG-secret")
        self.assertIn("Reparada.", post.call_args_list[1].kwargs["json"]["text"]["body"])
        notifs = ticket.citizen_notification_ids
        self.assertEqual(set(notifs.mapped("kind")), {"created", "response"})
        self.assertEqual(set(notifs.mapped("state")), {"sent"})
        self.assertEqual(set(notifs.mapped("provider_message_id")), {"wamid.OUT-1"})

    def test_templates_editable(self):
        template = self.env.ref("citizen_service.sms_template_created")
        template.body = "Folio {folio} - {petition} - {unknown}"
        ticket = self._ticket("citizen_service.channel_sms")
        self.assertEqual(
            ticket.citizen_notification_ids.body,
            f"Folio {ticket.number} - Lámpara apagada (notif.) - {{unknown}}",
        )
        mail_template = self.env.ref("citizen_service.mail_template_report_created")
        self.assertEqual(mail_template.model, "helpdesk.ticket")
        self.assertIn("folio", mail_template.subject)

    def test_no_notification_when_disabled(self):
        ticket = (
            self.env["helpdesk.ticket"]
            .with_context(citizen_no_notify=True)
            .create(
                {
                    "name": "x",
                    "description": "x",
                    "partner_id": self.citizen.id,
                    "category_id": self.petition.id,
                }
            )
        )
        self.assertFalse(ticket.citizen_notification_ids)
        channel = self.env.ref("citizen_service.channel_walk_in")
        channel.notify_method = "none"
        ticket = self._ticket("citizen_service.channel_walk_in")
        self.assertFalse(ticket.citizen_notification_ids)

    def test_nothing_sent_while_notifications_are_off(self):
        """Notifications off (module install and demo data, ``citizen_no_notify``, an origin
        that says "Do not notify"): closing a report sends nothing, not helpdesk_mgmt's English "The ticket ... has been closed"
        either; the creation message is Spanish whatever the model's name says then."""
        Ticket = self.env["helpdesk.ticket"].with_context(citizen_no_notify=True, lang="es_MX")
        self.env["res.lang"]._activate_lang("es_MX")
        ticket = Ticket.create(
            {
                "name": "Lámpara apagada (sin avisos)",
                "description": "x",
                "partner_id": self.citizen.id,
                "category_id": self.petition.id,
            }
        )
        ticket.write({"response": "Se cambió la luminaria.", "stage_id": self.stage_done.id})
        self.env.cr.precommit.run()
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
            )
        )
        self.assertFalse(ticket.citizen_notification_ids)
        self.assertEqual(
            ticket.with_context(lang="en_US")._creation_message(), "Citizen report created"
        )
        creation = ticket.message_ids.filtered(lambda m: m.subtype_id == ticket._creation_subtype())
        self.assertIn("Reporte ciudadano creado", creation.body)
        # an origin that says "Do not notify": not helpdesk_mgmt's e-mail either
        channel = self.env.ref("citizen_service.channel_walk_in")
        channel.notify_method = "none"
        silent = self._ticket("citizen_service.channel_walk_in")
        silent.write({"response": "Atendido en ventanilla.", "stage_id": self.stage_done.id})
        self.env.cr.precommit.run()
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "helpdesk.ticket"), ("res_id", "=", silent.id)]
            )
        )
        # demo data and jobs run without a language: the user's
        self.env.user.lang = "es_MX"
        self.assertEqual(
            ticket.with_context(lang=False)._creation_message(), "Reporte ciudadano creado"
        )
        # any other record's "<model name> creado": the model's name in the user's language
        # too, not in English beside a Spanish "creado"
        self.env["ir.model"]._get("res.partner").with_context(lang="es_MX").name = "Contacto"
        self.assertEqual(
            self.citizen.with_context(lang=False)._creation_message(), "Contacto creado"
        )

    def test_access_rights(self):
        operator = self.env.ref("citizen_service.user_operator", raise_if_not_found=False)
        if not operator:
            operator = self.env["res.users"].create(
                {
                    "name": "Operadora prueba",
                    "login": "operadora_notif",
                    "groups_id": [
                        Command.set([self.env.ref("citizen_service.group_citizen_operator").id])
                    ],
                }
            )
        self._ticket("citizen_service.channel_web")
        self.assertTrue(self.env["citizen.notification"].with_user(operator).search([]))
        with self.assertRaises(AccessError):
            self.env["citizen.api.client"].with_user(operator).search([])
        with self.assertRaises(AccessError):
            self.env["citizen.notification.template"].with_user(operator).create(
                {"name": "x", "channel": "sms", "kind": "created", "body": "x"}
            )
