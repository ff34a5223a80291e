import logging

from odoo import fields, models

_logger = logging.getLogger(__name__)


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "rating.mixin"]

    citizen_survey_sample_ids = fields.Many2many(
        "citizen.survey.sample",
        "citizen_survey_sample_population_rel",
        "ticket_id",
        "sample_id",
        string="Survey draws",
        readonly=True,
        copy=False,
    )
    citizen_survey_line_ids = fields.One2many(
        "citizen.survey.sample.line", "ticket_id", string="Perception survey", readonly=True
    )
    citizen_self_rating = fields.Boolean(related="channel_id.citizen_self_rating")

    def write(self, vals):
        finishing = self.browse()
        if "stage_id" in vals and not self.env.context.get("citizen_survey_no_rating"):
            finishing = self.filtered(lambda t: t.citizen_state != "finished")
        res = super().write(vals)
        if finishing:
            finished = finishing.filtered(lambda t: t.citizen_state == "finished")
            # reports answered by e-mail got the rating faces in their closing e-mail
            # (citizen.notification._citizen_send_email); the others get them apart
            finished.filtered(
                lambda t: not t._citizen_closing_email_has_rating()
            )._citizen_send_rating_request()
        return res

    def _citizen_closing_email_has_rating(self):
        self.ensure_one()
        return bool(
            not self.env.context.get("citizen_survey_no_rating")
            and not self._citizen_notify_disabled()
            and self.channel_id.citizen_self_rating
            and self.partner_id.email
            and self._citizen_notify_method() == "email"
        )

    def _citizen_send_rating_request(self):
        """Closing e-mail with the rating link, for self-rating origins (web/app...)."""
        template = self.env.ref(
            "citizen_survey.mail_template_citizen_rating_request", raise_if_not_found=False
        )
        if not template:
            return
        for ticket in self.filtered(
            lambda t: t.channel_id.citizen_self_rating and t.partner_id.email
        ):
            ticket.rating_send_request(template, lang=ticket.partner_id.lang, force_send=False)
