from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CitizenServiceZone(models.Model):
    """Service zone of a department (or of one petition): located reports inside it go to
    the zone's team and responsible automatically."""

    _name = "citizen.service.zone"
    _inherit = ["citizen.geo.shape"]
    _description = "Service zone"
    _order = "sequence, name"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    department_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Department of the zone",
        required=True,
        ondelete="cascade",
        help="Reports of this department's petitions located inside the zone are routed by it.",
    )
    category_id = fields.Many2one(
        "helpdesk.ticket.category",
        string="Petition",
        ondelete="cascade",
        domain="[('team_id', '=', department_id)]",
        help="Only this petition of the department; empty: all its petitions.",
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Attending team",
        help="Team that attends the zone's reports; empty: the department itself.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        domain="[('share', '=', False)]",
        help="Official the zone's reports are assigned to.",
    )
    color = fields.Char(default="#3f51b5", help="Colour of the zone on the map.")
    company_id = fields.Many2one(related="department_id.company_id", store=True)
    report_count = fields.Integer(compute="_compute_report_count", string="Reports")

    @api.constrains("category_id", "department_id")
    def _check_category(self):
        for zone in self:
            if zone.category_id and zone.category_id.team_id != zone.department_id:
                raise ValidationError(
                    self.env._(
                        "The petition %(petition)s does not belong to the department "
                        "%(department)s.",
                        petition=zone.category_id.display_name,
                        department=zone.department_id.display_name,
                    )
                )

    @api.constrains("geojson", "active")
    def _check_has_area(self):
        for zone in self:
            if zone.active and not (zone.geojson or "").strip():
                raise ValidationError(
                    self.env._("Draw the zone %(zone)s or import its GeoJSON file.", zone=zone.name)
                )

    def _compute_report_count(self):
        Ticket = self.env["helpdesk.ticket"]
        counts = dict(
            Ticket._read_group(
                [("citizen_zone_id", "in", self.ids)], ["citizen_zone_id"], ["__count"]
            )
        )
        for zone in self:
            zone.report_count = counts.get(zone, 0)

    @api.model
    def _citizen_zone_for(self, latitude, longitude, petition):
        """Zone routing a report of ``petition`` at the point: a zone of that petition
        first, then a zone of its whole department; empty outside every zone."""
        if not petition or not petition.team_id or not (latitude or longitude):
            return self.browse()
        zones = self.sudo()._geo_shapes_at(
            latitude,
            longitude,
            [
                ("department_id", "=", petition.team_id.id),
                "|",
                ("category_id", "=", petition.id),
                ("category_id", "=", False),
            ],
        )
        specific = zones.filtered("category_id")
        return (specific or zones)[:1]

    def action_view_reports(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "citizen_service.action_citizen_reports_all"
        )
        action.update(
            name=self.name,
            display_name=self.name,
            domain=[("citizen_zone_id", "=", self.id)],
            context={"create": False},
        )
        return action
