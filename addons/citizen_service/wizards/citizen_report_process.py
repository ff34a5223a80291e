from odoo import api, fields, models
from odoo.exceptions import UserError


class CitizenReportProcess(models.TransientModel):
    """Move reports to In process (with the department's initial response) or finish
    them (with the written response to the citizen)."""

    _name = "citizen.report.process"
    _inherit = ["citizen.report.wizard.mixin"]
    _description = "Start or finish citizen reports"

    target = fields.Selection(
        [("in_process", "In process"), ("finished", "Finished")],
        default="in_process",
        required=True,
    )
    ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        "citizen_report_process_ticket_rel",
        "wizard_id",
        "ticket_id",
        string="Reports",
        required=True,
    )
    text = fields.Text(string="Response")
    is_public = fields.Boolean(
        string="Visible to the citizen",
        default=True,
        help="The initial response is also shown to the citizen on the portal and the "
        "folio lookup.",
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        tickets = self.env["helpdesk.ticket"].browse(self._citizen_active_ticket_ids())
        if "text" in fields_list and len(tickets) == 1:
            target = res.get("target") or self.env.context.get("default_target") or "in_process"
            res["text"] = (
                tickets.response if target == "finished" else tickets.first_response
            ) or False
        return res

    def action_confirm(self):
        self.ensure_one()
        text = (self.text or "").strip()
        if not self.ticket_ids:
            raise UserError(self.env._("Select at least one report."))
        if not text:
            if self.target == "finished":
                raise UserError(self.env._("Write the response to the citizen."))
            raise UserError(self.env._("Write the department's initial response or action."))
        tickets = self.ticket_ids
        if self.target == "finished":
            stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
            tickets.write({"stage_id": stage.id, "response": text})
            return {"type": "ir.actions.act_window_close"}
        stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        self.env["citizen.report.action"].create(
            [
                {
                    "ticket_id": ticket.id,
                    "team_id": ticket.team_id.id or self.env.user.helpdesk_team_ids[:1].id,
                    "description": text,
                    "is_public": self.is_public,
                }
                for ticket in tickets
                if ticket.team_id or self.env.user.helpdesk_team_ids
            ]
        )
        tickets.write({"stage_id": stage.id, "first_response": text})
        return {"type": "ir.actions.act_window_close"}
