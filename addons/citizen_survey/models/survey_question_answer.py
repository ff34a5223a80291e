from odoo import fields, models


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    citizen_code = fields.Selection(
        [("yes", "Yes"), ("no", "No")],
        string="Citizen meaning",
        help="Language-independent meaning of this answer for the survey results.",
    )
