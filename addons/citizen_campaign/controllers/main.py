"""Unsubscribe link of the campaign e-mails and WhatsApp delivery receipts."""

from odoo import http
from odoo.addons.citizen_service.controllers.webhook import CitizenWebhookController
from odoo.addons.citizen_service.models.ir_http import citizen_request_body
from odoo.addons.citizen_service.tools.validation import InputError, parse_json
from odoo.http import request
from odoo.tools import consteq

from ..tools.channels import whatsapp_statuses


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


class CitizenCampaignWebhook(CitizenWebhookController):
    @http.route()
    def receive(self, provider, **kwargs):
        response = super().receive(provider, **kwargs)
        if provider == "whatsapp" and response.status_code == 200:
            try:
                payload = parse_json(citizen_request_body() or b"null")
            except InputError:
                return response
            statuses = whatsapp_statuses(payload)
            if statuses:
                request.env["citizen.notification"].sudo()._citizen_delivery_statuses(statuses)
        return response
