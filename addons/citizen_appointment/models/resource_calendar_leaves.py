from odoo import api, fields, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    citizen_holiday_source_id = fields.Many2one(
        "resource.calendar.leaves",
        string="Official holiday",
        ondelete="cascade",
        index="btree_not_null",
        readonly=True,
        help="Official holiday of the citizen service calendar this closed day copies.",
    )

    def _citizen_resync(self):
        if self.env.context.get("citizen_holiday_sync"):
            return
        Calendar = self.env["resource.calendar"]
        source = Calendar._citizen_holiday_source()
        if source and source in self.calendar_id:
            Calendar.with_context(citizen_holiday_sync=True)._citizen_sync_official_holidays()

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._citizen_resync()
        return leaves

    def write(self, vals):
        res = super().write(vals)
        if {"date_from", "date_to", "name"} & set(vals):
            self._citizen_resync()
        return res
