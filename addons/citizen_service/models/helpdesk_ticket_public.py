import secrets

from odoo import api, fields, models
from odoo.tools import html2plaintext

from ..tools.validation import check_token, tokens_equal

# no 0/O, 1/I/L: read aloud by phone or typed from a printed receipt
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
FOLIO_MAX_DIGITS = 12


def new_access_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


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

    citizen_access_code = fields.Char(
        string="Verification code",
        default=lambda self: new_access_code(),
        copy=False,
        readonly=True,
        help="Printed on the citizen's receipt and sent with the folio: with it the public "
        "folio lookup also shows the description and the response of the report.",
    )

    def init(self):
        res = super().init()
        # reports created before the code existed get their own random code
        # (gen_random_uuid: PostgreSQL's cryptographic generator)
        self.env.cr.execute(
            """
            UPDATE helpdesk_ticket
               SET citizen_access_code = upper(substr(md5(gen_random_uuid()::text), 1, 8))
             WHERE citizen_access_code IS NULL
            """
        )
        return res

    @api.model
    def _citizen_folio_domain(self, folio):
        """Domain of the report with ``folio``; digits typed without the leading zeros of
        the folio (``539`` for ``0000539``) find it too, through the folio index."""
        if folio.isdigit() and folio.isascii():
            digits = folio.lstrip("0") or "0"
            candidates = {folio} | {
                digits.zfill(width) for width in range(len(digits), FOLIO_MAX_DIGITS + 1)
            }
            return [("number", "in", sorted(candidates))]
        return [("number", "=", folio)]

    def _citizen_code_matches(self, code):
        self.ensure_one()
        code = check_token((code or "").strip().upper(), 32) if isinstance(code, str) else None
        return bool(code) and tokens_equal(code, (self.sudo().citizen_access_code or "").upper())

    @api.model
    def _citizen_clean_folio(self, folio):
        """The folio as typed by a citizen, or ``False`` when it cannot be one."""
        folio = (folio or "").strip().lstrip("#")
        if (
            not folio
            or len(folio) > 32
            or not folio.isascii()
            or not folio.replace("-", "").isalnum()
        ):
            return False
        return folio

    @api.model
    def _citizen_public_folio_info(self, folio, code=None):
        """Whitelisted public data of the report with ``folio`` (``None`` if unknown).

        Runs as superuser but only reads :data:`PUBLIC_FOLIO_FIELDS` and the public
        actions, so it can back an anonymous page or API. Denunciations are never
        found. The description and the response are only given with the report's
        verification ``code`` (printed on the receipt, sent with the folio), so a run
        over sequential folios cannot harvest what citizens wrote.
        """
        if not isinstance(folio, str):
            return None
        folio = self._citizen_clean_folio(folio)
        if not folio:
            return None
        Ticket = self.sudo().with_context(active_test=False)
        ticket = Ticket.search(
            self._citizen_folio_domain(folio) + [("petition_type", "!=", "denunciation")],
            order="id",
            limit=1,
        )
        if not ticket:
            return None
        verified = bool(code) and ticket._citizen_code_matches(code)
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
            "verified": verified,
            "response": (row["response"] or False) if verified else False,
            "description": html2plaintext(ticket.description or "") if verified else False,
            "actions": [
                {
                    "date": fields.Datetime.to_string(action["date"]),
                    "description": action["description"],
                    "department": action["team_id"][1] if action["team_id"] else False,
                }
                for action in actions
            ],
        }
