from odoo import api, fields, models


class CitizenNotification(models.Model):
    _inherit = "citizen.notification"

    kind = fields.Selection(
        selection_add=[("campaign", "Campaign")],
        ondelete={"campaign": "set default"},
    )
    state = fields.Selection(
        selection_add=[("delivered", "Delivered")],
        ondelete={"delivered": "set default"},
    )

    @api.model
    def _citizen_delivery_statuses(self, statuses):
        """Delivery receipts of the provider (WhatsApp Cloud API ``statuses``):
        ``[{"id": provider message id, "status": "delivered"|"read"|"failed"}]``."""
        by_state = {"delivered": [], "failed": []}
        for item in statuses:
            status = item.get("status")
            key = "delivered" if status in ("delivered", "read") else status
            if key in by_state and item.get("id"):
                by_state[key].append(str(item["id"]))
        updated = self.browse()
        for state, ids in by_state.items():
            if not ids:
                continue
            notifs = self.sudo().search(
                [("provider_message_id", "in", ids), ("state", "in", ("sent", "delivered"))]
            )
            notifs.write({"state": state})
            updated |= notifs
        return updated
