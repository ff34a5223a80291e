"""Demo data generator: a few hundred León schools and a few thousand applicants."""

import math
import random
from datetime import date

from odoo import Command, api, fields, models
from odoo.addons.citizen_service.tools import curp as curp_lib

FIRST_NAMES_F = [
    "María",
    "Guadalupe",
    "Ximena",
    "Sofía",
    "Valentina",
    "Regina",
    "Camila",
    "Renata",
    "Fernanda",
    "Daniela",
    "Andrea",
    "Lucía",
    "Mariana",
    "Natalia",
    "Paula",
    "Romina",
]
FIRST_NAMES_M = [
    "José",
    "Juan",
    "Santiago",
    "Mateo",
    "Sebastián",
    "Leonardo",
    "Emiliano",
    "Diego",
    "Miguel",
    "Ángel",
    "Luis",
    "Carlos",
    "Iker",
    "Gael",
    "Rodrigo",
    "Alejandro",
]
SURNAMES = [
    "Hernández",
    "García",
    "Martínez",
    "López",
    "González",
    "Pérez",
    "Rodríguez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Flores",
    "Gómez",
    "Morales",
    "Vázquez",
    "Jiménez",
    "Reyes",
    "Díaz",
    "Torres",
    "Gutiérrez",
    "Ruiz",
    "Mendoza",
    "Aguilar",
    "Ortiz",
    "Moreno",
    "Castillo",
    "Romero",
    "Álvarez",
    "Méndez",
    "Chávez",
    "Rivera",
    "Juárez",
    "Ramos",
    "Muñoz",
    "Padilla",
]
HEROES = [
    "Miguel Hidalgo",
    "Benito Juárez",
    "Josefa Ortiz de Domínguez",
    "José María Morelos",
    "Leona Vicario",
    "Ignacio Allende",
    "Vicente Guerrero",
    "Emiliano Zapata",
    "Sor Juana Inés de la Cruz",
    "Gabriela Mistral",
    "Justo Sierra",
    "José Vasconcelos",
    "Francisco I. Madero",
    "Niños Héroes",
    "Lázaro Cárdenas",
    "Belisario Domínguez",
    "Juan Aldama",
    "Mariano Abasolo",
    "Efrén Hernández",
    "Manuel Doblado",
    "Jaime Torres Bodet",
    "Rosario Castellanos",
    "Octavio Paz",
    "Diego Rivera",
]
STREETS = [
    "Blvd. Adolfo López Mateos",
    "Blvd. Hidalgo",
    "Calle Madero",
    "Av. Insurgentes",
    "Calle Juárez",
    "Blvd. Torres Landa",
    "Calle Aldama",
    "Av. Guanajuato",
    "Calle Hermanos Aldama",
    "Blvd. Vasco de Quiroga",
    "Calle Pípila",
    "Av. Paseo de los Insurgentes",
    "Calle Libertad",
]
LEVEL_INFO = {
    "preschool": ("DJN", "Jardín de Niños", {"pre2": (10, 25), "pre3": (15, 30)}),
    "primary": ("DPR", "Escuela Primaria", {"pri1": (25, 40)}),
    "secondary": ("DES", "Escuela Secundaria", {"sec1": (30, 45)}),
}
GRADE_AGE = {"pre2": 3, "pre3": 4, "pri1": 6, "sec1": 12}


def _strip(s):
    table = str.maketrans("ÁÉÍÓÚÜÑáéíóúüñ", "AEIOUUXaeiouux")
    return "".join(c for c in s.translate(table).upper() if c.isalpha())


def make_curp(name, surname1, surname2, birthdate, sex, rnd):
    s1, s2, n = _strip(surname1), _strip(surname2), _strip(name)
    vowel = next((c for c in s1[1:] if c in "AEIOU"), "X")
    cons = lambda w: next((c for c in w[1:] if c not in "AEIOU"), "X")  # noqa: E731
    first = f"{s1[0]}{vowel}{s2[0]}{n[0]}{birthdate:%y%m%d}{sex}GT{cons(s1)}{cons(s2)}{cons(n)}"
    first += "0" if birthdate.year < 2000 else "A"
    first = curp_lib.name_word(first[:4]) + first[4:17]
    if len(first) < 17:
        first += "X" * (17 - len(first))
    # avoid collisions in demo data with a random homoclave-like tweak
    first = first[:16] + rnd.choice("0123456789" if birthdate.year < 2000 else "ABCDEFGHIJ")
    return first + curp_lib.check_digit(first)


class SchoolEnrollmentCampaign(models.Model):
    _inherit = "school.enrollment.campaign"

    @api.model
    def _demo_generate(self, campaign_id, n_schools=300, n_applicants=3000, seed=2026):
        campaign = self.browse(campaign_id)
        if campaign.applicant_count:  # module update: the demo is generated once
            return False
        rnd = random.Random(seed)
        colonias = self.env["citizen.colonia"].search([("latitude", "!=", 0)])
        if not colonias:
            return False
        ctx = {
            "tracking_disable": True,
            "mail_create_nolog": True,
            "mail_create_nosubscribe": True,
            "mail_notrack": True,
            # what the demo writes in the chatter ("Solicitud de cambio ... registrada: ...") in
            # the administrator's language: demo data is loaded without one
            "lang": self.env.lang or self.env.user.lang,
        }
        cols = list(colonias)

        def near(lat, lon, k):
            return sorted(cols, key=lambda c: math.hypot(c.latitude - lat, c.longitude - lon))[:k]

        # --- schools -----------------------------------------------------------
        school_vals = []
        counters = {"preschool": 0, "primary": 0, "secondary": 0}
        for i in range(n_schools):
            level = (
                "preschool" if i % 5 in (0, 1) else ("primary" if i % 5 in (2, 3) else "secondary")
            )
            counters[level] += 1
            code, prefix, grades = LEVEL_INFO[level]
            col = cols[(i // 5) % len(cols)]  # every colonia gets schools of each level
            # inside its colonia: a few blocks (up to ~300 m) from the colonia's centre
            lat = col.latitude + rnd.uniform(-0.0028, 0.0028)
            lon = col.longitude + rnd.uniform(-0.0028, 0.0028)
            hero = HEROES[rnd.randrange(len(HEROES))]
            cct = f"11{code}{counters[level]:04d}{'ABCDEFGHJK'[i % 10]}"
            school_vals.append(
                {
                    "cct": cct,
                    "name": f"{prefix} {hero}"
                    + ("" if rnd.random() < 0.5 else f" No. {counters[level]}"),
                    "level": level,
                    "shift": rnd.choice(["morning", "morning", "afternoon", "full_time"]),
                    "street": f"{rnd.choice(STREETS)} {rnd.randint(100, 3999)}",
                    "colonia_id": col.id,
                    "latitude": lat,
                    "longitude": lon,
                    "influence_colonia_ids": [Command.set([c.id for c in near(lat, lon, 2)])],
                    "seat_ids": [
                        Command.create({"grade": g, "seats": rnd.randint(*rng)})
                        for g, rng in grades.items()
                    ],
                }
            )
        schools = self.env["school.enrollment.school"].with_context(**ctx).create(school_vals)
        by_level = {lvl: schools.filtered(lambda s, lvl=lvl: s.level == lvl) for lvl in LEVEL_INFO}

        # --- guardians ---------------------------------------------------------
        n_guardians = n_applicants * 2 // 3
        partner_vals = []
        female_guardians = []
        for _i in range(n_guardians):
            female = rnd.random() < 0.7
            female_guardians.append(female)
            fn = rnd.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
            partner_vals.append(
                {
                    "name": f"{fn} {rnd.choice(SURNAMES)} {rnd.choice(SURNAMES)}",
                    "city": "León",
                    "state_id": False,
                    "email": False,
                }
            )
        guardians = self.env["res.partner"].with_context(**ctx).create(partner_vals)
        mothers = {g.id for g, female in zip(guardians, female_guardians, strict=True) if female}
        citizen = self.env.ref("citizen_service.user_citizen", raise_if_not_found=False)
        if citizen and citizen.partner_id.citizen_sex != "male":
            mothers.add(citizen.partner_id.id)

        # --- applicants --------------------------------------------------------
        today = fields.Date.context_today(self)
        grades = ["pre2", "pre3", "pri1", "pri1", "sec1"]
        used = set()
        app_vals = []
        twins = []
        i = 0
        citizen_done = not citizen
        while len(app_vals) < n_applicants or not citizen_done:
            if len(app_vals) >= n_applicants - 2 and not citizen_done:
                # the demo portal citizen ("ciudadano") gets twins
                guardian = citizen.partner_id
                citizen_done = True
            else:
                guardian = guardians[i % n_guardians]
            i += 1
            grade = rnd.choice(grades)
            parts = (guardian.name or "").split()
            if len(parts) < 3:
                parts += ["Hernández", "López"]
            # Mexican names: the father's first surname, then the mother's first surname
            if guardian.id in mothers:
                surname1, surname2 = rnd.choice(SURNAMES), parts[-2]
            else:
                surname1, surname2 = parts[-2], rnd.choice(SURNAMES)
            # no child is named like the parent, twins get different names
            taken = set(parts)
            birth = date(today.year - GRADE_AGE[grade] - 1, rnd.randint(1, 12), rnd.randint(1, 28))
            count = 2 if rnd.random() < 0.01 or (citizen and guardian == citizen.partner_id) else 1
            col = rnd.choice(cols)
            group = []
            for _k in range(count):
                female = rnd.random() < 0.5
                name = rnd.choice(
                    [n for n in (FIRST_NAMES_F if female else FIRST_NAMES_M) if n not in taken]
                )
                taken.add(name)
                curp = make_curp(name, surname1, surname2, birth, "M" if female else "H", rnd)
                while curp in used:
                    curp = make_curp(name, surname1, surname2, birth, "M" if female else "H", rnd)
                used.add(curp)
                level = {
                    "pre2": "preschool",
                    "pre3": "preschool",
                    "pri1": "primary",
                    "sec1": "secondary",
                }[grade]
                vals = {
                    "campaign_id": campaign.id,
                    "name": f"{name} {surname1} {surname2}",
                    "curp": curp,
                    "birthdate": birth,
                    "grade": grade,
                    "guardian_id": guardian.id,
                    "colonia_id": col.id,
                    "street": f"{rnd.choice(STREETS)} {rnd.randint(100, 3999)}",
                    "latitude": col.latitude + rnd.uniform(-0.006, 0.006),
                    "longitude": col.longitude + rnd.uniform(-0.006, 0.006),
                    "disability": rnd.random() < 0.02,
                }
                if count == 1 and rnd.random() < 0.05:
                    vals["sibling_school_id"] = rnd.choice(by_level[level]).id
                group.append(len(app_vals))
                app_vals.append(vals)
            if count == 2:
                twins.append(group)
        if citizen:
            # ... and an older brother whose address was registered wrong
            twin_vals = app_vals[-1]
            surnames = twin_vals["name"].split()[-2:]
            birth = date(today.year - GRADE_AGE["sec1"] - 1, 3, 14)
            names = [n for n in FIRST_NAMES_M if n not in twin_vals["name"].split()]
            name = names[0]
            app_vals.append(
                dict(
                    twin_vals,
                    name=" ".join([name, *surnames]),
                    curp=make_curp(name, surnames[0], surnames[1], birth, "H", rnd),
                    birthdate=birth,
                    grade="sec1",
                    disability=False,
                )
            )
        for vals in app_vals:
            if vals["disability"]:
                vals["disability_notes"] = "Discapacidad motriz"
        applicants = self.env["school.enrollment.applicant"].with_context(**ctx).create(app_vals)
        for a, b in twins:
            pair = applicants[a] | applicants[b]
            applicants[a].write({"sibling_applicant_id": applicants[b].id, "is_twin": True})
            applicants[b].write({"sibling_applicant_id": applicants[a].id, "is_twin": True})
            pair.flush_recordset()

        # --- distribution, portal access, a few change requests ---------------
        self.env["school.enrollment.assignment.run"]._execute(campaign, "initial", seed=seed)
        applicants[:5].action_grant_portal_access()
        Request = self.env["school.enrollment.change.request"].with_context(**ctx)
        reasons = ["disability", "siblings", "twins", "address"]
        states = ["new", "in_progress", "pending_documents", "approved", "rejected"]
        for k, app in enumerate(applicants.filtered(lambda a: a.school_id)[50:110]):
            reason = reasons[k % 4]
            vals = {
                "applicant_id": app.id,
                "channel": "phone" if k % 3 else "portal",
                "reason": reason,
                "description": "El padre de familia solicita revisar la asignación.",
            }
            if reason == "address":
                vals["new_colonia_id"] = rnd.choice(cols).id
            if reason in ("siblings", "twins"):
                vals["sibling_school_id"] = app.school_id.id if reason == "siblings" else False
            req = Request.create(vals)
            state = states[k % 5]
            if state in ("approved",) and reason != "twins":
                # the parent brought every document the request needs
                req.received_document_ids = req.required_document_ids
                req.action_approve()
            elif state == "pending_documents":
                req.action_pending_documents()
            elif state == "in_progress":
                req.action_start()
            elif state == "rejected":
                req.action_reject()
        if citizen:
            # the demo parent's older child waits for documents of an address correction
            older = applicants[-1]
            req = Request.create(
                {
                    "applicant_id": older.id,
                    "channel": "portal",
                    "reason": "address",
                    "new_colonia_id": rnd.choice(cols).id,
                    "new_street": "Calle Hidalgo 214",
                    "description": "Nos cambiamos de domicilio antes de la inscripción.",
                }
            )
            req.action_pending_documents()
        return True
