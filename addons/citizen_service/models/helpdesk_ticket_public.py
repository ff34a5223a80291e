from odoo import api, fields, models

# The ONLY report fields the public folio lookup may disclose: never the citizen's name,
# phone, address, citizen number nor the description written by the citizen.
PUBLIC_FOLIO_FIELDS = (
    "number",
    "citizen_state",
    "create_date",
    "date_deadline",
    "closed_date",
    "category_id",
    "team_id",
    "response",
)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model
    def _citizen_clean_folio(self, folio):
        """The folio as typed by a citizen, or ``False`` when it cannot be one."""
        folio = (folio or "").strip().lstrip("#")
        if not folio or len(folio) > 32 or not folio.replace("-", "").isalnum():
            return False
        return folio

    @api.model
    def _citizen_public_folio_info(self, folio):
        """Whitelisted public data of the report with ``folio`` (``None`` if unknown).

        Runs as superuser but only reads :data:`PUBLIC_FOLIO_FIELDS` and the public
        actions, so it can back an anonymous page or API.
        """
        folio = self._citizen_clean_folio(folio)
        if not folio:
            return None
        Ticket = self.sudo().with_context(active_test=False)
        ticket = Ticket.search([("number", "=", folio)], limit=1)
        if not ticket:
            return None
        row = ticket.read(list(PUBLIC_FOLIO_FIELDS), load=None)[0]
        state_labels = dict(self._fields["citizen_state"]._description_selection(self.env))
        petition = ticket.category_id
        department = ticket.team_id
        actions = (
            self.env["citizen.report.action"]
            .sudo()
            .search_read(
                [("ticket_id", "=", ticket.id), ("is_public", "=", True)],
                ["date", "description", "team_id"],
                order="date, id",
            )
        )
        return {
            "folio": row["number"],
            "status": row["citizen_state"] or False,
            "status_label": state_labels.get(row["citizen_state"], ""),
            "create_date": fields.Datetime.to_string(row["create_date"]),
            "date_deadline": fields.Date.to_string(row["date_deadline"]),
            "closed_date": fields.Datetime.to_string(row["closed_date"]),
            "petition": petition.sudo().name or False,
            "petition_code": petition.sudo().code or False,
            "department": department.sudo().name or False,
            "response": row["response"] or False,
            "actions": [
                {
                    "date": fields.Datetime.to_string(action["date"]),
                    "description": action["description"],
                    "department": action["team_id"][1] if action["team_id"] else False,
                }
                for action in actions
            ],
        }
