"""Demo data generator: citizens and a year of reports that look like León."""

import logging
import random
from datetime import datetime, time, timedelta

from psycopg2.extras import execute_values

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

DEMO_PARAM = "citizen_service.demo_populated"

FEMALE_NAMES = [
    "María Guadalupe",
    "Juana",
    "Margarita",
    "Verónica",
    "Leticia",
    "Rosa María",
    "Alejandra",
    "Patricia",
    "Gabriela",
    "Claudia",
    "Araceli",
    "Martha",
    "Silvia",
    "Adriana",
    "Elizabeth",
    "Fernanda",
    "Daniela",
    "Mariana",
    "Ximena",
    "Andrea",
    "Karla",
    "Yolanda",
    "Teresa",
    "Josefina",
    "Lucía",
    "Brenda",
    "Diana",
    "Mónica",
]
MALE_NAMES = [
    "José Luis",
    "Juan Carlos",
    "Miguel Ángel",
    "Francisco",
    "Jesús",
    "Antonio",
    "Alejandro",
    "Fernando",
    "Ricardo",
    "Eduardo",
    "Roberto",
    "Javier",
    "Arturo",
    "Sergio",
    "Jorge",
    "Raúl",
    "Héctor",
    "Daniel",
    "Luis Enrique",
    "Salvador",
    "César",
    "Rafael",
    "Martín",
    "Pedro",
    "Óscar",
    "Emiliano",
    "Santiago",
    "Diego",
]
SURNAMES = [
    "Hernández",
    "García",
    "Martínez",
    "López",
    "González",
    "Rodríguez",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Torres",
    "Flores",
    "Rivera",
    "Gómez",
    "Díaz",
    "Cruz",
    "Morales",
    "Reyes",
    "Gutiérrez",
    "Ortiz",
    "Muñoz",
    "Rocha",
    "Aguilar",
    "Vázquez",
    "Mendoza",
    "Castro",
    "Jiménez",
    "Ruiz",
    "Alvarado",
    "Vargas",
    "Medina",
    "Navarro",
    "Ramos",
    "Soto",
    "Camarena",
    "Ibarra",
    "Zúñiga",
    "Delgado",
    "Cervantes",
    "Padilla",
]
STREETS = [
    "Blvd. Adolfo López Mateos",
    "Blvd. Juan Alonso de Torres",
    "Calle Hidalgo",
    "Calle Madero",
    "Calle Juárez",
    "Calle Aldama",
    "Calle Guerrero",
    "Calle Morelos",
    "Blvd. Hilario Medina",
    "Blvd. Francisco Villa",
    "Blvd. Timoteo Lozano",
    "Calle Tepeyac",
    "Calle Río Mayo",
    "Calle Sauce",
    "Calle Fresno",
    "Calle Nogal",
    "Calle Pino Suárez",
    "Av. Insurgentes",
    "Av. Miguel Alemán",
    "Calle 5 de Mayo",
    "Calle Emiliano Zapata",
    "Calle Libertad",
    "Calle Francisco I. Madero",
    "Blvd. Delta",
    "Calle Circuito Valle Verde",
    "Calle Paseo de los Niños Héroes",
]
# origin xmlid -> weight (Miércoles Ciudadano is the preferred origin, ~45%)
ORIGIN_WEIGHTS = [
    ("channel_miercoles_ciudadano", 45),
    ("channel_072", 16),
    ("channel_chatbot", 9),
    ("channel_app_android", 6),
    ("channel_app_ios", 3),
    ("channel_whatsapp", 6),
    ("channel_web", 4),
    ("channel_phone", 3),
    ("channel_walk_in", 3),
    ("channel_email", 2),
    ("channel_facebook", 1),
    ("channel_delegacion", 1),
    ("channel_official_letter", 1),
]
# status -> weight
STATE_WEIGHTS = [
    ("finished", 55),
    ("in_process", 20),
    ("captured", 15),
    ("not_viable", 7),
    ("cancelled", 3),
]
RESPONSES = [
    "Se atendió el reporte; el personal de la dependencia realizó los trabajos solicitados.",
    "Se realizó la reparación en el sitio reportado. Gracias por su reporte.",
    "Se programó y ejecutó la cuadrilla; la falla quedó corregida.",
    "Se verificó en campo y se dio solución al reporte ciudadano.",
    "Se atendió la solicitud y se notificó al ciudadano vía telefónica.",
]
PUBLIC_ACTIONS = [
    "Se asignó cuadrilla para atender el reporte.",
    "Se realizó visita de inspección en el domicilio reportado.",
    "Se solicitó material para la reparación.",
    "Se programó la atención para la próxima semana.",
]
NOT_VIABLE_REASONS = [
    "El lugar reportado es propiedad privada; no corresponde al municipio.",
    "La vialidad es de jurisdicción estatal; se canalizó a la dependencia estatal.",
    "No se localizó el domicilio reportado.",
]
CANCEL_REASONS = [
    "Reporte duplicado de un folio previo.",
    "El ciudadano desistió de su solicitud.",
]
DESCRIPTIONS = [
    "El ciudadano reporta el problema frente a su domicilio desde hace varios días.",
    "Vecinos de la colonia solicitan la atención a la brevedad.",
    "Reporta que la situación representa un riesgo para peatones y automovilistas.",
    "Solicita apoyo de la dependencia; ya lo había reportado de forma verbal.",
    "Se presenta en la esquina, cerca de la escuela primaria.",
]


def _curp_for(rnd, first, last1, last2, birth, sex):
    """A CURP that passes the check digit (good enough for demo data)."""
    from stdnum.mx import curp as stdnum_curp

    def letters(text):
        return "".join(c for c in text.upper() if "A" <= c <= "Z") or "X"

    plain = str.maketrans("ÁÉÍÓÚÜÑ", "AEIOUUX")
    first, last1, last2 = (s.upper().translate(plain) for s in (first, last1, last2))
    l1, l2, fn = letters(last1), letters(last2), letters(first)
    vowel = next((c for c in l1[1:] if c in "AEIOU"), "X")
    cons = "BCDFGHJKLMNPQRSTVWXYZ"
    inner = [next((c for c in s[1:] if c in cons), "X") for s in (l1, l2, fn)]
    head = l1[0] + vowel + l2[0] + fn[0]
    if head in stdnum_curp._name_blacklist:
        head = head[:3] + "X"
    body = "%s%s%sGT%s%s" % (
        head,
        birth.strftime("%y%m%d"),
        "M" if sex == "female" else "H",
        "".join(inner),
        str(rnd.randint(0, 9)) if birth.year < 2000 else rnd.choice("ABCDEFGH"),
    )
    return body + stdnum_curp.calc_check_digit(body)


class CitizenServiceDemo(models.AbstractModel):
    _name = "citizen.service.demo"
    _description = "Citizen service demo data generator"

    @api.model
    def _load_terms_now(self, modules):
        """Load the translations of ``modules`` for the installed languages now.

        Odoo loads a module's translations after its demo data, so the messages and
        e-mails its demo renders (model names in "… creado", mail templates, selection
        labels) would be in English: each of our demo files calls this first."""
        langs = [code for code, _name in self.env["res.lang"].get_installed() if code != "en_US"]
        if langs:
            # our words over the upstream ones, as the post_init_hook does at the end
            # (a department is "Dependencia", not helpdesk_mgmt's "Equipo de ticket Helpdesk")
            self.env["ir.module.module"]._load_module_terms(modules, langs, overwrite=True)

    @api.model
    def _populate(self, citizens=300, reports=500):
        """Create ``citizens`` citizens and ``reports`` reports over the last 12 months.

        Deterministic (``random.Random(2026)``); runs once (guarded by a parameter).
        """
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param(DEMO_PARAM):
            return False
        rnd = random.Random(2026)
        env = self.env(
            context=dict(
                self.env.context,
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_notrack=True,
                no_reset_password=True,
            ),
            su=True,
        )
        # reports get coordinates around their colonia's
        colonias = env["citizen.colonia"].search([("latitude", "!=", False)])
        petitions = env["helpdesk.ticket.category"].search([("team_id", "!=", False)])
        if not colonias or not petitions:
            return False
        partners = self._populate_citizens(env, rnd, citizens, colonias)
        self._populate_reports(env, rnd, reports, partners, petitions, colonias)
        params.set_param(DEMO_PARAM, fields.Datetime.to_string(fields.Datetime.now()))
        return True

    @api.model
    def _populate_citizens(self, env, rnd, count, colonias):
        today = fields.Date.context_today(self)
        vals_list, used_curps, used_phones = [], set(), set()
        for _i in range(count):
            sex = rnd.choices(["female", "male", "other"], weights=[52, 46, 2])[0]
            first = rnd.choice(FEMALE_NAMES if sex == "female" else MALE_NAMES)
            last1, last2 = rnd.choice(SURNAMES), rnd.choice(SURNAMES)
            birth = today - timedelta(days=rnd.randint(18 * 365, 85 * 365))
            phone = None
            while not phone or phone in used_phones:
                phone = "477 %03d %04d" % (rnd.randint(100, 999), rnd.randint(0, 9999))
            used_phones.add(phone)
            colonia = rnd.choice(colonias)
            vals = {
                "name": f"{first} {last1} {last2}",
                "is_citizen": True,
                "company_type": "person",
                "citizen_sex": sex,
                "birthdate": birth,
                "colonia_id": colonia.id,
                "street": "%s %d" % (rnd.choice(STREETS), rnd.randint(1, 1500)),
                "city": "León",
                "zip": colonia.zip,
                "phone": phone,
            }
            if rnd.random() < 0.35:
                curp = _curp_for(rnd, first, last1, last2, birth, sex)
                if curp not in used_curps:
                    used_curps.add(curp)
                    vals["curp"] = curp
            if rnd.random() < 0.3:
                vals["email"] = "%s.%s%d@example.com" % (
                    first.split()[0].lower(),
                    last1.lower(),
                    rnd.randint(1, 99),
                )
            vals_list.append(vals)
        return env["res.partner"].create(vals_list)

    @api.model
    def _populate_reports(self, env, rnd, count, partners, petitions, colonias):
        ref = env.ref
        origins, weights = [], []
        for xmlid, weight in ORIGIN_WEIGHTS:
            channel = ref(f"citizen_service.{xmlid}", raise_if_not_found=False)
            if channel:
                origins.append(channel)
                weights.append(weight)
        stages = {
            "captured": ref("helpdesk_mgmt.helpdesk_ticket_stage_new"),
            "in_process": ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress"),
            "finished": ref("helpdesk_mgmt.helpdesk_ticket_stage_done"),
            "cancelled": ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled"),
            "not_viable": ref("citizen_service.stage_not_viable"),
        }
        teams = petitions.mapped("team_id")
        demo_citizen = ref("citizen_service.partner_citizen", raise_if_not_found=False)
        users = env["res.users"].search([("share", "=", False), ("active", "=", True)])
        now = fields.Datetime.now()
        start = now - timedelta(days=365)
        states = [s for s, _w in STATE_WEIGHTS]
        state_weights = [w for _s, w in STATE_WEIGHTS]
        vals_list, plans = [], []
        for index in range(count):
            # recent months get a few more reports than old ones
            offset = int(365 * (rnd.random() ** 0.8))
            created = datetime.combine(
                (start + timedelta(days=offset)).date(),
                time(rnd.randint(14, 23), rnd.randint(0, 59), rnd.randint(0, 59)),
            )
            if created > now:
                created = now - timedelta(minutes=rnd.randint(5, 600))
            age_days = (now - created).days
            state = rnd.choices(states, weights=state_weights)[0]
            if age_days < 3 and state in ("finished", "not_viable", "cancelled"):
                state = "captured"
            elif age_days > 60 and state in ("captured", "in_process") and rnd.random() < 0.85:
                # a city closes most of its old reports: keep a realistic backlog
                state = "finished"
            petition = rnd.choice(petitions)
            partner = rnd.choice(partners)
            if demo_citizen and index % 50 == 0:
                # the portal demo user ("ciudadano") follows some reports of her own
                partner = demo_citizen
            colonia = partner.colonia_id if rnd.random() < 0.7 else rnd.choice(colonias)
            vals = {
                "name": petition.name,
                "description": "<p>%s</p>" % rnd.choice(DESCRIPTIONS),
                "partner_id": partner.id,
                "partner_name": partner.name,
                "category_id": petition.id,
                "team_id": petition.team_id.id,
                "channel_id": rnd.choices(origins, weights=weights)[0].id,
                "colonia_id": colonia.id,
                "street": "%s %d" % (rnd.choice(STREETS), rnd.randint(1, 1500)),
                "latitude": round(colonia.latitude + rnd.uniform(-0.004, 0.004), 7),
                "longitude": round(colonia.longitude + rnd.uniform(-0.004, 0.004), 7),
                "stage_id": stages[state].id,
                "user_id": rnd.choice(users).id if users and rnd.random() < 0.4 else False,
            }
            if state in ("in_process", "finished"):
                # Proceso starts with the department's first response
                vals["first_response"] = rnd.choice(PUBLIC_ACTIONS)
            if state == "finished":
                vals["response"] = rnd.choice(RESPONSES)
                # productivity counts the official who finished it
                members = petition.team_id.user_ids
                vals["finished_by_id"] = rnd.choice(members).id if members else False
            elif state == "not_viable":
                vals["close_reason"] = rnd.choice(NOT_VIABLE_REASONS)
            elif state == "cancelled":
                vals["close_reason"] = rnd.choice(CANCEL_REASONS)
            if len(teams) > 1 and rnd.random() < 0.06:
                other = rnd.choice(teams - petition.team_id)
                vals["coattention_team_ids"] = [fields.Command.set(other.ids)]
            closed = None
            if state in ("finished", "not_viable", "cancelled"):
                span = max(1, min(age_days, 20))
                closed = created + timedelta(days=rnd.randint(0, span), hours=rnd.randint(0, 5))
                closed = min(closed, now)
            vals_list.append(vals)
            plans.append(
                {
                    "created": created,
                    "closed": closed,
                    "reassign": len(teams) > 1 and rnd.random() < 0.08,
                    "public_action": state in ("in_process", "finished") and rnd.random() < 0.6,
                }
            )
        tickets = env["helpdesk.ticket"].create(vals_list)

        # reassignments: one write per target department, history kept by write()
        by_target = {}
        for ticket, plan in zip(tickets, plans, strict=True):
            if plan["reassign"]:
                target = rnd.choice(petitions.filtered(lambda p, t=ticket: p.team_id != t.team_id))
                by_target.setdefault(target, env["helpdesk.ticket"])
                by_target[target] |= ticket
        for petition, batch in by_target.items():
            batch.with_context(
                citizen_reassign_reason="La petición corresponde a otra dependencia."
            ).write({"team_id": petition.team_id.id, "category_id": petition.id})

        # public actions of the departments
        action_vals = []
        for ticket, plan in zip(tickets, plans, strict=True):
            if plan["public_action"]:
                action_vals.append(
                    {
                        "ticket_id": ticket.id,
                        "team_id": ticket.team_id.id,
                        "user_id": env.uid,
                        "date": plan["created"] + timedelta(hours=rnd.randint(2, 48)),
                        "description": rnd.choice(PUBLIC_ACTIONS),
                        "is_public": True,
                    }
                )
        env["citizen.report.action"].create(action_vals)

        # move the dates back in time, in one statement per table
        env.flush_all()
        rows = [
            (
                ticket.id,
                plan["created"],
                plan["closed"],
                plan["closed"] or plan["created"],
            )
            for ticket, plan in zip(tickets, plans, strict=True)
        ]
        execute_values(
            env.cr._obj,
            """
            UPDATE helpdesk_ticket t
               SET create_date = v.created,
                   write_date = GREATEST(v.created, v.stage_update),
                   closed_date = v.closed,
                   finished_date = CASE WHEN t.finished_by_id IS NULL THEN NULL ELSE v.closed END,
                   last_stage_update = v.stage_update,
                   assigned_date = CASE WHEN t.user_id IS NULL THEN NULL ELSE v.created END
              FROM (VALUES %s) AS v(id, created, closed, stage_update)
             WHERE t.id = v.id
            """,
            rows,
            template="(%s, %s::timestamp, %s::timestamp, %s::timestamp)",
            page_size=1000,
        )
        env.cr.execute(
            """
            UPDATE citizen_report_reassignment r
               SET date = t.create_date + interval '1 day'
              FROM helpdesk_ticket t
             WHERE t.id = r.ticket_id AND t.id = ANY(%s)
            """,
            [tickets.ids],
        )
        tickets.invalidate_recordset()
        # deadlines, ages and compliance depend on the (new) creation date
        model = env["helpdesk.ticket"]
        for fname in ("date_deadline", "citizen_age", "citizen_age_range", "closed_on_time"):
            env.add_to_compute(model._fields[fname], tickets)
        tickets.flush_recordset()
        _logger.info("citizen_service demo: %s citizens, %s reports", len(partners), len(tickets))
        return tickets
