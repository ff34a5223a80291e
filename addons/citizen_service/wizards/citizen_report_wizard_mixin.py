from odoo import Command, api, models


class CitizenReportWizardMixin(models.AbstractModel):
    """Wizards on the reports selected in a list or opened in a form (process, reassign):
    their ``ticket_ids`` default to the active reports."""

    _name = "citizen.report.wizard.mixin"
    _description = "Wizard on the selected citizen reports"

    @api.model
    def _citizen_active_ticket_ids(self):
        """Ids of the reports the wizard was opened on (none outside a report view)."""
        ctx = self.env.context
        if ctx.get("active_model") != "helpdesk.ticket":
            return []
        return ctx.get("active_ids") or ([ctx["active_id"]] if ctx.get("active_id") else [])

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if "ticket_ids" in fields_list and not res.get("ticket_ids"):
            ids = self._citizen_active_ticket_ids()
            if ids:
                res["ticket_ids"] = [Command.set(ids)]
        return res
