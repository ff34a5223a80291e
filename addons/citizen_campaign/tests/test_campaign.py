from unittest.mock import patch

import requests

from odoo.addons.citizen_service.tests.common_messaging import (
    MESSAGE_ID,
    REQUESTS_POST,
    FakeResponse,
)
from odoo.addons.citizen_service.tests.common_queue import trap_jobs
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import CampaignCase


@tagged("post_install", "-at_install")
class TestCampaign(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.wa_client = cls.env["citizen.api.client"].create(
            {
                "name": "WhatsApp Cloud (campañas)",
                "provider": "whatsapp",
                "channel_id": cls.env.ref("citizen_service.channel_whatsapp").id,
                "outbound_url": "https://graph.example.org/v19.0/1065/messages",
                "outbound_token": "EAAG-secret",
            }
        )
        # only this client sends WhatsApp in these tests
        cls.env["citizen.api.client"].search(
            [("provider", "=", "whatsapp"), ("id", "!=", cls.wa_client.id)]
        ).write({"outbound_url": False})
        cls.seg = cls.env["citizen.segment"].create(
            {
                "name": "Colonias de prueba",
                "colonia_ids": (cls.col_a | cls.col_b | cls.col_c).ids,
            }
        )
        cls.env["phone.blacklist"].sudo()._add([cls.dario.mobile])

    def campaign(self, **vals):
        return self.env["citizen.campaign"].create(
            dict(
                {
                    "name": "Corte de agua de prueba",
                    "kind": "alert",
                    "segment_id": self.seg.id,
                    "subject": "Corte de agua",
                    "body": "Hola {first_name}: mañana no habrá agua en {colonia}.",
                },
                **vals,
            )
        )

    def test_consent_is_recorded_with_date_and_origin(self):
        self.assertEqual(self.ana.citizen_consent_whatsapp_origin, "capture")
        self.assertTrue(self.ana.citizen_consent_whatsapp_date)
        self.assertFalse(self.carla.citizen_consent_email_date)
        self.carla.citizen_consent_email = True
        self.assertEqual(self.carla.citizen_consent_email_origin, "operator")
        self.assertTrue(self.carla.citizen_consent_email_date)

    def test_each_citizen_by_his_channel_with_consent_and_opt_out(self):
        campaign = self.campaign()
        with trap_jobs() as trap, patch(REQUESTS_POST, return_value=FakeResponse()) as post:
            campaign.action_send()
            # messages go to the provider after the commit, through the job queue
            self.assertEqual(post.call_count, 0)
            trap.perform_enqueued_jobs()
        campaign.recipient_ids.invalidate_recordset(["status"])
        recipients = {r.partner_id: r for r in campaign.recipient_ids}
        self.assertEqual(
            set(recipients), {self.ana, self.beto, self.carla, self.dario}, "the segment, no more"
        )
        ana, beto, carla, dario = (
            recipients[p] for p in (self.ana, self.beto, self.carla, self.dario)
        )
        # Ana prefers WhatsApp and accepted it: sent through the provider
        self.assertEqual((ana.channel, ana.status), ("whatsapp", "sent"))
        self.assertEqual(post.call_count, 1)
        body = post.call_args.kwargs["json"]["text"]["body"]
        self.assertIn("Hola Ana: mañana no habrá agua en Colonia Prueba Oriente A.", body)
        self.assertIn("BAJA", body)
        self.assertEqual(ana.notification_id.kind, "campaign")
        # Alberto has only a phone and accepted SMS (gateway in log mode)
        self.assertEqual((beto.channel, beto.status), ("sms", "sent"))
        self.assertEqual(beto.notification_id.state, "logged")
        # Carla never gave consent: nothing sent
        self.assertEqual((carla.channel, carla.status), ("email", "no_consent"))
        self.assertFalse(carla.notification_id)
        # Darío unsubscribed his phone (phone blacklist shared with Odoo's SMS marketing)
        self.assertEqual((dario.channel, dario.status), ("whatsapp", "opted_out"))
        self.assertFalse(dario.notification_id)
        # "sending" while the queue works; the progress job marks it sent once all left
        self.assertEqual(campaign.state, "sending")
        self.env["citizen.campaign"]._cron_citizen_campaign_progress()
        self.assertEqual(campaign.state, "sent")
        self.assertEqual(
            (
                campaign.recipient_count,
                campaign.sent_count,
                campaign.no_consent_count,
                campaign.opted_out_count,
            ),
            (4, 2, 1, 1),
        )
        with self.assertRaises(UserError):
            campaign.action_send()

    def test_delivery_figures(self):
        campaign = self.campaign()
        with trap_jobs() as trap, patch(REQUESTS_POST, return_value=FakeResponse()):
            campaign.action_send()
            trap.perform_enqueued_jobs()
        self.assertEqual(campaign.delivery_rate, 100.0)
        # the provider's delivery receipt (citizen_service's status webhooks)
        self.env["citizen.notification"]._citizen_apply_statuses(
            [(MESSAGE_ID, "read", ""), ("wamid.unknown", "read", "")]
        )
        campaign.recipient_ids.invalidate_recordset(["status"])
        self.assertEqual((campaign.sent_count, campaign.delivered_count), (1, 1))
        # a provider down: the message waits in the queue, then fails when the queue gives up
        failing = self.campaign(name="Segundo aviso")
        with (
            trap_jobs() as trap,
            mute_logger("odoo.addons.citizen_service.models.citizen_notification"),
            patch(REQUESTS_POST, side_effect=requests.ConnectionError("unreachable")),
        ):
            failing.action_send()
            job = trap.enqueued_jobs[0]
            with self.assertRaises(RetryableJobError):
                job.perform()
            failing.recipient_ids.invalidate_recordset(["status"])
            self.assertEqual((failing.failed_count, failing.sent_count), (0, 1))
            job.on_fail({"exc_message": "unreachable", "exc_name": "FailedJobError"})
        failing.recipient_ids.invalidate_recordset(["status"])
        self.assertEqual((failing.failed_count, failing.sent_count), (1, 1))
        self.assertEqual(failing.delivery_rate, 50.0)
        failed = failing.recipient_ids.filtered(lambda r: r.status == "failed")
        self.assertEqual(failed.partner_id, self.ana)
        self.assertIn("unreachable", failed.error)

    def test_email_with_unsubscribe_link_and_progress(self):
        campaign = self.campaign(channel_policy="email")
        campaign.action_send()
        ana = campaign.recipient_ids.filtered(lambda r: r.partner_id == self.ana)
        self.assertEqual(ana.status, "pending")
        mail = ana.notification_id.mail_id
        self.assertEqual(mail.email_to, "ana.campos@example.com")
        self.assertIn("/citizen/campaign/unsubscribe/%s/" % ana.id, str(mail.body_html))
        self.assertIn("List-Unsubscribe", mail.headers)
        self.assertEqual(campaign.state, "sending")
        # Alberto has no e-mail; Carla did not accept e-mails
        statuses = {r.partner_id: r.status for r in campaign.recipient_ids}
        self.assertEqual(statuses[self.beto], "no_contact")
        self.assertEqual(statuses[self.carla], "no_consent")
        mail.write({"state": "sent"})
        self.assertEqual(ana.status, "sent")
        self.env["citizen.campaign"]._cron_citizen_campaign_progress()
        self.assertEqual(campaign.state, "sent")

    def test_empty_segment_refused(self):
        empty = self.env["citizen.segment"].create(
            {"name": "Nadie", "colonia_ids": self.col_c.ids, "citizen_sex": "female"}
        )
        with self.assertRaises(UserError):
            self.campaign(segment_id=empty.id).action_send()

    def test_coordinators_manage_operators_read(self):
        operator = new_test_user(
            self.env, "campaign_operator", groups="citizen_service.group_citizen_operator"
        )
        coordinator = new_test_user(
            self.env, "campaign_coord", groups="citizen_service.group_citizen_coordinator"
        )
        campaign = self.campaign()
        self.assertEqual(campaign.with_user(operator).name, "Corte de agua de prueba")
        self.assertEqual(self.seg.with_user(operator).partner_count, 4)
        with self.assertRaises(AccessError):
            campaign.with_user(operator).write({"name": "Otro"})
        with self.assertRaises(AccessError):
            self.env["citizen.segment"].with_user(operator).create({"name": "X"})
        segment = self.env["citizen.segment"].with_user(coordinator).create({"name": "Mío"})
        with trap_jobs() as trap, patch(REQUESTS_POST, return_value=FakeResponse()):
            campaign.with_user(coordinator).action_send()
            trap.perform_enqueued_jobs()
        campaign.recipient_ids.invalidate_recordset(["status"])
        self.assertEqual(campaign.sent_count, 2)
        self.assertTrue(segment)
