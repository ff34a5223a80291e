from odoo import fields, models, tools

from ..models.survey_user_input import YES_NO


class CitizenSurveyResult(models.Model):
    """Every citizen evaluation in one place: phone perception surveys, post-call
    service surveys and the ratings given by citizens from the portal or the app."""

    _name = "citizen.survey.result"
    _description = "Citizen survey results"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "ticket_id"
    _depends = {
        "survey.user_input": [
            "end_datetime",
            "state",
            "test_entry",
            "partner_id",
            "citizen_kind",
            "citizen_ticket_id",
            "citizen_team_id",
            "citizen_category_id",
            "citizen_channel_id",
            "citizen_operator_id",
            "citizen_satisfaction",
            "citizen_problem_solved",
            "citizen_time_ok",
            "citizen_comments",
        ],
        "rating.rating": ["res_model", "res_id", "partner_id", "rating", "feedback", "consumed"],
        "helpdesk.ticket": ["team_id", "category_id", "channel_id", "create_uid"],
    }

    date = fields.Datetime(readonly=True)
    source = fields.Selection(
        [
            ("phone_sample", "Phone perception survey"),
            ("post_call", "Post-call service survey"),
            ("self_rating", "Citizen rating (portal/app)"),
        ],
        readonly=True,
    )
    ticket_id = fields.Many2one("helpdesk.ticket", string="Report", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Citizen", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", string="Department", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", string="Petition", readonly=True)
    channel_id = fields.Many2one("helpdesk.ticket.channel", string="Origin", readonly=True)
    operator_id = fields.Many2one("res.users", readonly=True)
    satisfaction = fields.Float(readonly=True, aggregator="avg", digits=(3, 2))
    satisfied_pct = fields.Float(
        string="Satisfied (%)",
        readonly=True,
        aggregator="avg",
        help="Share of evaluations with a satisfaction of 4 or 5.",
    )
    problem_solved = fields.Selection(YES_NO, readonly=True)
    time_acceptable = fields.Selection(YES_NO, readonly=True)
    comments = fields.Text(readonly=True)
    has_comments = fields.Boolean(readonly=True)
    user_input_id = fields.Many2one("survey.user_input", string="Survey answers", readonly=True)
    rating_id = fields.Many2one("rating.rating", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT ui.id * 2 AS id,
                       COALESCE(ui.end_datetime, ui.create_date) AS date,
                       ui.citizen_kind AS source,
                       ui.citizen_ticket_id AS ticket_id,
                       ui.partner_id AS partner_id,
                       ui.citizen_team_id AS team_id,
                       ui.citizen_category_id AS category_id,
                       ui.citizen_channel_id AS channel_id,
                       ui.citizen_operator_id AS operator_id,
                       NULLIF(ui.citizen_satisfaction, 0)::float AS satisfaction,
                       CASE WHEN ui.citizen_satisfaction >= 4 THEN 100.0 ELSE 0.0 END AS satisfied_pct,
                       ui.citizen_problem_solved AS problem_solved,
                       ui.citizen_time_ok AS time_acceptable,
                       ui.citizen_comments AS comments,
                       COALESCE(TRIM(ui.citizen_comments), '') != '' AS has_comments,
                       ui.id AS user_input_id,
                       NULL::integer AS rating_id
                  FROM survey_user_input ui
                 WHERE ui.citizen_kind IS NOT NULL
                   AND ui.state = 'done'
                   AND COALESCE(ui.test_entry, FALSE) = FALSE
                UNION ALL
                SELECT r.id * 2 + 1 AS id,
                       r.write_date AS date,
                       'self_rating' AS source,
                       t.id AS ticket_id,
                       r.partner_id AS partner_id,
                       t.team_id AS team_id,
                       t.category_id AS category_id,
                       t.channel_id AS channel_id,
                       t.create_uid AS operator_id,
                       r.rating::float AS satisfaction,
                       CASE WHEN r.rating >= 4 THEN 100.0 ELSE 0.0 END AS satisfied_pct,
                       NULL AS problem_solved,
                       NULL AS time_acceptable,
                       r.feedback AS comments,
                       COALESCE(TRIM(r.feedback), '') != '' AS has_comments,
                       NULL::integer AS user_input_id,
                       r.id AS rating_id
                  FROM rating_rating r
                  JOIN helpdesk_ticket t ON t.id = r.res_id
                 WHERE r.res_model = 'helpdesk.ticket'
                   AND r.consumed = TRUE
                   AND r.rating > 0
            )
            """
        )
