import base64

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

REASONS = [
    ("disability", "Disability not considered"),
    ("siblings", "Siblings not related"),
    ("twins", "Twins assigned to different schools"),
    ("address", "Address registered wrong"),
]


class SchoolEnrollmentChangeRequest(models.Model):
    _name = "school.enrollment.change.request"
    _description = "School Change Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char("Number", readonly=True, copy=False, default="/")
    applicant_id = fields.Many2one(
        "school.enrollment.applicant",
        required=True,
        index=True,
        tracking=True,
        ondelete="cascade",
    )
    guardian_id = fields.Many2one(
        related="applicant_id.guardian_id", store=True, string="Parent / Guardian"
    )
    campaign_id = fields.Many2one(related="applicant_id.campaign_id", store=True, string="Campaign")
    grade = fields.Selection(related="applicant_id.grade", store=True, string="Grade")
    channel = fields.Selection(
        [("portal", "Portal"), ("phone", "Phone (CAT)"), ("walk_in", "Walk-in")],
        required=True,
        default="phone",
        tracking=True,
    )
    reason = fields.Selection(REASONS, required=True, tracking=True)
    description = fields.Text("Explanation")
    state = fields.Selection(
        [
            ("new", "New"),
            ("in_progress", "In Progress"),
            ("pending_documents", "Pending Documents"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("done", "Redistributed"),
        ],
        default="new",
        required=True,
        tracking=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users", "Operator", tracking=True, default=lambda self: self.env.user
    )
    previous_school_id = fields.Many2one("school.enrollment.school", readonly=True)
    new_school_id = fields.Many2one("school.enrollment.school", readonly=True, tracking=True)
    requested_school_id = fields.Many2one("school.enrollment.school", "Preferred School")
    new_colonia_id = fields.Many2one("citizen.colonia", "Correct Colonia")
    new_street = fields.Char("Correct Address")
    sibling_applicant_id = fields.Many2one("school.enrollment.applicant", "Sibling to Relate")
    sibling_school_id = fields.Many2one("school.enrollment.school", "Enrolled Sibling's School")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "school_enrollment_change_request_attachment_rel",
        "request_id",
        "attachment_id",
        string="Documents",
    )
    required_document_ids = fields.Many2many(
        "school.enrollment.document.type",
        "school_enrollment_change_request_required_doc_rel",
        "request_id",
        "type_id",
        string="Required Documents",
        compute="_compute_required_documents",
        store=True,
        readonly=False,
    )
    received_document_ids = fields.Many2many(
        "school.enrollment.document.type",
        "school_enrollment_change_request_received_doc_rel",
        "request_id",
        "type_id",
        string="Received Documents",
        tracking=True,
    )
    pending_document_ids = fields.Many2many(
        "school.enrollment.document.type",
        "school_enrollment_change_request_pending_doc_rel",
        "request_id",
        "type_id",
        string="Pending Documents",
        compute="_compute_pending_documents",
        store=True,
    )
    pending_document_count = fields.Integer(
        "Pending", compute="_compute_pending_documents", store=True
    )
    run_id = fields.Many2one(
        "school.enrollment.assignment.run", "Redistribution Run", readonly=True
    )
    date_closed = fields.Datetime("Closed On", readonly=True)

    @api.depends("reason")
    def _compute_required_documents(self):
        # a type without reasons is never required
        types = self.env["school.enrollment.document.type"].search([("reasons", "!=", False)])
        for req in self:
            reason = req.reason
            req.required_document_ids = types.filtered(
                lambda t, reason=reason: (
                    reason and reason in (t.reasons or "").replace(" ", "").split(",")
                )
            )

    @api.depends("required_document_ids", "received_document_ids")
    def _compute_pending_documents(self):
        for req in self:
            req.pending_document_ids = req.required_document_ids - req.received_document_ids
            req.pending_document_count = len(req.pending_document_ids)

    @api.model_create_multi
    def create(self, vals_list):
        Applicant = self.env["school.enrollment.applicant"]
        today = fields.Date.context_today(self)
        for vals in vals_list:
            applicant = Applicant.browse(vals.get("applicant_id")).exists()
            if not applicant:
                raise ValidationError(self.env._("The change request needs an existing applicant."))
            channel = vals.get("channel") or "phone"
            if not applicant.sudo().campaign_id._is_open(channel, today):
                raise ValidationError(
                    self.env._(
                        "Change requests through %(channel)s are not accepted today: the %(campaign)s "
                        "campaign period is closed.",
                        channel=dict(self._fields["channel"]._description_selection(self.env))[
                            channel
                        ],
                        campaign=applicant.sudo().campaign_id.name,
                    )
                )
            if (
                vals.get("new_colonia_id")
                and not self.env["citizen.colonia"].browse(vals["new_colonia_id"]).exists()
            ):
                raise ValidationError(
                    self.env._("Unknown colonia (id %s).", vals["new_colonia_id"])
                )
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("school.enrollment.change.request") or "/"
                )
            vals.setdefault("previous_school_id", applicant.school_id.id)
        requests = super().create(vals_list)
        requests.applicant_id.sudo().write({"state": "change"})
        for req in requests:
            req.applicant_id.message_post(
                body=self.env._(
                    "Change request %(name)s filed: %(reason)s.",
                    name=req.name,
                    reason=dict(self._fields["reason"]._description_selection(self.env))[
                        req.reason
                    ],
                )
            )
        return requests

    def _portal_upload_document(self, doc_type, filename, data, mimetype=None):
        """A parent uploads one of the pending documents on the portal.

        The file is attached to the request, the document type counts as received (the
        pending list is recomputed) and a request waiting only for documents goes back
        to the staff.
        """
        self.ensure_one()
        req = self.sudo()
        if req.state in ("approved", "rejected", "done"):
            raise UserError(
                self.env._("Request %s is closed: it does not need documents.", req.name)
            )
        doc_type = doc_type.sudo().exists()
        if not doc_type or doc_type not in req.pending_document_ids:
            raise UserError(self.env._("This document is not pending for request %s.", req.name))
        if not data:
            raise UserError(self.env._("Choose the file of the document to upload."))
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": filename or doc_type.name,
                    "datas": base64.b64encode(data),
                    "mimetype": mimetype or False,
                    "res_model": self._name,
                    "res_id": req.id,
                }
            )
        )
        req.write(
            {
                "attachment_ids": [fields.Command.link(attachment.id)],
                "received_document_ids": [fields.Command.link(doc_type.id)],
            }
        )
        body = self.env._("Document received on the portal: %s.", doc_type.name)
        if not req.pending_document_ids and req.state == "pending_documents":
            req.state = "in_progress"
            body += " " + self.env._("All pending documents were received.")
        req.message_post(
            body=body, attachment_ids=attachment.ids, author_id=self.env.user.partner_id.id
        )
        return attachment

    # -- workflow --------------------------------------------------------------
    def action_start(self):
        self.write({"state": "in_progress", "user_id": self.env.user.id})

    def action_pending_documents(self):
        for req in self:
            if not req.pending_document_ids:
                raise UserError(self.env._("Request %s has no pending documents.", req.name))
            req.state = "pending_documents"
            req.message_post(
                body=self.env._(
                    "Pending documents: %s", ", ".join(req.pending_document_ids.mapped("name"))
                )
            )

    def action_approve(self):
        for req in self:
            if req.pending_document_ids:
                raise UserError(
                    self.env._(
                        "Request %(name)s cannot be approved: documents pending (%(docs)s).",
                        name=req.name,
                        docs=", ".join(req.pending_document_ids.mapped("name")),
                    )
                )
            req._apply_corrections()
            req.state = "approved"

    def action_reject(self):
        for req in self:
            req.state = "rejected"
            req.date_closed = fields.Datetime.now()
            others = req.applicant_id.change_request_ids.filtered(
                lambda r: r.state in ("new", "in_progress", "pending_documents", "approved")
            )
            if not others:
                req.applicant_id.sudo().state = (
                    "assigned" if req.applicant_id.school_id else "draft"
                )

    def _apply_corrections(self):
        """Write the corrected data on the applicant before redistribution."""
        self.ensure_one()
        vals = {}
        if self.reason == "disability":
            vals["disability"] = True
        if self.reason == "address":
            if not self.new_colonia_id:
                raise UserError(self.env._("Set the correct colonia of request %s.", self.name))
            vals.update(colonia_id=self.new_colonia_id.id, latitude=0.0, longitude=0.0)
            if self.new_street:
                vals["street"] = self.new_street
        if self.reason in ("siblings", "twins"):
            if not (self.sibling_applicant_id or self.sibling_school_id):
                raise UserError(self.env._("Set the sibling of request %s.", self.name))
            if self.sibling_applicant_id:
                vals["sibling_applicant_id"] = self.sibling_applicant_id.id
                vals["is_twin"] = self.reason == "twins"
            if self.sibling_school_id:
                vals["sibling_school_id"] = self.sibling_school_id.id
        if vals:
            self.applicant_id.sudo().write(vals)
            if self.reason == "twins" and self.sibling_applicant_id:
                self.sibling_applicant_id.sudo().write(
                    {"sibling_applicant_id": self.applicant_id.id, "is_twin": True}
                )

    def action_redistribute(self):
        """Redistribute every approved request of the campaign(s) with the engine."""
        campaigns = (
            self.mapped("campaign_id") or self.env["school.enrollment.campaign"]._get_current()
        )
        Run = self.env["school.enrollment.assignment.run"]
        runs = Run
        for campaign in campaigns:
            approved = self.search([("campaign_id", "=", campaign.id), ("state", "=", "approved")])
            if not approved:
                continue
            # twins/siblings relate: redistribute the related applicant too
            run = Run._execute(campaign, mode="redistribution", seed=approved[:1].id or 1)
            approved.invalidate_recordset()
            for req in approved:
                req.write(
                    {
                        "state": "done",
                        "run_id": run.id,
                        "new_school_id": req.applicant_id.school_id.id,
                        "date_closed": fields.Datetime.now(),
                    }
                )
                req.message_post(
                    body=self.env._(
                        "Redistributed to %s.", req.applicant_id.school_id.display_name or "-"
                    )
                )
            runs |= run
        if not runs:
            raise UserError(self.env._("There are no approved change requests to redistribute."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "school.enrollment.assignment.run",
            "view_mode": "form" if len(runs) == 1 else "list,form",
            "res_id": runs[:1].id,
            "domain": [("id", "in", runs.ids)],
        }
