from odoo import api, models


class PhoneCommon(models.AbstractModel):
    _inherit = "phone.common"

    @api.model
    def click2dial(self, erp_number):
        """Log an outbound call for every click-to-dial (base_phone widgets)."""
        res = super().click2dial(erp_number)
        if erp_number and self.env.user.has_group("citizen_service.group_citizen_operator"):
            call = self.env["call.center.call"]._log_outbound_call(erp_number)
            if isinstance(res, dict):
                res["call_center_call_id"] = call.id
        return res
