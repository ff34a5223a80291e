import json
from urllib.parse import urlencode

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

MAX_FILE_SIZE = 10 * 1024 * 1024
NEARBY_LIMIT = 40


def _to_int(value):
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


class SchoolEnrollmentPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "enrollment_count" in counters:
            Applicant = request.env["school.enrollment.applicant"]
            values["enrollment_count"] = (
                Applicant.search_count([]) if Applicant.has_access("read") else 0
            )
        return values

    def _json(self, payload, status=200):
        return request.make_response(
            json.dumps(payload), headers=[("Content-Type", "application/json")], status=status
        )

    def _get_applicant(self, applicant_id, access_token=None):
        return self._document_check_access(
            "school.enrollment.applicant", applicant_id, access_token=access_token
        )

    def _get_own_applicant(self, applicant_id):
        """Applicant the current user may change: only its guardian, in the user's env."""
        self._get_applicant(applicant_id)
        applicant = request.env["school.enrollment.applicant"].browse(applicant_id)
        guardian = applicant.sudo().guardian_id.commercial_partner_id
        if guardian != request.env.user.partner_id.commercial_partner_id:
            raise AccessError(request.env._("Only the guardian can change this enrollment."))
        return applicant

    def _redirect(self, applicant, **params):
        url = f"/my/enrollment/{applicant.id}"
        return request.redirect(f"{url}?{urlencode(params)}" if params else url)

    @http.route(["/my/enrollment"], type="http", auth="user", website=True)
    def portal_my_enrollment(self, **kw):
        values = self._prepare_portal_layout_values()
        applicants = request.env["school.enrollment.applicant"].search([])
        values.update({"applicants": applicants, "page_name": "enrollment"})
        return request.render("school_enrollment.portal_my_enrollment", values)

    @http.route(["/my/enrollment/<int:applicant_id>"], type="http", auth="public", website=True)
    def portal_enrollment_page(
        self, applicant_id, access_token=None, message=None, error=None, **kw
    ):
        try:
            applicant = self._get_applicant(applicant_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        env = request.env
        values.update(
            {
                "applicant": applicant,
                "page_name": "enrollment",
                "available_seats": applicant._available_schools(limit=30),
                "reasons": env["school.enrollment.change.request"]
                ._fields["reason"]
                ._description_selection(env),
                "colonias": env["citizen.colonia"].sudo().search([]),
                "requests": applicant.sudo().change_request_ids,
                "portal_open": applicant.sudo().campaign_id._is_open("portal"),
                "message": message,
                "error": error,
            }
        )
        return request.render("school_enrollment.portal_enrollment_page", values)

    @http.route(
        ["/my/enrollment/<int:applicant_id>/nearby"], type="http", auth="user", website=True
    )
    def portal_enrollment_nearby(self, applicant_id, **kw):
        """Schools with free seats for the child's grade, nearest to home first, on a map."""
        try:
            applicant = self._get_applicant(applicant_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        env = request.env
        rows = applicant._nearby_schools(limit=NEARBY_LIMIT)
        home = applicant._home_point()
        shifts = dict(env["school.enrollment.school"]._fields["shift"]._description_selection(env))
        markers = [
            {
                "id": r["school"].id,
                "lat": r["lat"],
                "lon": r["lon"],
                "name": r["school"].name,
                "cct": r["school"].cct,
                "shift": shifts.get(r["school"].shift, ""),
                "seats": r["seat"].seats_free,
                "km": round(r["distance_km"], 1) if r["distance_km"] is not None else None,
            }
            for r in rows
            if r["lat"] is not None
        ]
        params = env["ir.config_parameter"].sudo()
        tile_url = params.get_param("leaflet.tile_url") or ""
        map_data = {
            "home": list(home) if home else None,
            "markers": markers,
            "tile_url": "" if tile_url == "False" else tile_url,
            "copyright": (params.get_param("leaflet.copyright") or "").strip(),
            "labels": {
                "home": env._("Home"),
                "seats": env._("Seats left"),
                "take": env._("Take this Seat"),
            },
        }
        can_take = applicant.sudo().campaign_id._is_open("portal") and applicant.state in (
            "draft",
            "assigned",
            "accepted",
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "applicant": applicant,
                "page_name": "enrollment",
                "rows": rows,
                "home": home,
                "map_data": json.dumps(map_data),
                "can_take": can_take,
                "nearby": True,
            }
        )
        return request.render("school_enrollment.portal_enrollment_nearby", values)

    @http.route(["/my/enrollment/<int:applicant_id>/availability"], type="http", auth="user")
    def portal_enrollment_availability(self, applicant_id, **kw):
        """Live availability (JSON) of schools with seats for the child's grade."""
        try:
            applicant = self._get_applicant(applicant_id)
        except (AccessError, MissingError):
            return self._json({"error": "not_found"}, status=404)
        try:
            limit = min(max(int(kw.get("limit") or 30), 1), 50)
        except ValueError:
            limit = 30
        seats = applicant._available_schools(limit=limit)
        return self._json(
            {
                "grade": applicant.grade,
                "schools": [
                    {
                        "id": s.school_id.id,
                        "cct": s.school_id.cct,
                        "name": s.school_id.name,
                        "seats_free": s.seats_free,
                    }
                    for s in seats
                ],
            }
        )

    @http.route(
        ["/my/enrollment/<int:applicant_id>/accept"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_enrollment_accept(self, applicant_id, **kw):
        try:
            applicant = self._get_own_applicant(applicant_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            applicant._check_portal_open()
            applicant._accept()
        except (UserError, ValidationError) as e:
            return self._redirect(applicant, error=e.args[0])
        return self._redirect(applicant, message=request.env._("You accepted the school."))

    @http.route(
        ["/my/enrollment/<int:applicant_id>/take"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_enrollment_take(self, applicant_id, school_id=None, confirm=None, **kw):
        """Taking a seat asks for confirmation first (with the twins / siblings warnings)."""
        try:
            applicant = self._get_own_applicant(applicant_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        env = request.env
        try:
            school = env["school.enrollment.school"].sudo().browse(_to_int(school_id)).exists()
            if not school:
                raise UserError(env._("This school does not offer the requested grade."))
            if not confirm:
                applicant._check_portal_open()
                seat = applicant._available_schools().filtered(lambda s: s.school_id == school)
                if not seat:
                    raise UserError(
                        env._(
                            "Sorry, school %s has no seats left for this grade. "
                            "Please choose another one.",
                            school.display_name,
                        )
                    )
                values = self._prepare_portal_layout_values()
                values.update(
                    {
                        "applicant": applicant,
                        "school": school,
                        "seat": seat[:1],
                        "warnings": applicant._seat_split_warnings(school),
                        "page_name": "enrollment",
                    }
                )
                return request.render("school_enrollment.portal_enrollment_take_confirm", values)
            applicant._portal_take_seat(school)
        except (UserError, ValidationError, ValueError) as e:
            return self._redirect(applicant, error=e.args[0])
        return self._redirect(
            applicant,
            message=env._("Your seat in %s has been confirmed.", school.display_name),
        )

    @http.route(
        ["/my/enrollment/<int:applicant_id>/request/<int:request_id>/document"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_enrollment_document_upload(
        self, applicant_id, request_id, document_type_id=None, **kw
    ):
        """The parent uploads one of the documents a change request is waiting for."""
        try:
            applicant = self._get_own_applicant(applicant_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        env = request.env
        req = applicant.sudo().change_request_ids.filtered(lambda r: r.id == request_id)
        if not req:
            return self._redirect(applicant, error=env._("Unknown change request."))
        upload = request.httprequest.files.get("document")
        data = upload.read() if upload and upload.filename else b""
        if len(data) > MAX_FILE_SIZE:
            return self._redirect(applicant, error=env._("Files must be smaller than 10 MB."))
        try:
            doc_type = (
                env["school.enrollment.document.type"].sudo().browse(_to_int(document_type_id))
            )
            req._portal_upload_document(
                doc_type,
                upload.filename if upload else "",
                data,
                upload.mimetype if upload else None,
            )
        except (UserError, ValidationError, ValueError) as e:
            return self._redirect(applicant, error=e.args[0])
        return self._redirect(applicant, message=env._("Document received: %s.", doc_type.name))

    @http.route(
        ["/my/enrollment/<int:applicant_id>/request"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_enrollment_request(self, applicant_id, **post):
        try:
            applicant = self._get_own_applicant(applicant_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        files = []
        for f in request.httprequest.files.getlist("attachments"):
            if f and f.filename:
                data = f.read()
                if len(data) > MAX_FILE_SIZE:
                    return self._redirect(
                        applicant, error=request.env._("Files must be smaller than 10 MB.")
                    )
                files.append((f.filename, data, f.mimetype))
        try:
            req = applicant._portal_create_change_request(post, files)
        except (UserError, ValidationError, ValueError) as e:
            return self._redirect(applicant, error=e.args[0])
        return self._redirect(
            applicant, message=request.env._("Your change request %s was filed.", req.name)
        )

    @http.route(
        ["/my/enrollment/<int:applicant_id>/document"], type="http", auth="public", website=True
    )
    def portal_enrollment_document(self, applicant_id, access_token=None, **kw):
        try:
            applicant = self._get_applicant(applicant_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        return self._show_report(
            model=applicant,
            report_type="pdf",
            report_ref="school_enrollment.action_report_assignment",
            download=kw.get("download"),
        )
