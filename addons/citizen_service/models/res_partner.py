import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from ..tools import curp as curp_lib
from ..tools.open311 import fold
from ..tools.phone import normalize_phone, phone_candidates
from ..tools.text_match import emails_agree, names_agree

# lower-case accented letters folded by SQL translate() (no unaccent extension needed)
ACCENTED = "áàäâãéèëêíìïîóòöôõúùüûñçÁÀÄÂÃÉÈËÊÍÌÏÎÓÒÖÔÕÚÙÜÛÑÇ"
UNACCENTED = "aaaaaeeeeiiiiooooouuuuncaaaaaeeeeiiiiooooouuuunc"
# words of a name that say nothing about who it is ("María de los Ángeles del Río")
NAME_PARTICLES = {"del", "las", "los", "viuda", "vda"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_citizen = fields.Boolean(string="Citizen", index=True)
    citizen_number = fields.Char(
        copy=False,
        index=True,
        readonly=True,
        help="Unique citizen registration number, given when the citizen is registered.",
    )
    curp = fields.Char(string="CURP", copy=False, index=True)
    citizen_sex = fields.Selection(
        [("female", "Female"), ("male", "Male"), ("other", "Other / not stated")],
        string="Sex",
    )
    birthdate = fields.Date()
    citizen_age = fields.Integer(string="Age", compute="_compute_citizen_age")
    colonia_id = fields.Many2one("citizen.colonia", index=True)
    citizen_duplicate_ids = fields.Many2many(
        "res.partner",
        string="Possible duplicates",
        compute="_compute_citizen_duplicate_ids",
    )

    _sql_constraints = [
        ("citizen_number_uniq", "unique(citizen_number)", "The citizen number must be unique."),
        ("curp_uniq", "unique(curp)", "Another citizen is already registered with this CURP."),
    ]

    @api.depends("birthdate")
    def _compute_citizen_age(self):
        today = fields.Date.context_today(self)
        for partner in self:
            birth = partner.birthdate
            partner.citizen_age = (
                today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
                if birth
                else 0
            )

    @api.depends("phone", "mobile", "curp")
    def _compute_citizen_duplicate_ids(self):
        for partner in self:
            domains = []
            if partner.curp:
                domains.append([("curp", "=", curp_lib.normalize(partner.curp))])
            # compare in every format: stored E.164 and the raw text being typed
            phones = set()
            for number in (partner.phone, partner.mobile):
                if number:
                    phones.add(number)
                    phones.update(phone_candidates(number))
            if phones:
                phones = list(phones)
                domains.append(["|", ("phone", "in", phones), ("mobile", "in", phones)])
            if not domains:
                partner.citizen_duplicate_ids = False
                continue
            domain = expression.OR(domains)
            # new records (being captured) are compared too: that is when it matters
            if partner._origin.id:
                domain = expression.AND([domain, [("id", "!=", partner._origin.id)]])
            partner.citizen_duplicate_ids = self.search(domain, limit=10)

    # ------------------------------------------------------------------------
    @api.model
    def _citizen_normalize_vals(self, vals, is_citizen):
        vals = dict(vals)
        if is_citizen:
            for fname in ("phone", "mobile"):
                if vals.get(fname):
                    try:
                        vals[fname] = normalize_phone(vals[fname])
                    except ValueError as exc:
                        raise ValidationError(
                            self.env._(
                                "The phone number %(number)s is not valid. Write the "
                                "10-digit Mexican number (e.g. 477 123 4567) or an "
                                "international number starting with +.",
                                number=vals[fname],
                            )
                        ) from exc
        if vals.get("curp"):
            vals["curp"] = curp_lib.normalize(vals["curp"])
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        seq = self.env["ir.sequence"].sudo()
        new_list = []
        default_citizen = bool(self.env.context.get("default_is_citizen"))
        for vals in vals_list:
            # the "Citizens" menu (and the API) register citizens through the default
            is_citizen = vals.get("is_citizen", default_citizen)
            vals = self._citizen_normalize_vals(vals, is_citizen)
            if is_citizen and not vals.get("citizen_number"):
                vals["citizen_number"] = seq.next_by_code("citizen.number")
            new_list.append(vals)
        partners = super().create(new_list)
        for partner in partners:
            if partner.is_citizen and not partner.tz:
                partner.tz = (partner.company_id or self.env.company)._citizen_tz()
        return partners

    def write(self, vals):
        if {"phone", "mobile", "curp", "is_citizen"} & set(vals):
            citizens = (
                self.filtered("is_citizen")
                if "is_citizen" not in vals
                else (self if vals["is_citizen"] else self.browse())
            )
            others = self - citizens
            if citizens and others:
                return citizens.write(vals) and others.write(vals)
            vals = self._citizen_normalize_vals(vals, bool(citizens))
            if vals.get("is_citizen"):
                seq = self.env["ir.sequence"].sudo()
                for partner in self.filtered(lambda p: not p.citizen_number):
                    super(ResPartner, partner).write(
                        {"citizen_number": seq.next_by_code("citizen.number")}
                    )
                # phones already stored must be normalised too when becoming a citizen
                for partner in self:
                    extra = {
                        f: partner[f] for f in ("phone", "mobile") if partner[f] and f not in vals
                    }
                    if extra:
                        super(ResPartner, partner).write(self._citizen_normalize_vals(extra, True))
        return super().write(vals)

    @api.constrains("curp")
    def _check_curp(self):
        for partner in self:
            if partner.curp and not curp_lib.is_valid(partner.curp):
                raise ValidationError(
                    self.env._("The CURP %(curp)s is not valid.", curp=partner.curp)
                )

    def _citizen_lang(self):
        """Language a citizen is written to (notifications, bot replies): the partner's own
        when it is a Spanish installed here, else the city's (the first Spanish installed),
        else their own or English. One rule for every message that leaves for a citizen."""
        installed = [code for code, _name in self.env["res.lang"].get_installed()]
        lang = self[:1].lang
        if (lang or "").startswith("es") and lang in installed:
            return lang
        spanish = next((code for code in installed if code.startswith("es")), None)
        # never the caller's context: the same citizen reads the same language whoever
        # sends (a webhook, a job, a report)
        return spanish or (lang if lang in installed else "en_US")

    @api.model
    def _citizen_find_by_phone(self, raw_number):
        """Citizen whose phone or mobile matches ``raw_number`` in any format."""
        candidates = phone_candidates(raw_number)
        if not candidates:
            return self.browse()
        # only registered citizens: an unverified number must never attach a report to
        # a staff member's or a company's contact
        return self.search(
            [
                ("is_citizen", "=", True),
                "|",
                ("phone", "in", candidates),
                ("mobile", "in", candidates),
            ],
            order="id",
            limit=1,
        )

    def action_citizen_register(self):
        self.write({"is_citizen": True})
        return True

    @api.model
    def _citizen_find(self, query):
        """Citizen for what an operator types: a phone in any format or a citizen number.

        ``477 123 4567``, ``4771234567``, ``+52 477 123 4567`` and ``C0000001`` all find
        the same citizen; the phone part is :meth:`_citizen_find_by_phone`.
        """
        text = (query or "").strip()
        if not text:
            return self.browse()
        compact = re.sub(r"[\s-]", "", text).upper()
        if re.fullmatch(r"C\d+", compact):
            partner = self.search(
                [("is_citizen", "=", True), ("citizen_number", "=", compact)], limit=1
            )
            if not partner:
                # "C539" finds "C0000539"
                partner = self.search(
                    [
                        ("is_citizen", "=", True),
                        ("citizen_number", "=like", "C%"),
                        ("citizen_number", "like", compact[1:].lstrip("0") or "0"),
                    ]
                ).filtered(lambda p: p.citizen_number[1:].lstrip("0") == compact[1:].lstrip("0"))[
                    :1
                ]
            return partner
        return self._citizen_find_by_phone(text)

    @api.model
    def _citizen_similar(self, name=None, phone=None, email=None, limit=8):
        """Registered citizens that look like the one being captured.

        Same phone (any format) or e-mail, or two words of the name (the only word
        of a one-word name) in theirs, accents and case aside ("Guadalupe Martinez
        Ortega" ~ "Guadalupe Martínez Rocha").
        """
        domains = []
        phones = phone_candidates(phone) if phone else []
        if phones:
            domains.append(["|", ("phone", "in", phones), ("mobile", "in", phones)])
        if email and email.strip():
            domains.append([("email", "=ilike", email.strip())])
        words = [w for w in fold(name or "").split() if len(w) > 2 and w not in NAME_PARTICLES][:4]
        if len(words) >= 2 or (words and not domains):
            self.env.cr.execute(
                SQL(
                    """SELECT p.id FROM res_partner p
                        WHERE p.is_citizen AND p.active
                          AND (SELECT count(*) FROM unnest(%s::text[]) AS w(pattern)
                                WHERE lower(translate(p.name, %s, %s)) LIKE w.pattern) >= %s
                        ORDER BY p.id LIMIT %s""",
                    [f"%{w.replace('%', '').replace('_', '')}%" for w in words],
                    ACCENTED,
                    UNACCENTED,
                    min(2, len(words)),
                    limit,
                )
            )
            ids = [row[0] for row in self.env.cr.fetchall()]
            if ids:
                domains.append([("id", "in", ids)])
        if not domains:
            return self.browse()
        return self.search(
            expression.AND([[("is_citizen", "=", True)], expression.OR(domains)]),
            limit=limit,
        )

    citizen_possible_duplicate = fields.Boolean(
        string="Possible duplicate",
        index=True,
        copy=False,
        help="Registered from an API or a message with a phone or e-mail of another "
        "citizen but a different name or e-mail: check whether it is the same person.",
    )

    @api.model
    def _citizen_match(self, name=None, email=None, phone=None, create=True):
        """Citizen for the identity sent by a channel (sudo recordset, maybe empty).

        * a citizen with this phone (any format) is used when the name and e-mail sent
          do not disagree with hers; likewise a citizen with this e-mail when the name
          and phone sent do not disagree;
        * otherwise, with ``create``, a new citizen is registered; when the phone or the
          e-mail belonged to someone else it is flagged ``citizen_possible_duplicate``;
        * nothing sent at all: empty recordset (anonymous report).

        Raises ``ValidationError`` when the phone cannot be stored.
        """
        Partner = self.sudo().with_context(active_test=True)
        name = (name or "").strip()
        email = (email or "").strip()
        phone = (phone or "").strip()
        conflict = False
        if phone:
            by_phone = Partner._citizen_find_by_phone(phone)
            if by_phone:
                if names_agree(name, by_phone.name) and emails_agree(email, by_phone.email):
                    return by_phone
                conflict = True
        if email:
            by_email = Partner.search(
                [("email", "=ilike", email), ("is_citizen", "=", True)], order="id", limit=1
            )
            if by_email:
                known_phones = {by_email.phone, by_email.mobile} - {False, None, ""}
                phone_ok = (
                    not phone
                    or not known_phones
                    or bool(set(phone_candidates(phone)) & known_phones)
                )
                if names_agree(name, by_email.name) and phone_ok:
                    return by_email
                conflict = True
        if not (name or email or phone) or not create:
            return Partner.browse()
        return Partner.create(
            {
                "name": name[:128] or email or self.env._("Citizen %(phone)s", phone=phone),
                "email": email or False,
                "mobile": phone or False,
                "is_citizen": True,
                "citizen_possible_duplicate": conflict,
            }
        )

    def action_citizen_not_duplicate(self):
        self.write({"citizen_possible_duplicate": False})
        return True
