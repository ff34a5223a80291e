import hashlib
import hmac
import json
from unittest.mock import patch

import requests

from odoo import Command
from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from ..models.citizen_notification import JOB_CHANNEL, JOB_MAX_RETRIES
from ..tools.validation import twilio_signature
from .common_messaging import MESSAGE_ID, REQUESTS_POST, FakeResponse
from .common_queue import notification_jobs, trap_jobs

LOGGER = "odoo.addons.citizen_service.models.citizen_notification"


class RolledBack(Exception):
    pass


class QueueCommon:
    @classmethod
    def _setup_common(cls):
        env = cls.env
        team = env["helpdesk.ticket.team"].create({"name": "Alumbrado (cola)"})
        cls.petition = env["helpdesk.ticket.category"].create(
            {"name": "Lámpara apagada (cola)", "code": "Q-LAMP", "team_id": team.id}
        )
        cls.citizen = env["res.partner"].create(
            {
                "name": "Rosa Martínez Ortiz",
                "email": "rosa.martinez@example.com",
                "mobile": "477 555 0101",
                "is_citizen": True,
            }
        )
        cls.wa_client = env["citizen.api.client"].create(
            {
                "name": "WhatsApp Cloud (cola)",
                "provider": "whatsapp",
                "channel_id": env.ref("citizen_service.channel_whatsapp").id,
                "outbound_url": "https://graph.example.org/v19.0/2001/messages",
                "outbound_token": "EAAG-queue",
            }
        )

    def _ticket(self, channel_xmlid="citizen_service.channel_whatsapp"):
        return self.env["helpdesk.ticket"].create(
            {
                "name": "Lámpara apagada en Juárez 120",
                "description": "No enciende desde el lunes.",
                "partner_id": self.citizen.id,
                "category_id": self.petition.id,
                "channel_id": self.env.ref(channel_xmlid).id,
                "citizen_api_client_id": self.wa_client.id,
            }
        )


@tagged("post_install", "-at_install")
class TestNotificationQueue(QueueCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_common()

    def test_provider_down_report_saved_message_retried(self):
        with (
            trap_jobs() as trap,
            patch(REQUESTS_POST, side_effect=requests.ConnectionError("unreachable")) as post,
        ):
            ticket = self._ticket()
            # the report is saved without waiting for the provider
            self.assertTrue(ticket.number)
            self.assertEqual(post.call_count, 0)
            notif = ticket.citizen_notification_ids
            self.assertEqual(notif.state, "queued")
            trap.assert_jobs_count(1, only=notif._citizen_deliver)
            trap.assert_enqueued_job(
                notif._citizen_deliver,
                properties={"channel": JOB_CHANNEL, "max_retries": JOB_MAX_RETRIES},
            )
            job = trap.enqueued_jobs[0]
            self.assertEqual(job.recordset, notif)
            self.assertEqual(job.on_fail_method_name, "_citizen_job_failed")
            # provider down: each try asks the queue to retry later, with backoff
            # (retry pattern of the job function: 30 s, then 2 min, then 10 min)
            delays = []
            with mute_logger(LOGGER):
                for _try in range(JOB_MAX_RETRIES - 1):
                    with self.assertRaises(RetryableJobError):
                        job.perform()
                    delays.append(job._get_retry_seconds())
                    self.assertEqual(notif.state, "queued")
                self.assertEqual(delays, [30, 30, 120, 120, 600])
                # the last try: the queue gives up and marks the job failed
                with self.assertRaises(FailedJobError) as caught:
                    job.perform()
            self.assertEqual(post.call_count, JOB_MAX_RETRIES)
            job.on_fail({"exc_message": str(caught.exception), "exc_name": "FailedJobError"})
        self.assertEqual(notif.state, "failed")
        self.assertIn("unreachable", notif.error)
        self.assertNotIn("Max. retries", notif.error)
        # staff press "Reintentar": queued again, a new job, the provider is back
        with (
            trap_jobs() as trap,
            patch(REQUESTS_POST, return_value=FakeResponse()) as post,
        ):
            action = notif.action_citizen_retry()
            self.assertEqual(action["params"]["type"], "success")
            self.assertEqual(notif.state, "queued")
            self.assertFalse(notif.error)
            trap.assert_jobs_count(1, only=notif._citizen_deliver)
            trap.perform_enqueued_jobs()
        self.assertEqual(post.call_count, 1)
        self.assertEqual(notif.state, "sent")
        self.assertEqual(notif.provider_message_id, MESSAGE_ID)
        self.assertTrue(notif.date_sent)
        # only failed messages are sent again
        with self.assertRaises(UserError):
            notif.action_citizen_retry()

    def test_rollback_nothing_sent(self):
        with patch(REQUESTS_POST, return_value=FakeResponse()) as post:
            before = notification_jobs(self.env)
            with self.assertRaises(RolledBack), self.env.cr.savepoint():
                ticket = self._ticket()
                # the job is stored in the transaction of the report...
                self.assertEqual(len(notification_jobs(self.env) - before), 1)
                self.assertEqual(ticket.citizen_notification_ids.state, "queued")
                raise RolledBack()
            self.env.invalidate_all()
            # ...and goes away with it: no job, no message
            self.assertEqual(notification_jobs(self.env), before)
            self.assertFalse(
                self.env["citizen.notification"].search([("partner_id", "=", self.citizen.id)])
            )
        self.assertEqual(post.call_count, 0)

    def test_retried_job_never_sends_twice(self):
        with trap_jobs() as trap:
            ticket = self._ticket()
            job = trap.enqueued_jobs[0]
        notif = ticket.citizen_notification_ids
        with patch(REQUESTS_POST, return_value=FakeResponse()) as post:
            job.perform()
            self.assertEqual(notif.provider_message_id, MESSAGE_ID)
            # the runner runs the job again (restart, requeued by hand): no second send
            result = job.perform()
            self.assertIn("already sent", result)
            # even when the state was put back by hand, the recorded id is checked
            notif.state = "queued"
            job.perform()
        self.assertEqual(post.call_count, 1)

    def test_provider_answers(self):
        """4xx: refused for good; 5xx/429: retried; no answer in time: not retried."""
        with trap_jobs() as trap:
            ticket = self._ticket()
            job = trap.enqueued_jobs[0]
        notif = ticket.citizen_notification_ids
        with patch(REQUESTS_POST, return_value=FakeResponse(503, text="busy")):
            with self.assertRaises(RetryableJobError):
                job.perform()
        self.assertEqual(notif.state, "queued")
        with patch(REQUESTS_POST, return_value=FakeResponse(429)):
            with self.assertRaises(RetryableJobError):
                job.perform()
        with patch(REQUESTS_POST, side_effect=requests.ReadTimeout("read timed out")):
            job.perform()
        self.assertEqual(notif.state, "failed")
        self.assertIn("may have been delivered", notif.error)
        notif.action_citizen_retry()
        with patch(REQUESTS_POST, return_value=FakeResponse(400, text="invalid number")):
            job.perform()
        self.assertEqual(notif.state, "failed")
        self.assertIn("HTTP 400", notif.error)

    def test_email_sent_by_job(self):
        with trap_jobs() as trap:
            ticket = self._ticket("citizen_service.channel_web")
            notif = ticket.citizen_notification_ids
            self.assertEqual(notif.channel, "email")
            self.assertEqual(notif.state, "queued")
            mail = notif.mail_id
            self.assertEqual(mail.state, "outgoing")
            # Odoo's mail cron only takes it later (fallback without a job runner)
            self.assertTrue(mail.scheduled_date)
            trap.assert_jobs_count(1)
            trap.perform_enqueued_jobs()
        self.assertEqual(notif.state, "sent")
        self.assertTrue(not mail.exists() or mail.state == "sent")

    def test_email_sent_by_mail_queue_fallback(self):
        """Without a job runner, Odoo's mail queue sends it later: the notification follows."""
        with trap_jobs():
            ticket = self._ticket("citizen_service.channel_web")
        notif = ticket.citizen_notification_ids
        notif.mail_id.send()
        self.assertEqual(notif.state, "sent")
        self.assertTrue(notif.date_sent)

    def test_bot_reply_through_queue(self):
        inbound = self.env["citizen.inbound.message"].create(
            {
                "client_id": self.wa_client.id,
                "provider": "whatsapp",
                "provider_message_id": "wamid.IN-Q1",
                "sender_phone": "+524775550101",
                "partner_id": self.citizen.id,
            }
        )
        with (
            trap_jobs() as trap,
            patch(REQUESTS_POST, return_value=FakeResponse()) as post,
        ):
            inbound._citizen_reply("Horario: lunes a viernes de 8 a 15 h.")
            self.assertEqual(post.call_count, 0)
            trap.assert_jobs_count(1)
            trap.perform_enqueued_jobs()
        self.assertEqual(post.call_count, 1)

    def test_status_updates_apply_in_order(self):
        Notification = self.env["citizen.notification"]
        notif = Notification.create(
            {
                "channel": "whatsapp",
                "recipient": "+524775550101",
                "body": "x",
                "state": "sent",
                "provider_message_id": "wamid.ST-1",
            }
        )
        self.assertEqual(Notification._citizen_apply_statuses([("wamid.ST-1", "read", "")]), (1, 0))
        # a late "delivered" never moves a read message back
        self.assertEqual(
            Notification._citizen_apply_statuses(
                [("wamid.ST-1", "delivered", ""), ("wamid.unknown", "read", "")]
            ),
            (0, 2),
        )
        self.assertEqual(notif.state, "read")

    def test_retry_rights(self):
        notif = self.env["citizen.notification"].create(
            {"channel": "sms", "recipient": "+524775550101", "body": "x", "state": "failed"}
        )
        portal = self.env["res.users"].create(
            {
                "name": "Ciudadano portal (cola)",
                "login": "portal-cola@example.com",
                "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
            }
        )
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            notif.with_user(portal).action_citizen_retry()


@tagged("post_install", "-at_install")
class TestDeliveryStatusWebhook(QueueCommon, HttpCase):
    APP_SECRET = "meta-app-secret-123"
    AUTH_TOKEN = "twilio-auth-token-456"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_common()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("citizen_service.whatsapp_app_secret", cls.APP_SECRET)
        params.set_param("citizen_service.twilio_auth_token", cls.AUTH_TOKEN)
        Notification = cls.env["citizen.notification"]
        cls.wa_notif = Notification.create(
            {
                "channel": "whatsapp",
                "recipient": "+524775550101",
                "body": "Folio recibido",
                "state": "sent",
                "provider_message_id": "wamid.HBgM-STATUS-1",
            }
        )
        cls.sms_notif = Notification.create(
            {
                "channel": "sms",
                "recipient": "+524775550101",
                "body": "Folio recibido",
                "state": "sent",
                "provider_message_id": "SM0123456789abcdef",
            }
        )

    def _wa_payload(self, message_id, status, errors=None):
        item = {"id": message_id, "status": status, "timestamp": "1765100000"}
        if errors:
            item["errors"] = errors
        return json.dumps(
            {
                "object": "whatsapp_business_account",
                "entry": [
                    {
                        "id": "WABA",
                        "changes": [
                            {
                                "field": "messages",
                                "value": {"messaging_product": "whatsapp", "statuses": [item]},
                            }
                        ],
                    }
                ],
            }
        ).encode()

    def _post_wa(self, body, secret=None):
        digest = hmac.new((secret or self.APP_SECRET).encode(), body, hashlib.sha256).hexdigest()
        return self.url_open(
            "/citizen/status/whatsapp",
            data=body,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={digest}"},
        )

    def _post_twilio(self, params, token=None):
        url = self.base_url() + "/citizen/status/twilio"
        signature = twilio_signature(token or self.AUTH_TOKEN, url, params)
        return self.url_open(url, data=params, headers={"X-Twilio-Signature": signature})

    def test_whatsapp_status_signed(self):
        body = self._wa_payload("wamid.HBgM-STATUS-1", "delivered")
        bad = self._post_wa(body, secret="wrong")
        self.assertEqual(bad.status_code, 403)
        self.assertEqual(bad.json()["error"]["code"], "invalid_signature")
        unsigned = self.url_open(
            "/citizen/status/whatsapp", data=body, headers={"Content-Type": "application/json"}
        )
        self.assertEqual(unsigned.status_code, 403)
        self.wa_notif.invalidate_recordset()
        self.assertEqual(self.wa_notif.state, "sent")
        good = self._post_wa(body)
        self.assertEqual(good.status_code, 200, good.text)
        self.assertEqual(good.json(), {"ok": True, "updated": 1, "ignored": 0})
        self.wa_notif.invalidate_recordset()
        self.assertEqual(self.wa_notif.state, "delivered")
        self.assertTrue(self.wa_notif.date_status)
        failed = self._post_wa(
            self._wa_payload(
                "wamid.HBgM-STATUS-1", "failed", [{"code": 131026, "title": "Undeliverable"}]
            )
        )
        self.assertEqual(failed.json()["ignored"], 1, "a delivered message stays delivered")

    def test_whatsapp_unknown_message_ignored(self):
        response = self._post_wa(self._wa_payload("wamid.NOT-OURS", "read"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"ok": True, "updated": 0, "ignored": 1})
        garbage = self._post_wa(b"{not json")
        self.assertEqual(garbage.status_code, 400)

    def test_twilio_status_signed(self):
        params = {
            "MessageSid": "SM0123456789abcdef",
            "MessageStatus": "undelivered",
            "ErrorCode": "30003",
            "To": "+524775550101",
        }
        bad = self._post_twilio(params, token="wrong")
        self.assertEqual(bad.status_code, 403)
        self.assertEqual(bad.json()["ok"], False)
        good = self._post_twilio(params)
        self.assertEqual(good.status_code, 200, good.text)
        self.assertEqual(good.json()["updated"], 1)
        self.sms_notif.invalidate_recordset()
        self.assertEqual(self.sms_notif.state, "failed")
        self.assertIn("30003", self.sms_notif.error)
        # on its way / unknown: answered, ignored
        sending = self._post_twilio({"MessageSid": "SM-unknown", "MessageStatus": "sent"})
        self.assertEqual(sending.json(), {"ok": True, "updated": 0, "ignored": 1})
        self.assertEqual(self.url_open("/citizen/status/other", data={"x": "1"}).status_code, 404)
