from odoo import fields, models

OUTCOMES = [
    ("reached", "Reached"),
    ("no_answer", "No answer"),
    ("wrong_number", "Wrong number"),
    ("refused", "Refused"),
]


class CitizenSurveyAttempt(models.Model):
    _name = "citizen.survey.attempt"
    _description = "Perception survey call attempt"
    _order = "date desc, id desc"

    line_id = fields.Many2one(
        "citizen.survey.sample.line", required=True, ondelete="cascade", index=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", string="Surveyor", default=lambda self: self.env.user)
    outcome = fields.Selection(OUTCOMES, required=True)
    note = fields.Char()
