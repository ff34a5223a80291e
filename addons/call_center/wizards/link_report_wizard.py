from odoo import fields, models


class CallCenterLinkReportWizard(models.TransientModel):
    _name = "call.center.link.report.wizard"
    _description = "Link a call to an existing report"

    call_id = fields.Many2one("call.center.call", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="call_id.partner_id", string="Citizen")
    report_id = fields.Many2one(
        "helpdesk.ticket",
        required=True,
        help="Report the caller is asking about (search by folio, title or citizen).",
    )

    def action_link(self):
        self.ensure_one()
        self.call_id._link_report(self.report_id)
        return {"type": "ir.actions.act_window_close"}
