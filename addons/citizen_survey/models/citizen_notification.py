from odoo import api, models


class CitizenNotification(models.Model):
    _inherit = "citizen.notification"

    @api.model
    def _citizen_send_email(self, ticket, kind, partner=None):
        """Self-rating origins get ONE closing e-mail: the response with the rating faces.

        Only the author rates: supporters of the report (``partner``) get the plain one."""
        if (partner and partner != ticket.partner_id) or not (
            kind == "response"
            and ticket.citizen_state == "finished"
            and ticket._citizen_closing_email_has_rating()
        ):
            return super()._citizen_send_email(ticket, kind, partner=partner)
        before = ticket.message_ids
        ticket._citizen_send_rating_request()
        message = (ticket.message_ids - before)[:1]
        mail = (
            self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)], limit=1)
            if message
            else self.env["mail.mail"]
        )
        return self.sudo().create(
            {
                "channel": "email",
                "kind": kind,
                "recipient": ticket.partner_id.email,
                "body": message.subject or ticket.number,
                "partner_id": ticket.partner_id.id,
                "ticket_id": ticket.id,
                "mail_id": mail.id,
            }
        )
