from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError


class CitizenReportReassign(models.TransientModel):
    """Reassign a report to another department/petition, or share it (co-attention)."""

    _name = "citizen.report.reassign"
    _inherit = ["citizen.report.wizard.mixin"]
    _description = "Reassign or share citizen reports"

    mode = fields.Selection(
        [("reassign", "Reassign"), ("share", "Share with departments")],
        default="reassign",
        required=True,
    )
    ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        "citizen_report_reassign_ticket_rel",
        "wizard_id",
        "ticket_id",
        string="Reports",
        required=True,
    )
    team_id = fields.Many2one("helpdesk.ticket.team", string="New department")
    category_id = fields.Many2one(
        "helpdesk.ticket.category",
        string="New petition",
        domain="[('team_id', '=', team_id)]",
    )
    coattention_team_ids = fields.Many2many(
        "helpdesk.ticket.team",
        "citizen_report_reassign_team_rel",
        "wizard_id",
        "team_id",
        string="Co-attending departments",
    )
    reason = fields.Text()

    @api.onchange("team_id")
    def _onchange_team_id(self):
        if self.category_id and self.category_id.team_id != self.team_id:
            self.category_id = False

    @api.onchange("category_id")
    def _onchange_category_id(self):
        if self.category_id.team_id:
            self.team_id = self.category_id.team_id

    def action_apply(self):
        self.ensure_one()
        if not self.ticket_ids:
            raise UserError(self.env._("Select at least one report."))
        if self.mode == "share":
            return self._apply_share()
        return self._apply_reassign()

    def _apply_reassign(self):
        reason = (self.reason or "").strip()
        if not self.team_id:
            raise UserError(self.env._("Choose the department that will attend the reports."))
        if not reason:
            raise UserError(self.env._("Write the reason of the reassignment."))
        if (
            self.category_id
            and self.category_id.team_id
            and (self.category_id.team_id != self.team_id)
        ):
            raise UserError(
                self.env._(
                    "The petition %(petition)s belongs to another department.",
                    petition=self.category_id.display_name,
                )
            )
        tickets = self.ticket_ids
        # the user must be allowed to work the reports he moves away; the move itself
        # runs as superuser below, since the target department is usually not his
        tickets.check_access("write")
        same = tickets.filtered(
            lambda t: (
                t.team_id == self.team_id
                and (not self.category_id or t.category_id == self.category_id)
            )
        )
        if same == tickets:
            raise UserError(self.env._("The reports are already attended by this department."))
        tickets -= same
        # chatter first: the official may lose access to the report once it moves away
        for ticket in tickets:
            body = Markup("<p>%s</p><ul><li>%s</li><li>%s</li><li>%s</li></ul>") % (
                self.env._("Report reassigned"),
                self.env._(
                    "Department: %(old)s → %(new)s",
                    old=ticket.team_id.display_name or "-",
                    new=self.team_id.display_name,
                ),
                self.env._(
                    "Petition: %(old)s → %(new)s",
                    old=ticket.category_id.display_name or "-",
                    new=(self.category_id or ticket.category_id).display_name or "-",
                ),
                self.env._("Reason: %(reason)s", reason=escape(reason)),
            )
            ticket.message_post(body=body, subtype_xmlid="mail.mt_note")
        vals = {"team_id": self.team_id.id}
        if self.category_id:
            vals["category_id"] = self.category_id.id
        # the assignee belongs to the former department
        vals["user_id"] = False
        # controlled sudo: the history (who, when, from, to, why) is written by
        # helpdesk.ticket.write in one place; sudo keeps the real user as its author
        tickets_sudo = tickets.sudo().with_context(citizen_reassign_reason=reason)
        tickets_sudo.write(vals)
        # recompute what depends on the department now, as superuser: the user may
        # no longer read the reports once the request flushes
        tickets_sudo.env.flush_all()
        return self._close_action(tickets)

    def _apply_share(self):
        if not self.coattention_team_ids:
            raise UserError(self.env._("Choose the departments that will co-attend the reports."))
        for ticket in self.ticket_ids:
            new_teams = self.coattention_team_ids - ticket.coattention_team_ids - ticket.team_id
            if not new_teams:
                continue
            ticket.write({"coattention_team_ids": [fields.Command.link(t.id) for t in new_teams]})
            body = Markup("<p>%s</p>") % self.env._(
                "Report shared with: %(departments)s",
                departments=", ".join(new_teams.mapped("display_name")),
            )
            if (self.reason or "").strip():
                body += Markup("<p>%s</p>") % self.reason.strip()
            ticket.message_post(body=body, subtype_xmlid="mail.mt_note")
        return self._close_action(self.ticket_ids)

    def _close_action(self, tickets):
        visible = self.env["helpdesk.ticket"].search_count([("id", "in", tickets.ids)])
        if visible == len(tickets):
            return {"type": "ir.actions.act_window_close"}
        # the user no longer sees the reports he or she moved to another department
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "citizen_service.action_citizen_reports"
        )
        action["target"] = "main"
        return action
