from odoo import api, fields, models


class CitizenOfficeLog(models.Model):
    _name = "citizen.office.log"
    _description = "Office directory consultation"
    _order = "id desc"

    office_id = fields.Many2one("citizen.office", required=True, ondelete="cascade", index=True)
    government_level = fields.Selection(related="office_id.government_level", store=True)
    kind = fields.Selection([("consulted", "Consulted"), ("printed", "Printed")], required=True)
    attention_number = fields.Char(readonly=True, copy=False)
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    date = fields.Datetime(default=fields.Datetime.now)

    @api.model_create_multi
    def create(self, vals_list):
        seq = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            if vals.get("kind") == "printed" and not vals.get("attention_number"):
                vals["attention_number"] = seq.next_by_code("citizen.office.ticket")
        return super().create(vals_list)
