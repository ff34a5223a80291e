"""Already reported nearby: open reports of the same petition close to a point.

Before a new report is filed (backend capture, portal, Open311, chatbot) the open reports
of the same petition within the petition's distance are offered; the citizen can *back*
one instead of filing a duplicate: they become a supporter of it and are told of its
changes like its author. Duplicates found later are merged (``helpdesk_mgmt_merge``) and
the merged report keeps the other's folio, supporters and history.
"""

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.geo import bounding_box, within

CLOSED_STATES = ("finished", "cancelled", "not_viable")
NEARBY_INDEX = "helpdesk_ticket_citizen_nearby_index"
MAX_NEARBY = 20


class CitizenReportSupporter(models.Model):
    """A citizen who backs (supports) an existing report instead of filing a duplicate."""

    _name = "citizen.report.supporter"
    _description = "Supporter of a citizen report"
    _order = "create_date, id"
    _rec_name = "partner_id"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Report", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Citizen", required=True, ondelete="cascade", index=True
    )
    channel_id = fields.Many2one(
        "helpdesk.ticket.channel",
        string="Origin",
        help="Where the citizen backed the report; they are notified through it.",
    )
    merged_from_folio = fields.Char(
        string="From folio", help="Folio of the duplicate report this citizen had filed."
    )

    _sql_constraints = [
        (
            "ticket_partner_unique",
            "UNIQUE(ticket_id, partner_id)",
            "The citizen already supports this report.",
        ),
    ]


# a feature of its own, kept apart from the (long) base extension of the report
class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    supporter_ids = fields.One2many(
        "citizen.report.supporter", "ticket_id", string="Supporters", readonly=True, copy=False
    )
    supporter_count = fields.Integer(
        string="Number of supporters",
        compute="_compute_supporter_count",
        store=True,
        help="Citizens who backed this report instead of filing the same problem again.",
    )
    merged_into_id = fields.Many2one(
        "helpdesk.ticket",
        string="Merged into",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="This duplicate report was merged into that one.",
    )
    merged_ticket_ids = fields.One2many(
        "helpdesk.ticket",
        "merged_into_id",
        string="Merged reports",
        readonly=True,
        context={"active_test": False},
    )
    merged_folios = fields.Char(
        string="Merged folios",
        compute="_compute_merged_folios",
        search="_search_merged_folios",
        help="Folios of the duplicate reports merged into this one; they still find it.",
    )

    @api.depends("supporter_ids")
    def _compute_supporter_count(self):
        counts = dict(
            self.env["citizen.report.supporter"]
            .sudo()
            ._read_group([("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"])
        )
        for ticket in self:
            ticket.supporter_count = counts.get(ticket._origin, 0)

    def _compute_merged_folios(self):
        merged = (
            self.sudo()
            .with_context(active_test=False)
            .search_read([("merged_into_id", "in", self.ids)], ["number", "merged_into_id"])
        )
        folios = {}
        for row in merged:
            folios.setdefault(row["merged_into_id"][0], []).append(row["number"])
        for ticket in self:
            ticket.merged_folios = ", ".join(sorted(folios.get(ticket.id, []))) or False

    def _search_merged_folios(self, operator, value):
        if operator not in ("=", "ilike", "in") or not value:
            return [("id", "=", 0)]
        Ticket = self.sudo().with_context(active_test=False)
        if operator == "in":
            domain = [("number", "in", list(value))]
        else:
            folio = self._citizen_clean_folio(value if isinstance(value, str) else "")
            domain = self._citizen_folio_domain(folio) if folio else [("id", "=", 0)]
        duplicates = Ticket.search(domain + [("merged_into_id", "!=", False)])
        return [("id", "in", duplicates._citizen_merge_target().ids)]

    def _citizen_merge_target(self):
        """The reports these (merged) reports ended up in, following merge chains."""
        targets = self.browse()
        for ticket in self.sudo().with_context(active_test=False):
            seen = set()
            while ticket.merged_into_id and ticket.id not in seen:
                seen.add(ticket.id)
                ticket = ticket.merged_into_id
            targets |= ticket
        return targets.with_env(self.env)

    def init(self):
        res = super().init()
        # the nearby search: a range scan per petition on latitude, filtered on longitude
        # inside the index; open reports only (the predicate of the query below)
        self.env.cr.execute(
            SQL(
                """CREATE INDEX IF NOT EXISTS %s ON helpdesk_ticket
                   (category_id, latitude, longitude)
                   WHERE active AND (citizen_state IS NULL OR citizen_state NOT IN %s)""",
                SQL.identifier(NEARBY_INDEX),
                CLOSED_STATES,
            )
        )
        return res

    # ------------------------------------------------------------------------
    @api.model
    def _citizen_nearby(
        self, petition, latitude, longitude, distance=None, limit=10, exclude_ids=()
    ):
        """Open reports of ``petition`` within ``distance`` metres (default: the
        petition's) of the point, nearest first: a list of ``(report, metres)``.

        A bounding box on the ``(category_id, latitude, longitude)`` index, then the exact
        great-circle distance. Reports without coordinates are never near anything.
        """
        petition = petition.sudo() if petition else petition
        if not petition or latitude is None or longitude is None:
            return []
        if not (latitude or longitude):
            return []
        if distance is None:
            distance = petition.nearby_distance_m
        if not distance or distance <= 0:
            return []
        limit = max(1, min(int(limit or 10), MAX_NEARBY))
        min_lat, max_lat, min_lon, max_lon = bounding_box(latitude, longitude, distance)
        self.env["helpdesk.ticket"].flush_model(
            ["category_id", "latitude", "longitude", "active", "citizen_state"]
        )
        self.env.cr.execute(
            SQL(
                """SELECT id, latitude, longitude FROM helpdesk_ticket
                    WHERE category_id = %s
                      AND active AND (citizen_state IS NULL OR citizen_state NOT IN %s)
                      AND latitude BETWEEN %s AND %s AND longitude BETWEEN %s AND %s
                      AND NOT (latitude = 0 AND longitude = 0)
                      AND id != ALL(%s)""",
                petition.id,
                CLOSED_STATES,
                min_lat,
                max_lat,
                min_lon,
                max_lon,
                list(exclude_ids or []),
            )
        )
        found = within(self.env.cr.fetchall(), latitude, longitude, distance, limit=limit)
        tickets = self.browse([tid for tid, _metres in found])
        return list(zip(tickets, [metres for _tid, metres in found], strict=True))

    def _citizen_nearby_public(self, metres):
        """What a citizen may see of a nearby report of someone else: no name, no
        description, no street (it may be the author's home)."""
        self.ensure_one()
        ticket = self.sudo()
        labels = dict(ticket._fields["citizen_state"]._description_selection(self.env))
        return {
            "id": ticket.id,
            "folio": ticket.number,
            "petition": ticket.category_id.name or "",
            "colonia": ticket.colonia_id.name or "",
            "status": labels.get(ticket.citizen_state, ""),
            "date": ticket.create_date and ticket.create_date.strftime("%d/%m/%Y") or "",
            "distance": round(metres),
            "supporters": ticket.supporter_count,
        }

    def _citizen_is_involved(self, partner):
        self.ensure_one()
        return partner == self.partner_id or partner in self.sudo().supporter_ids.partner_id

    def action_citizen_back(self, partner, channel=None):
        """``partner`` backs this report instead of filing a duplicate.

        They become a supporter (once), follow the report, and are notified now and at
        every change like its author. Returns ``True`` when added, ``False`` when they
        already were its author or a supporter.
        """
        self.ensure_one()
        ticket = self.sudo()
        partner = partner.sudo()
        if not partner:
            raise UserError(self.env._("Tell us who backs the report."))
        if not ticket.active or ticket.closed or ticket.citizen_state in CLOSED_STATES:
            raise UserError(
                self.env._(
                    "Report %(folio)s is already closed: it can no longer be backed.",
                    folio=ticket.number,
                )
            )
        if ticket._citizen_is_involved(partner):
            return False
        ticket.write(
            {
                "supporter_ids": [
                    Command.create({"partner_id": partner.id, "channel_id": channel.id or False})
                    if channel
                    else Command.create({"partner_id": partner.id})
                ]
            }
        )
        # not a follower: on the portal a follower would see the author's name and text;
        # the supporter is told of the changes by the citizen notifications instead
        ticket.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "%(citizen)s backs this report (already reported nearby). Supporters: %(count)s.",
                citizen=partner.name,
                count=ticket.supporter_count,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        if not self._citizen_notify_disabled():
            ticket._citizen_notify("backed", partners=partner)
        return True

    def action_citizen_back_from_capture(self):
        """ "Back" button of a nearby report in the quick capture screen."""
        self.ensure_one()
        capture_id = self.env.context.get("citizen_capture_id")
        capture = (
            self.env["citizen.report.capture"]
            .browse(capture_id if isinstance(capture_id, int) else [])
            .exists()
        )
        if not capture:
            raise UserError(self.env._("Open the quick capture to back a report."))
        return capture.action_back(self)

    def _citizen_notify_recipients(self):
        """``(partner, method)`` of the author and of every supporter, each notified by
        the channel they reported or backed through."""
        self.ensure_one()
        recipients = []
        if self.partner_id:
            recipients.append((self.partner_id, self._citizen_notify_method()))
        for supporter in self.sudo().supporter_ids:
            method = (
                supporter.channel_id._citizen_notify_method() if supporter.channel_id else "email"
            )
            recipients.append((supporter.partner_id, method))
        return recipients
