import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

YES_NO = [("yes", "Yes"), ("no", "No")]


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    citizen_kind = fields.Selection(
        [
            ("phone_sample", "Phone perception survey"),
            ("post_call", "Post-call service survey"),
        ],
        string="Citizen survey type",
        index=True,
        readonly=True,
    )
    citizen_ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Report", index="btree_not_null", ondelete="set null"
    )
    citizen_res_model = fields.Char(string="Surveyed document model", readonly=True)
    citizen_res_id = fields.Many2oneReference(
        string="Surveyed document", model_field="citizen_res_model", readonly=True
    )
    citizen_operator_id = fields.Many2one(
        "res.users", string="Operator", index="btree_not_null", ondelete="set null"
    )
    citizen_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Department",
        compute="_compute_citizen_report_data",
        store=True,
        readonly=False,
    )
    citizen_category_id = fields.Many2one(
        "helpdesk.ticket.category",
        string="Petition",
        compute="_compute_citizen_report_data",
        store=True,
        readonly=False,
    )
    citizen_channel_id = fields.Many2one(
        "helpdesk.ticket.channel",
        string="Origin",
        compute="_compute_citizen_report_data",
        store=True,
        readonly=False,
    )
    citizen_satisfaction = fields.Integer(
        string="Satisfaction",
        compute="_compute_citizen_indicators",
        store=True,
        compute_sudo=True,
        aggregator="avg",
    )
    citizen_problem_solved = fields.Selection(
        YES_NO,
        string="Problem solved",
        compute="_compute_citizen_indicators",
        store=True,
        compute_sudo=True,
    )
    citizen_time_ok = fields.Selection(
        YES_NO,
        string="Time acceptable",
        compute="_compute_citizen_indicators",
        store=True,
        compute_sudo=True,
    )
    citizen_comments = fields.Text(
        string="Citizen comments",
        compute="_compute_citizen_indicators",
        store=True,
        compute_sudo=True,
    )

    @api.depends("citizen_ticket_id")
    def _compute_citizen_report_data(self):
        for user_input in self:
            ticket = user_input.citizen_ticket_id
            user_input.citizen_team_id = ticket.team_id
            user_input.citizen_category_id = ticket.category_id
            user_input.citizen_channel_id = ticket.channel_id

    @api.depends(
        "user_input_line_ids.skipped",
        "user_input_line_ids.value_scale",
        "user_input_line_ids.value_numerical_box",
        "user_input_line_ids.suggested_answer_id",
        "user_input_line_ids.value_text_box",
        "user_input_line_ids.value_char_box",
    )
    def _compute_citizen_indicators(self):
        for user_input in self:
            values = {"satisfaction": 0, "solved": False, "time_ok": False, "comments": False}
            for line in user_input.user_input_line_ids:
                key = line.question_id.citizen_key
                if not key or line.skipped:
                    continue
                if key == "satisfaction":
                    if line.answer_type == "scale":
                        values[key] = line.value_scale
                    elif line.answer_type == "numerical_box":
                        values[key] = int(round(line.value_numerical_box))
                elif key in ("solved", "time_ok"):
                    values[key] = line.suggested_answer_id.citizen_code or False
                elif key == "comments":
                    values[key] = line.value_text_box or line.value_char_box or False
            user_input.citizen_satisfaction = values["satisfaction"]
            user_input.citizen_problem_solved = values["solved"]
            user_input.citizen_time_ok = values["time_ok"]
            user_input.citizen_comments = values["comments"]

    def _mark_done(self):
        res = super()._mark_done()
        phone = self.filtered(lambda ui: ui.citizen_kind == "phone_sample")
        if phone:
            lines = (
                self.env["citizen.survey.sample.line"]
                .sudo()
                .search([("questionnaire_input_id", "in", phone.ids)])
            )
            for line in lines:
                line._citizen_questionnaire_done(line.questionnaire_input_id)
        return res

    # ------------------------------------------------------------------
    # Public API (used by the call_center_survey bridge)
    # ------------------------------------------------------------------
    @api.model
    def citizen_survey_invite_post_call(self, partner, record, operator=None, ticket=None):
        """E-mail the call center's service survey ("encuesta de servicio").

        :param partner: res.partner called / calling (needs an e-mail address)
        :param record: any record the survey is about (a call, a report...)
        :param operator: res.users who attended the call (defaults to the
            report's responsible when ``record`` is a report, then to the current user)
        :param ticket: the report (helpdesk.ticket) the call was about, if any
            (``record`` itself when it is a report)
        :return: the survey.user_input created (or the pending one already sent
            for this record and partner), or an empty recordset when the partner
            has no e-mail address.
        """
        survey = self.env.ref("citizen_survey.survey_post_call", raise_if_not_found=False)
        if not survey or not survey.sudo().active:
            raise UserError(self.env._("The post-call service survey is not available."))
        partner = partner[:1]
        if not partner or not partner.email:
            _logger.info("Post-call survey not sent: no e-mail for partner %s", partner.ids)
            return self.browse()
        record = record[:1]
        existing = self.sudo().search(
            [
                ("survey_id", "=", survey.id),
                ("citizen_kind", "=", "post_call"),
                ("citizen_res_model", "=", record._name),
                ("citizen_res_id", "=", record.id),
                ("partner_id", "=", partner.id),
            ],
            limit=1,
        )
        if existing:
            return existing
        ticket = (ticket or self.env["helpdesk.ticket"])[:1]
        if record._name == "helpdesk.ticket":
            ticket = record
            operator = operator or record.user_id
        operator = operator or self.env.user
        user_input = survey.sudo()._create_answer(
            partner=partner,
            check_attempts=False,
            citizen_kind="post_call",
            citizen_res_model=record._name,
            citizen_res_id=record.id,
            citizen_ticket_id=ticket.id,
            citizen_operator_id=operator.id,
        )
        template = self.env.ref("citizen_survey.mail_template_post_call_survey")
        template.sudo().send_mail(user_input.id, email_layout_xmlid="mail.mail_notification_light")
        return user_input
