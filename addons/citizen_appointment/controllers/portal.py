from collections import OrderedDict

from odoo import Command
from odoo.addons.resource_booking.controllers.portal import CustomerPortal
from odoo.exceptions import AccessError, MissingError
from odoo.http import request, route


class CitizenAppointmentPortal(CustomerPortal):
    def _citizen_bookable_types(self):
        return (
            request.env["resource.booking.type"]
            .sudo()
            .search(
                [("citizen_portal_published", "=", True), ("office_id", "!=", False)],
                order="office_id, name",
            )
        )

    @route(["/my/citas/nueva"], type="http", auth="user", website=True)
    def citizen_appointment_new(self, **kwargs):
        """Choose what and where: the kinds of appointment, by office."""
        by_office = OrderedDict()
        for btype in self._citizen_bookable_types():
            by_office.setdefault(btype.office_id, []).append(btype)
        values = self._prepare_portal_layout_values()
        values.update({"by_office": by_office, "page_name": "citizen_appointment_new"})
        return request.render("citizen_appointment.portal_appointment_new", values)

    @route(
        ["/my/citas/nueva/<int:type_id>"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def citizen_appointment_create(self, type_id, **kwargs):
        """Open a pending appointment for the citizen and go choose the slot."""
        btype = self._citizen_bookable_types().filtered(lambda t: t.id == type_id)
        if not btype:
            raise request.not_found()
        partner = request.env.user.partner_id
        Booking = request.env["resource.booking"].sudo()
        booking = Booking.search(
            [
                ("partner_ids", "in", partner.ids),
                ("type_id", "=", btype.id),
                ("state", "=", "pending"),
            ],
            limit=1,
        )
        if not booking:
            booking = Booking.create(
                {
                    "type_id": btype.id,
                    "partner_ids": [Command.set(partner.ids)],
                    "user_id": (btype.citizen_organizer_id or request.env.ref("base.user_root")).id,
                    "citizen_booked_by": "portal",
                }
            )
        return request.redirect(booking.get_portal_url(suffix="/schedule"))

    @route(
        ["/my/bookings/<int:booking_id>/cancel"],
        auth="public",
        type="http",
        website=True,
    )
    def portal_booking_cancel(self, booking_id, access_token=None, **kwargs):
        """Cancel, then tell the citizen on the list of appointments."""
        try:
            booking_sudo = self._get_booking_sudo(booking_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        folio = booking_sudo.citizen_folio
        booking_sudo.action_cancel()
        if request.env.user._is_public():
            return request.redirect("/my")
        return request.redirect(f"/my/bookings?cancelled={folio}")

    @route(["/my/bookings", "/my/bookings/page/<int:page>"], auth="user", type="http", website=True)
    def portal_my_bookings(self, page=1, cancelled=None, **kwargs):
        response = super().portal_my_bookings(page=page, **kwargs)
        if cancelled and hasattr(response, "qcontext"):
            response.qcontext["citizen_cancelled"] = cancelled
        return response

    @route(
        ["/my/bookings/<int:booking_id>/comprobante"],
        type="http",
        auth="public",
        website=True,
    )
    def citizen_appointment_confirmation_pdf(self, booking_id, access_token=None, **kwargs):
        """The printable confirmation (PDF with QR)."""
        try:
            booking_sudo = self._get_booking_sudo(booking_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if booking_sudo.state not in ("scheduled", "confirmed"):
            return request.redirect(booking_sudo.get_portal_url())
        return self._show_report(
            model=booking_sudo,
            report_type="pdf",
            report_ref="citizen_appointment.action_report_appointment_confirmation",
            download=kwargs.get("download") == "1",
        )
