from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    citizen_survey_sample_rate = fields.Float(
        string="Perception survey sample (%)",
        config_parameter="citizen_survey.sample_rate",
        default=10.0,
        help="Share of the finished reports drawn every day for the phone perception survey.",
    )
    citizen_survey_max_attempts = fields.Integer(
        string="Call attempts before unreachable",
        config_parameter="citizen_survey.max_attempts",
        default=3,
    )

    @api.constrains("citizen_survey_sample_rate", "citizen_survey_max_attempts")
    def _check_citizen_survey_settings(self):
        for settings in self:
            if not 0 < settings.citizen_survey_sample_rate <= 100:
                raise ValidationError(
                    self.env._(
                        "The perception survey sample must be more than 0% and at most 100%."
                    )
                )
            if settings.citizen_survey_max_attempts < 1:
                raise ValidationError(self.env._("At least one call attempt is required."))
