from odoo import api, fields, models
from odoo.exceptions import UserError


class SchoolEnrollmentAssignmentWizard(models.TransientModel):
    _name = "school.enrollment.assignment.wizard"
    _description = "Launch School Assignment"

    campaign_id = fields.Many2one(
        "school.enrollment.campaign",
        required=True,
        default=lambda self: self.env["school.enrollment.campaign"]._get_current(),
    )
    mode = fields.Selection(
        [
            ("initial", "Initial distribution"),
            ("redistribution", "Redistribution of change requests"),
        ],
        required=True,
        default="initial",
    )
    seed = fields.Integer(
        "Lottery Seed",
        default=1,
        required=True,
        help="Same data and same seed give exactly the same assignment.",
    )
    applicant_count = fields.Integer("Applicants to Distribute", compute="_compute_counts")
    missing_colonia_count = fields.Integer("Without Colonia", compute="_compute_counts")

    @api.depends("campaign_id", "mode")
    def _compute_counts(self):
        Run = self.env["school.enrollment.assignment.run"]
        Applicant = self.env["school.enrollment.applicant"]
        for wiz in self:
            if not wiz.campaign_id:
                wiz.applicant_count = wiz.missing_colonia_count = 0
                continue
            wiz.applicant_count = Applicant.search_count(
                Run._applicant_domain(wiz.campaign_id, wiz.mode)
            )
            wiz.missing_colonia_count = Applicant.search_count(
                Run._missing_colonia_domain(wiz.campaign_id, wiz.mode)
            )

    def action_view_missing(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_enrollment.action_school_enrollment_applicant"
        )
        action["domain"] = self.env["school.enrollment.assignment.run"]._missing_colonia_domain(
            self.campaign_id, self.mode
        )
        action["context"] = {}
        return action

    def action_run(self):
        self.ensure_one()
        if self.mode == "redistribution":
            requests = self.env["school.enrollment.change.request"].search(
                [("campaign_id", "=", self.campaign_id.id), ("state", "=", "approved")]
            )
            if not requests:
                raise UserError(
                    self.env._(
                        "Campaign %s has no approved change request to redistribute.",
                        self.campaign_id.name,
                    )
                )
            return requests.action_redistribute()
        # distributing a whole campaign takes a while: the job queue runs it after the
        # commit; the run's form shows its state
        run = self.env["school.enrollment.assignment.run"]._enqueue(
            self.campaign_id, self.mode, self.seed
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "school.enrollment.assignment.run",
            "view_mode": "form",
            "res_id": run.id,
        }
