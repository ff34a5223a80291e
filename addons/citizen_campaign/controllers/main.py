"""Unsubscribe link of the campaign e-mails (delivery receipts: citizen_service's webhooks)."""

from odoo import http
from odoo.http import request
from odoo.tools import consteq


class CitizenCampaignController(http.Controller):
    def _recipient(self, recipient_id, token):
        recipient = request.env["citizen.campaign.recipient"].sudo().browse(recipient_id).exists()
        if not recipient or not consteq(recipient._citizen_unsubscribe_token(), token or ""):
            return None
        return recipient

    @http.route(
        "/citizen/campaign/unsubscribe/<int:recipient_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
        csrf=False,
        sitemap=False,
    )
    def unsubscribe(self, recipient_id, token, **_kwargs):
        recipient = self._recipient(recipient_id, token)
        if not recipient:
            return request.render("citizen_campaign.unsubscribe_invalid", status=404)
        done = False
        if request.httprequest.method == "POST":
            recipient.partner_id._citizen_opt_out("email", origin="unsubscribe")
            done = True
        return request.render(
            "citizen_campaign.unsubscribe_page",
            {"recipient": recipient, "done": done, "token": token},
        )
