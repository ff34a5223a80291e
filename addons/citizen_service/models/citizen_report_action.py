from odoo import fields, models


class CitizenReportAction(models.Model):
    _name = "citizen.report.action"
    _description = "Action recorded by a department on a report"
    _order = "date desc, id desc"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Report", required=True, ondelete="cascade", index=True
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Department",
        required=True,
        default=lambda self: self.env.user.helpdesk_team_ids[:1],
    )
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user, required=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True)
    description = fields.Text(required=True)
    is_public = fields.Boolean(
        string="Public", help="Shown to the citizen on the portal and the folio lookup."
    )
