from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SchoolEnrollmentCampaign(models.Model):
    _name = "school.enrollment.campaign"
    _description = "Enrollment Campaign"
    _order = "date_start desc, id desc"

    name = fields.Char(required=True)
    school_year = fields.Char(help="e.g. 2026-2027")
    active = fields.Boolean(default=True)
    date_start = fields.Date("Start", required=True)
    date_end = fields.Date("End", required=True)
    portal_date_start = fields.Date(
        "Portal Opens", required=True, help="First day parents can act on the portal."
    )
    portal_date_end = fields.Date("Portal Closes", required=True)
    phone_date_start = fields.Date(
        "Phone Line Opens",
        required=True,
        help="First day the call center (CAT) takes change requests.",
    )
    phone_date_end = fields.Date("Phone Line Closes", required=True)
    phone_hours = fields.Char("Call Center Hours", default="9:00 - 15:00")
    date_school_visit = fields.Date(
        "Date to Go to the School",
        help="Day the parents go to the assigned school with the assignment document to "
        "complete the enrollment (printed on the document and shown on the portal).",
    )
    school_visit_hours = fields.Char(default="8:00 - 12:00")
    phone_number = fields.Char("Call Center Phone")
    portal_open = fields.Boolean("Portal Open Today", compute="_compute_open")
    phone_open = fields.Boolean("Phone Line Open Today", compute="_compute_open")
    applicant_count = fields.Integer(compute="_compute_counts", string="Applicants")
    request_count = fields.Integer(compute="_compute_counts", string="Change Requests")

    @api.constrains(
        "date_start",
        "date_end",
        "portal_date_start",
        "portal_date_end",
        "phone_date_start",
        "phone_date_end",
    )
    def _check_dates(self):
        for camp in self:
            for start, end in (
                (camp.date_start, camp.date_end),
                (camp.portal_date_start, camp.portal_date_end),
                (camp.phone_date_start, camp.phone_date_end),
            ):
                if start and end and start > end:
                    raise ValidationError(
                        self.env._("A period of campaign %s ends before it starts.", camp.name)
                    )

    def _compute_open(self):
        today = fields.Date.context_today(self)
        for camp in self:
            camp.portal_open = camp._is_open("portal", today)
            camp.phone_open = camp._is_open("phone", today)

    def _compute_counts(self):
        Applicant = self.env["school.enrollment.applicant"]
        Request = self.env["school.enrollment.change.request"]
        apps = dict(
            Applicant._read_group([("campaign_id", "in", self.ids)], ["campaign_id"], ["__count"])
        )
        reqs = dict(
            Request._read_group([("campaign_id", "in", self.ids)], ["campaign_id"], ["__count"])
        )
        for camp in self:
            camp.applicant_count = apps.get(camp, 0)
            camp.request_count = reqs.get(camp, 0)

    def _is_open(self, channel, day=None):
        """Whether ``channel`` (portal / phone / walk_in) accepts changes on ``day``."""
        self.ensure_one()
        day = day or fields.Date.context_today(self)
        if channel == "portal":
            start, end = self.portal_date_start, self.portal_date_end
        else:
            start, end = self.phone_date_start, self.phone_date_end
        return bool(self.active and start and end and start <= day <= end)

    @api.model
    def _get_current(self):
        today = fields.Date.context_today(self)
        camp = self.search([("date_start", "<=", today), ("date_end", ">=", today)], limit=1)
        return camp or self.search([], limit=1)
