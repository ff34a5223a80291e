from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    """Where a report is: a point, or the centre of its colonia, never a silent 0.0."""

    _inherit = "helpdesk.ticket"

    location_source = fields.Selection(
        [("point", "Point given"), ("colonia", "Centre of the colonia")],
        string="Coordinates from",
        copy=False,
        help="Point given by the citizen or the operator, or centre of the colonia when "
        "the report came without one.",
    )
    location_display = fields.Char(string="Coordinates", compute="_compute_location_display")

    @api.depends("number", "name")
    def _compute_display_name(self):
        res = super()._compute_display_name()
        for ticket in self:
            if not ticket.number or ticket.number == "/":
                # a report being captured has no folio yet: never "/ - False"
                ticket.display_name = ticket.name or self.env._("New citizen report")
        return res

    @api.depends("latitude", "longitude", "location_source")
    def _compute_location_display(self):
        labels = dict(self._fields["location_source"]._description_selection(self.env))
        for ticket in self:
            if not (ticket.latitude or ticket.longitude):
                ticket.location_display = self.env._("No location")
                continue
            text = f"{ticket.latitude:.6f}, {ticket.longitude:.6f}"
            if ticket.location_source == "colonia":
                text = f"{text} ({labels['colonia']})"
            ticket.location_display = text

    @api.model
    def _citizen_location_vals(self, vals, current=None):
        """``vals`` completed with the colonia centre when no point is given."""
        has_point = bool(vals.get("latitude") or vals.get("longitude"))
        if "latitude" in vals or "longitude" in vals:
            if has_point:
                vals.setdefault("location_source", "point")
                return vals
        elif current is not None and (current.latitude or current.longitude):
            if current.location_source != "colonia" or "colonia_id" not in vals:
                return vals
        colonia_id = vals.get("colonia_id", current.colonia_id.id if current else False)
        colonia = self.env["citizen.colonia"].sudo().browse(colonia_id or [])
        if colonia and (colonia.latitude or colonia.longitude):
            vals.update(
                latitude=colonia.latitude,
                longitude=colonia.longitude,
                location_source="colonia",
            )
        elif current is not None and current.location_source == "colonia":
            # the new colonia has no centre: the old colonia's centre would be wrong
            vals.update(latitude=0.0, longitude=0.0, location_source=False)
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._citizen_location_vals(dict(vals)) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        if not {"colonia_id", "latitude", "longitude"} & set(vals):
            return super().write(vals)
        if len(self) == 1:
            return super().write(self._citizen_location_vals(dict(vals), current=self))
        for ticket in self:
            super(HelpdeskTicket, ticket).write(
                self._citizen_location_vals(dict(vals), current=ticket)
            )
        return True
