from odoo import fields, models

LINE_TYPES = [
    ("origin", "By origin"),
    ("petition", "By petition"),
    ("overdue", "Overdue"),
    ("reassigned", "Reassigned"),
    ("coattended", "Co-attended"),
]


class CitizenMonthlyClosingLine(models.Model):
    _name = "citizen.monthly.closing.line"
    _description = "Monthly closing line"
    _order = "closing_id, line_type, sequence, id"

    closing_id = fields.Many2one(
        "citizen.monthly.closing", required=True, ondelete="cascade", index=True
    )
    team_id = fields.Many2one(related="closing_id.team_id", store=True, string="Department")
    line_type = fields.Selection(LINE_TYPES, string="Type", required=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Description", help="Origin, petition or folio.")
    count = fields.Integer(string="Reports")
    petition = fields.Char()
    colonia = fields.Char()
    date = fields.Date()
    deadline = fields.Date()
    days_overdue = fields.Integer(string="Days overdue")
    status = fields.Char()
    other_department = fields.Char(string="Other department")
    direction = fields.Selection([("in", "Received"), ("out", "Sent")], string="Received or sent")
    note = fields.Char(string="Reason")
    ticket_id = fields.Many2one("helpdesk.ticket", string="Report", ondelete="set null")
