from odoo import fields, models


class CitizenReportReassignment(models.Model):
    _name = "citizen.report.reassignment"
    _description = "Report reassignment history"
    _order = "date desc, id desc"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Report", required=True, ondelete="cascade", index=True
    )
    date = fields.Datetime(default=fields.Datetime.now, required=True)
    user_id = fields.Many2one(
        "res.users", string="Reassigned by", default=lambda self: self.env.user
    )
    from_team_id = fields.Many2one("helpdesk.ticket.team", string="From department")
    to_team_id = fields.Many2one("helpdesk.ticket.team", string="To department")
    from_category_id = fields.Many2one("helpdesk.ticket.category", string="From petition")
    to_category_id = fields.Many2one("helpdesk.ticket.category", string="To petition")
    reason = fields.Text()
