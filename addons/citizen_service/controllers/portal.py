import werkzeug.utils

from odoo import http
from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from ..tools.validation import InputError, check_number, check_text, form_id


class CitizenHelpdeskTicketController(HelpdeskTicketController):
    """Citizens file reports from the portal: petition, colonia, street, description."""

    def _get_categories(self, **kw):
        # the petition catalog is always offered (and required) to citizens
        return (
            request.env["helpdesk.ticket.category"]
            .sudo()
            .search(
                [
                    ("active", "=", True),
                    ("show_in_portal", "=", True),
                    ("team_id", "!=", False),
                    ("company_id", "in", [request.env.company.id, False]),
                ],
                order="name",
            )
        )

    def _citizen_colonias(self):
        return request.env["citizen.colonia"].sudo().search([("active", "=", True)])

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        values.update(
            {
                "ticket_category_id_required": True,
                "colonias": self._citizen_colonias(),
                "citizen_errors": kw.get("citizen_errors") or [],
                "citizen_post": kw.get("citizen_post") or {},
                "citizen_nearby": kw.get("citizen_nearby") or [],
                "additional_title": request.env._("New report"),
            }
        )
        return values

    def _citizen_check_submission(self, **kw):
        """Validated petition and colonia of a portal submission, and the errors."""
        env = request.env
        errors = []
        petition = env["helpdesk.ticket.category"]
        colonia = env["citizen.colonia"]
        petition_id = form_id(kw.get("category"))
        if petition_id:
            petition = self._get_categories().filtered(lambda p: p.id == petition_id)
        if not petition:
            errors.append(env._("Choose the petition of your report."))
        colonia_id = form_id(kw.get("colonia"))
        if colonia_id:
            colonia = self._citizen_colonias().filtered(lambda c: c.id == colonia_id)
        if not colonia:
            errors.append(env._("Choose the colonia where the problem is."))
        if not (kw.get("street") or "").strip():
            errors.append(env._("Write the street and number where the problem is."))
        if not (kw.get("description") or "").strip():
            errors.append(env._("Describe the problem."))
        # the validation layer: no characters PostgreSQL/XML cannot hold, sane lengths
        for key, limit in (("subject", 200), ("street", 200), ("description", 4000)):
            try:
                check_text(kw.get(key), key, limit)
            except InputError:
                errors.append(
                    env._("The text of the report contains characters that are not allowed.")
                    if not isinstance(kw.get(key), str) or len(kw.get(key)) <= limit
                    else env._("The text of the report is too long.")
                )
                break
        return petition, colonia, errors

    def _prepare_submit_ticket_vals(self, **kw):
        vals = super()._prepare_submit_ticket_vals(**kw)
        petition, colonia, _errors = self._citizen_check_submission(**kw)
        web = request.env.ref("citizen_service.channel_web", raise_if_not_found=False)
        vals.update(
            {
                "name": (kw.get("subject") or "").strip() or petition.name,
                "category_id": petition.id,
                "team_id": petition.team_id.id,
                "colonia_id": colonia.id,
                "street": (kw.get("street") or "").strip()[:200],
            }
        )
        if web:
            vals["channel_id"] = web.id
        try:
            lat = check_number(kw.get("latitude") or None, "latitude", -90, 90)
            lng = check_number(kw.get("longitude") or None, "longitude", -180, 180)
        except InputError:
            lat = lng = None
        if lat is not None and lng is not None and (lat or lng):
            vals.update(latitude=lat, longitude=lng)
        return vals

    def _citizen_point(self, colonia, kw):
        """The point of a portal report: ``latitude``/``longitude`` when posted (a map
        picker), else the colonia's centre; ``(None, None)`` when unknown."""
        try:
            lat = check_number(kw.get("latitude") or None, "latitude", -90, 90)
            lng = check_number(kw.get("longitude") or None, "longitude", -180, 180)
        except InputError:
            lat = lng = None
        if lat is not None and lng is not None and (lat or lng):
            return lat, lng
        colonia = colonia.sudo()
        if colonia and (colonia.latitude or colonia.longitude):
            return colonia.latitude, colonia.longitude
        return None, None

    def _citizen_nearby_reports(self, petition, colonia, kw):
        """Open reports of the petition near the place (never denunciations)."""
        if not petition or petition.petition_type == "denunciation":
            return []
        lat, lng = self._citizen_point(colonia, kw)
        if lat is None:
            return []
        Ticket = request.env["helpdesk.ticket"].sudo()
        partner = request.env.user.partner_id
        return [
            dict(ticket._citizen_nearby_public(metres), own=ticket._citizen_is_involved(partner))
            for ticket, metres in Ticket._citizen_nearby(petition, lat, lng)
        ]

    @http.route()
    def submit_ticket(self, **kw):
        petition, colonia, errors = self._citizen_check_submission(**kw)
        post = {k: v for k, v in kw.items() if k != "attachment"}
        if errors:
            values = self._get_create_new_ticket_values(citizen_errors=errors, citizen_post=post)
            return request.render("helpdesk_mgmt.portal_create_ticket", values, status=400)
        if not kw.get("citizen_file_anyway"):
            # already reported nearby: offer to back it before filing a duplicate
            nearby = self._citizen_nearby_reports(petition, colonia, kw)
            if nearby:
                values = self._get_create_new_ticket_values(
                    citizen_post=post, citizen_nearby=nearby
                )
                return request.render("helpdesk_mgmt.portal_create_ticket", values)
        # one intake path (helpdesk.ticket._citizen_intake), like Open311 and messages
        vals = self._prepare_submit_ticket_vals(**kw)
        attachments = []
        if kw.get("attachment"):
            for upload in request.httprequest.files.getlist("attachment"):
                if upload.filename:
                    attachments.append(
                        {"name": upload.filename[:200], "raw": upload.read(), "type": "binary"}
                    )
        partner = request.env.user.partner_id
        ticket = request.env["helpdesk.ticket"]._citizen_intake(
            vals, citizen=partner, attachments=attachments, subscribe=True
        )
        return werkzeug.utils.redirect(f"/my/ticket/{ticket.id}")

    @http.route(
        ["/my/ticket/<int:ticket_id>/back"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_citizen_back(self, ticket_id, **kw):
        """The citizen backs a report already reported nearby instead of filing theirs.

        Only a report offered for the petition and place posted can be backed (the
        nearby search is run again), so report ids cannot be tried one by one."""
        petition, colonia, _errors = self._citizen_check_submission(**kw)
        offered = {item["id"] for item in self._citizen_nearby_reports(petition, colonia, kw)}
        if ticket_id not in offered:
            raise request.not_found()
        ticket = request.env["helpdesk.ticket"].sudo().browse(ticket_id)
        web = request.env.ref("citizen_service.channel_web", raise_if_not_found=False)
        try:
            added = ticket._citizen_back(request.env.user.partner_id, channel=web)
        except UserError:
            raise request.not_found() from None
        values = {
            "citizen_backed": ticket._citizen_nearby_public(0),
            "citizen_backed_added": added,
            "additional_title": request.env._("Report %(folio)s", folio=ticket.number),
        }
        return request.render("citizen_service.portal_citizen_backed", values)

    @http.route()
    def support_ticket_close(self, **kw):
        # helpdesk_mgmt's close buttons are not offered to citizens (a Cancelled report needs a
        # reason, a Finished one a response): they withdraw their report from its page instead
        ticket = request.env["helpdesk.ticket"].browse(form_id(kw.get("ticket_id"))).exists()
        if not ticket or not ticket.has_access("read"):
            raise request.not_found()
        return request.redirect(f"/my/ticket/{ticket.id}")


class CitizenPortalHelpdesk(CustomerPortalHelpdesk):
    @http.route()
    def portal_my_ticket(self, ticket_id, access_token=None, **kw):
        # another citizen's report (or a wrong token) is simply not found
        try:
            self._document_check_access("helpdesk.ticket", ticket_id, access_token=access_token)
        except (AccessError, MissingError):
            raise request.not_found() from None
        return super().portal_my_ticket(ticket_id, access_token=access_token, **kw)

    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        # no close buttons for citizens: withdrawing (with a reason) replaces them
        values["closed_stages"] = request.env["helpdesk.ticket.stage"]
        values["citizen_can_withdraw"] = ticket._citizen_can_withdraw(request.env.user)
        values["additional_title"] = request.env._("Report %(folio)s", folio=ticket.number)
        return values

    @http.route(
        ["/my/ticket/<int:ticket_id>/withdraw"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_citizen_withdraw(self, ticket_id, reason=None, **kw):
        try:
            ticket_sudo = self._document_check_access("helpdesk.ticket", ticket_id)
        except (AccessError, MissingError):
            raise request.not_found() from None
        try:
            ticket_sudo.with_user(request.env.user).action_citizen_withdraw(reason)
        except (UserError, ValidationError) as error:
            values = self._ticket_get_page_view_values(ticket_sudo, None, **kw)
            values.update(
                {"citizen_withdraw_error": error.args[0], "citizen_withdraw_reason": reason}
            )
            return request.render("helpdesk_mgmt.portal_helpdesk_ticket_page", values, status=400)
        return request.redirect(f"/my/ticket/{ticket_sudo.id}?withdrawn=1")

    @http.route()
    def home(self, **kw):
        response = super().home(**kw)
        if getattr(response, "qcontext", None) is not None:
            response.qcontext.setdefault("additional_title", request.env._("My account"))
        return response

    @http.route()
    def portal_my_tickets(self, *args, **kw):
        response = super().portal_my_tickets(*args, **kw)
        qcontext = getattr(response, "qcontext", None)
        if not qcontext:
            return response
        qcontext["additional_title"] = request.env._("My reports")
        # one status vocabulary: the filters by stage carry the citizen status
        labels = dict(
            request.env["helpdesk.ticket.stage"]
            ._fields["citizen_state"]
            ._description_selection(request.env)
        )
        stages = request.env["helpdesk.ticket.stage"].sudo().search([])
        for stage in stages:
            entry = qcontext.get("searchbar_filters", {}).get(str(stage.id))
            if entry and stage.citizen_state:
                entry["label"] = labels[stage.citizen_state]
        return response

    def _ticket_get_searchbar_sortings(self):
        values = super()._ticket_get_searchbar_sortings()
        env = request.env
        labels = {
            "date": env._("Newest"),
            "name": env._("Report"),
            "stage": env._("Status"),
            "update": env._("Last status change"),
        }
        for key, label in labels.items():
            if key in values:
                values[key]["label"] = label
        return values

    def _ticket_get_searchbar_groupby(self):
        values = super()._ticket_get_searchbar_groupby()
        env = request.env
        labels = {"none": env._("None"), "category": env._("Petition"), "stage": env._("Status")}
        for key, label in labels.items():
            if key in values:
                values[key]["label"] = label
        return values

    def _ticket_get_searchbar_inputs(self):
        values = super()._ticket_get_searchbar_inputs()
        if "number" in values:
            values["number"]["label"] = request.env._("Search in Folio")
        if "all" in values:
            values["all"]["label"] = request.env._("Search in All")
        if "name" in values:
            values["name"]["label"] = request.env._("Search in Report")
        return values
