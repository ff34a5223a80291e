from odoo import models
from odoo.exceptions import UserError


class CallCenterCall(models.Model):
    _inherit = "call.center.call"

    def action_send_survey(self):
        """E-mail the post-call service survey (citizen_survey) to the caller."""
        self.ensure_one()
        if not self.partner_id.email:
            raise UserError(self.env._("The citizen has no e-mail address to send the survey to."))
        self.env["survey.user_input"].citizen_survey_invite_post_call(
            self.partner_id,
            self,
            operator=self.operator_id or self.env.user,
            ticket=self.report_id,
        )
        self.message_post(body=self.env._("Service survey sent to %s.", self.partner_id.email))
        return True
