from odoo import fields, models

CITIZEN_KEYS = [
    ("satisfaction", "Satisfaction (1-5)"),
    ("solved", "Problem solved (yes/no)"),
    ("time_ok", "Time acceptable (yes/no)"),
    ("comments", "Comments"),
]


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    citizen_key = fields.Selection(
        CITIZEN_KEYS,
        string="Citizen indicator",
        help="Which indicator of the citizen survey results this question feeds.",
    )
