from odoo import Command, models


class HelpdeskTicketMerge(models.TransientModel):
    """Duplicates found later: OCA's merge, keeping folios, supporters and history.

    The merged (archived) reports keep their folio and point to the report they were
    merged into, so the folio lookup, Open311 and the backend search still find it by
    any of its folios; their authors and supporters become supporters of it (notified
    like its author) and their whole chatter history moves with them.
    """

    _inherit = "helpdesk.ticket.merge"

    def merge_tickets(self):
        destination = self.dst_ticket_id
        duplicates = (self.ticket_ids - destination) if destination else self.ticket_ids
        duplicates = duplicates.sudo()
        # OCA moves only the comments: the tracking history moves too, before archiving
        tracking = duplicates.message_ids.filtered(lambda m: m.message_type == "notification")
        supporters = [
            (ticket.number, ticket.partner_id, ticket.channel_id) for ticket in duplicates
        ] + [
            (line.merged_from_folio or line.ticket_id.number, line.partner_id, line.channel_id)
            for line in duplicates.supporter_ids
        ]
        result = super().merge_tickets()
        target = self.dst_ticket_id.sudo()
        duplicates = duplicates - target
        tracking.filtered(lambda m: m.res_id in duplicates.ids).write({"res_id": target.id})
        # earlier merges into a duplicate now point to the target too
        self.env["helpdesk.ticket"].sudo().with_context(active_test=False).search(
            [("merged_into_id", "in", duplicates.ids)]
        ).write({"merged_into_id": target.id})
        duplicates.write({"merged_into_id": target.id})
        involved = target.partner_id | target.supporter_ids.partner_id
        lines = []
        for folio, partner, channel in supporters:
            if partner and partner not in involved:
                involved |= partner
                lines.append(
                    Command.create(
                        {
                            "partner_id": partner.id,
                            "channel_id": channel.id or False,
                            "merged_from_folio": folio,
                        }
                    )
                )
        duplicates.supporter_ids.unlink()
        if lines:
            target.write({"supporter_ids": lines})
            new = target.supporter_ids.filtered(lambda line: line.merged_from_folio)
            if not target._citizen_notify_disabled():
                # each one is told which folio their report now follows
                target._citizen_notify("backed", partners=new.partner_id)
        return result
