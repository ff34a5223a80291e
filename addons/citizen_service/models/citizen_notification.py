import logging
import re
from datetime import timedelta

import psycopg2
import requests

from odoo import Command, api, fields, models
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import identity_exact
from odoo.exceptions import UserError
from odoo.tools import SQL

from .citizen_notification_template import KINDS

_logger = logging.getLogger(__name__)

SMS_GATEWAY_PARAM = "citizen_service.sms_gateway"  # "log" (default) or "http"
SMS_GATEWAY_URL_PARAM = "citizen_service.sms_gateway_url"
SMS_GATEWAY_TOKEN_PARAM = "citizen_service.sms_gateway_token"
OUTBOUND_TIMEOUT = 10
# outbound messages run in the job queue (queue_job), after the commit of the report
JOB_CHANNEL = "root.notification"
JOB_MAX_RETRIES = 6  # then the notification is "failed" and staff may retry it
# provider answers worth another try later (the message was not taken)
RETRY_HTTP_STATUS = {408, 425, 429, 500, 502, 503, 504}
# e-mails are sent by their job; Odoo's mail cron only takes them after this delay
# (a fallback when no job runner is running)
MAIL_CRON_FALLBACK = timedelta(minutes=15)
# delivery states reported by the providers, in their order (a status never goes back)
STATUS_RANK = {"sent": 1, "delivered": 2, "read": 3}

MAIL_TEMPLATES = {
    "created": "citizen_service.mail_template_report_created",
    "status": "citizen_service.mail_template_report_status",
    "response": "citizen_service.mail_template_report_response",
    "backed": "citizen_service.mail_template_report_backed",
}


class CitizenProviderError(Exception):
    """The provider refused or did not take a message; ``retryable`` when worth a retry."""

    def __init__(self, message, retryable=False):
        super().__init__(message)
        self.retryable = retryable


class CitizenNotification(models.Model):
    """Outbound message to a citizen (e-mail, SMS or WhatsApp), kept as a log.

    Messages with a real provider are delivered by a job (queue_job, channel
    ``root.notification``) that runs after the commit of the transaction that created
    them: a slow or down provider never slows a report down, a rolled-back report is
    never announced, provider errors are retried with backoff (the job function's retry
    pattern) and the notification ends ``failed`` (with a retry button) when the retries
    are exhausted. The provider's message id is recorded when the message is taken: a
    job that runs again for a message with an id never sends it twice.
    """

    _name = "citizen.notification"
    _description = "Citizen notification"
    _order = "id desc"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Report", ondelete="cascade", index="btree_not_null"
    )
    partner_id = fields.Many2one("res.partner", string="Citizen", index="btree_not_null")
    channel = fields.Selection(
        [("email", "E-mail"), ("sms", "SMS"), ("whatsapp", "WhatsApp")], required=True
    )
    kind = fields.Selection(KINDS, required=True, default="created")
    recipient = fields.Char()
    body = fields.Text()
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("logged", "Logged only"),
            ("sent", "Sent"),
            ("delivered", "Delivered"),
            ("read", "Read"),
            ("failed", "Failed"),
        ],
        default="queued",
        required=True,
        index=True,
    )
    mail_id = fields.Many2one("mail.mail", string="E-mail", ondelete="set null")
    client_id = fields.Many2one("citizen.api.client", string="Provider", ondelete="set null")
    provider_message_id = fields.Char(index="btree_not_null", copy=False)
    error = fields.Text()
    attempt_count = fields.Integer(
        string="Attempts", readonly=True, help="Times the message was handed to its provider."
    )
    date_sent = fields.Datetime(string="Sent on", readonly=True)
    date_status = fields.Datetime(
        string="Status date", readonly=True, help="Last delivery status reported by the provider."
    )
    job_uuid = fields.Char(string="Job", readonly=True, copy=False)

    @api.depends("channel", "recipient")
    def _compute_display_name(self):
        labels = dict(self._fields["channel"]._description_selection(self.env))
        for notif in self:
            notif.display_name = self.env._(
                "%(channel)s to %(recipient)s",
                channel=labels.get(notif.channel, ""),
                recipient=notif.recipient or "",
            )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        # e-mails: the mail.mail is written in this transaction, its job sends it after
        # the commit (Odoo's mail cron only later, as a fallback)
        emails = records.filtered(
            lambda n: n.channel == "email" and n.state == "queued" and n.mail_id
        )
        if emails:
            mails = emails.mail_id.filtered(lambda m: m.state == "outgoing")
            mails.write({"scheduled_date": fields.Datetime.now() + MAIL_CRON_FALLBACK})
            emails._citizen_enqueue()
        return records

    # ------------------------------------------------------------------------
    @api.model
    def _citizen_send_sms(self, number, body, partner=None, ticket=None, kind="reply"):
        """Record an outbound SMS and hand it to the configured gateway.

        The gateway is chosen with the system parameter ``citizen_service.sms_gateway``:
        ``log`` (default, only logged) or ``http`` (JSON POST to
        ``citizen_service.sms_gateway_url``, by a job after the commit). Other modules
        may override ``_citizen_sms_gateway_send``.
        """
        notification = self.sudo().create(
            {
                "channel": "sms",
                "kind": kind,
                "recipient": number,
                "body": body,
                "partner_id": partner.id if partner else False,
                "ticket_id": ticket.id if ticket else False,
            }
        )
        notification._citizen_sms_gateway_send()
        return notification

    def _citizen_sms_gateway_send(self):
        params = self.env["ir.config_parameter"].sudo()
        gateway = params.get_param(SMS_GATEWAY_PARAM, "log")
        url = params.get_param(SMS_GATEWAY_URL_PARAM)
        if gateway != "http" or not url:
            for notif in self:
                _logger.info("SMS to %s (log only): %s", notif.recipient, notif.body)
            self.write({"state": "logged"})
            return
        self._citizen_enqueue()

    @api.model
    def _citizen_send_whatsapp(
        self, number, body, partner=None, client=None, ticket=None, kind="reply"
    ):
        """Record a WhatsApp text message; a job posts it to the provider (Cloud API JSON)."""
        if not client or client.provider != "whatsapp":
            client = (
                self.env["citizen.api.client"]
                .sudo()
                .search([("provider", "=", "whatsapp"), ("outbound_url", "!=", False)], limit=1)
            )
        client = client.sudo()
        has_url = bool(client and client.outbound_url)
        notification = self.sudo().create(
            {
                "channel": "whatsapp",
                "kind": kind,
                "recipient": number,
                "body": body,
                "partner_id": partner.id if partner else False,
                "ticket_id": ticket.id if ticket else False,
                "client_id": client.id if client else False,
                "state": "queued" if has_url else "logged",
            }
        )
        if not has_url:
            _logger.info("WhatsApp to %s (no provider URL, log only): %s", number, body)
            return notification
        notification._citizen_enqueue()
        return notification

    @api.model
    def _citizen_send_email(self, ticket, kind, partner=None):
        """E-mail ``kind`` to ``partner`` (default: the author of the report)."""
        partner = partner or ticket.partner_id
        template = self.env.ref(MAIL_TEMPLATES.get(kind, ""), raise_if_not_found=False)
        if not template or not partner.email:
            return self.browse()
        template = template.sudo().with_context(citizen_recipient_name=partner.name)
        email_values = None
        if partner != ticket.partner_id:
            # a supporter: to them only, never a copy to the author
            email_values = {"recipient_ids": [Command.set(partner.ids)]}
        mail_id = template.send_mail(ticket.id, force_send=False, email_values=email_values)
        mail = self.env["mail.mail"].sudo().browse(mail_id)
        return self.sudo().create(
            {
                "channel": "email",
                "kind": kind,
                "recipient": partner.email,
                "body": mail.subject,
                "partner_id": partner.id,
                "ticket_id": ticket.id,
                "mail_id": mail_id,
            }
        )

    # --- job queue ------------------------------------------------------------
    def _citizen_enqueue(self):
        """Delay the delivery of each message to a job (stored in this transaction)."""
        for notif in self.sudo():
            job = notif.with_delay(
                channel=JOB_CHANNEL,
                max_retries=JOB_MAX_RETRIES,
                identity_key=identity_exact,
                description=self.env._(
                    "Citizen message %(channel)s to %(recipient)s",
                    channel=notif.channel,
                    recipient=notif.recipient or "",
                ),
            )._citizen_deliver()
            uuid = getattr(job, "uuid", None)
            if isinstance(uuid, str) and notif.exists():
                notif.job_uuid = uuid

    def _citizen_lock(self):
        """Lock the row of the message, or ask the queue to come back (another job has it)."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM citizen_notification WHERE id = %s FOR UPDATE NOWAIT",
                        self.id,
                    )
                )
        except psycopg2.errors.LockNotAvailable as err:
            raise RetryableJobError(
                "The message is being sent by another job.", seconds=10, ignore_retry=True
            ) from err

    def _citizen_deliver(self):
        """Job: hand the message to its provider. Never sends a message twice."""
        self.ensure_one()
        notif = self.sudo()
        if not notif.exists():
            return "deleted"
        try:
            # the row locks (the message, its e-mail) are taken in a savepoint: a provider
            # error rolls it back and releases them at once, so that queue_job's failure
            # hook (_citizen_job_failed, run in a second cursor of the same thread once the
            # retries are exhausted) never waits for a lock its own request holds
            with self.env.cr.savepoint():
                notif._citizen_lock()
                notif.invalidate_recordset()
                if notif.provider_message_id or notif.state in (
                    "logged",
                    "sent",
                    "delivered",
                    "read",
                ):
                    # a job run again (runner restarted, job requeued) for a message taken
                    return f"already sent ({notif.provider_message_id or notif.state})"
                message_id = notif._citizen_provider_send()
        except CitizenProviderError as err:
            if err.retryable:
                # the queue runs the job again later (retry pattern of the job function);
                # this transaction is rolled back, the message stays "queued"
                raise RetryableJobError(str(err)) from err
            notif.write(
                {
                    "state": "failed",
                    "error": str(err)[:2000],
                    "attempt_count": notif.attempt_count + 1,
                }
            )
            return f"failed: {err}"
        notif.write(
            {
                "state": "sent",
                "provider_message_id": message_id or False,
                "error": False,
                "date_sent": fields.Datetime.now(),
                "attempt_count": notif.attempt_count + 1,
            }
        )
        return f"sent ({message_id or 'no id'})"

    def _citizen_job_failed(self, exc_info=None, exc_name=None, exc_message=None, **_kwargs):
        """``on_fail`` of the delivery job: the retries are exhausted."""
        detail = str(exc_message or exc_name or "")
        # queue_job's own prefix; the provider's error follows it
        detail = re.sub(r"^Max\. retries \(\d+\) reached: ", "", detail)
        for notif in self.sudo().exists():
            if notif.state != "queued":
                continue
            notif.write(
                {
                    "state": "failed",
                    "error": self.env._(
                        "The provider did not take the message after %(count)s attempts: %(error)s",
                        count=JOB_MAX_RETRIES,
                        error=detail,
                    )[:2000],
                    "attempt_count": notif.attempt_count + JOB_MAX_RETRIES,
                }
            )

    def _citizen_provider_send(self):
        """Post the message to its provider; the provider's message id, if it gives one.

        ``CitizenProviderError`` when the message was not taken.
        """
        self.ensure_one()
        if self.channel == "email":
            return self._citizen_send_mail_now()
        if self.channel == "sms":
            params = self.env["ir.config_parameter"].sudo()
            url = params.get_param(SMS_GATEWAY_URL_PARAM)
            if not url:
                raise CitizenProviderError(self.env._("No SMS gateway URL is configured."))
            headers = {}
            token = params.get_param(SMS_GATEWAY_TOKEN_PARAM)
            if token:
                headers["Authorization"] = f"Bearer {token}"
            return self._citizen_post(url, {"to": self.recipient, "text": self.body}, headers)
        client = self.client_id.sudo()
        if not client.outbound_url:
            raise CitizenProviderError(self.env._("The WhatsApp provider has no outbound URL."))
        headers = {}
        if client.outbound_token:
            headers["Authorization"] = f"Bearer {client.outbound_token}"
        payload = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": (self.recipient or "").lstrip("+"),
            "type": "text",
            "text": {"preview_url": False, "body": self.body},
        }
        return self._citizen_post(client.outbound_url, payload, headers)

    def _citizen_post(self, url, payload, headers):
        """POST to a provider; its message id. ``CitizenProviderError`` when not taken."""
        self.ensure_one()
        try:
            response = requests.post(url, json=payload, headers=headers, timeout=OUTBOUND_TIMEOUT)
        except requests.exceptions.ReadTimeout as exc:
            # the request went out and no answer came: the provider may have taken it, a
            # retry could send it twice; staff decide (retry button)
            raise CitizenProviderError(
                self.env._(
                    "The provider did not answer in time; the message may have been "
                    "delivered: %(error)s",
                    error=exc,
                )
            ) from exc
        except requests.RequestException as exc:
            # connection refused, DNS, connect timeout: nothing was sent
            _logger.info("Citizen notification %s: provider unreachable: %s", self.id, exc)
            raise CitizenProviderError(str(exc), retryable=True) from exc
        status = response.status_code
        if status >= 400:
            raise CitizenProviderError(
                f"HTTP {status}: {(response.text or '')[:500]}",
                retryable=status in RETRY_HTTP_STATUS,
            )
        message_id = False
        try:
            data = response.json()
            message_id = (
                ((data.get("messages") or [{}])[0]).get("id") or data.get("id") or data.get("sid")
            )
        except (ValueError, AttributeError, IndexError, TypeError):
            # delivered all the same: only the provider's message id is unknown
            _logger.info("Citizen notification %s: no message id in the provider's answer", self.id)
        return message_id or False

    def _citizen_send_mail_now(self):
        """Send the notification's e-mail now (Odoo's mail queue is the fallback)."""
        mail = self.mail_id.sudo()
        if not mail.exists() or mail.state in ("sent", "received"):
            return False  # sent (and maybe deleted) by the mail cron already
        self.env.cr.execute(SQL("SELECT id FROM mail_mail WHERE id = %s FOR UPDATE", mail.id))
        mail.invalidate_recordset(["state"])
        if mail.state == "cancel":
            raise CitizenProviderError(self.env._("The e-mail was cancelled."))
        if mail.state == "exception":
            mail.state = "outgoing"
        mail.send(raise_exception=False)
        if not mail.exists() or mail.state in ("sent", "received"):
            return False
        reason = mail.failure_reason or mail.failure_type or ""
        # a refused address will not get better; a mail server down may
        raise CitizenProviderError(
            self.env._("The e-mail was not sent: %(reason)s", reason=reason),
            retryable=mail.failure_type not in ("mail_email_invalid", "mail_email_missing"),
        )

    # --- staff -----------------------------------------------------------------
    def action_citizen_retry(self):
        """Send failed messages again (button of the list and the form)."""
        self.check_access("read")
        failed = self.sudo().filtered(lambda n: n.state == "failed")
        if not failed:
            raise UserError(self.env._("Only failed messages can be sent again."))
        for notif in failed:
            if notif.mail_id and notif.mail_id.state == "exception":
                notif.mail_id.state = "outgoing"
        # a message the provider took and then reported undelivered is a new send
        failed.write({"state": "queued", "error": False, "provider_message_id": False})
        failed._citizen_enqueue()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s message(s) queued to be sent again.", count=len(failed)
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # --- delivery status callbacks ---------------------------------------------
    @api.model
    def _citizen_apply_statuses(self, statuses):
        """Apply provider delivery statuses: a list of ``(message_id, status, error)``.

        ``status`` is one of sent, delivered, read, failed. Unknown message ids are
        ignored. Returns ``(updated, ignored)``.
        """
        ids = [s[0] for s in statuses if s[0]]
        notifs = self.sudo().search([("provider_message_id", "in", ids)]) if ids else self
        by_id = {n.provider_message_id: n for n in notifs}
        updated = ignored = 0
        now = fields.Datetime.now()
        for message_id, status, error in statuses:
            notif = by_id.get(message_id)
            if not notif or status not in (*STATUS_RANK, "failed"):
                ignored += 1
                continue
            if status == "failed":
                if notif.state in ("delivered", "read"):
                    ignored += 1
                    continue
                vals = {"state": "failed", "error": (error or status)[:2000]}
            elif STATUS_RANK[status] <= STATUS_RANK.get(notif.state, 0):
                ignored += 1
                continue
            else:
                vals = {"state": status}
            vals["date_status"] = now
            notif.write(vals)
            updated += 1
        return updated, ignored
