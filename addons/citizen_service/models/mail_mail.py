from odoo import fields, models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _postprocess_sent_message(self, success_pids, failure_reason=False, failure_type=None):
        """A citizen e-mail sent by Odoo's mail queue (the fallback of its job) is sent."""
        if not failure_type and self.ids:
            notifications = (
                self.env["citizen.notification"]
                .sudo()
                .search([("mail_id", "in", self.ids), ("state", "in", ("queued", "failed"))])
            )
            notifications.write(
                {"state": "sent", "error": False, "date_sent": fields.Datetime.now()}
            )
        return super()._postprocess_sent_message(
            success_pids, failure_reason=failure_reason, failure_type=failure_type
        )
