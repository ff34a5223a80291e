from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    citizen_due_soon_days = fields.Integer(
        string="Due-soon warning (days)",
        config_parameter="citizen_service.due_soon_days",
        default=2,
        help="Open reports whose deadline is within this many days show the yellow traffic light.",
    )
    citizen_whatsapp_app_secret = fields.Char(
        string="WhatsApp app secret",
        config_parameter="citizen_service.whatsapp_app_secret",
        help="Secret of the Meta app: checks the X-Hub-Signature-256 of the delivery "
        "status callbacks of WhatsApp Cloud.",
    )
    citizen_twilio_auth_token = fields.Char(
        string="Twilio auth token",
        config_parameter="citizen_service.twilio_auth_token",
        help="Auth token of the Twilio account: checks the X-Twilio-Signature of the SMS "
        "delivery status callbacks.",
    )
    citizen_calendar_id = fields.Many2one(
        related="company_id.citizen_calendar_id",
        readonly=False,
        string="Citizen service calendar",
    )

    @api.constrains("citizen_due_soon_days")
    def _check_citizen_due_soon_days(self):
        for settings in self:
            if settings.citizen_due_soon_days < 0:
                raise ValidationError(
                    self.env._("The due-soon warning cannot be a negative number of days.")
                )
