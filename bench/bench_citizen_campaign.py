#!/usr/bin/env python3
"""Segments and campaigns over many citizens: live count and recipient building.

Adds ``--citizens`` citizens (random colonias, ages, sexes, consents) to a database where
citizen_campaign is installed, then prints:

* the live count of a segment (sector + age range + sex), against a plain
  ``search_count`` of all citizens measured in the same run (ratio);
* the time to build the recipients of a campaign for that segment (channel choice,
  consent and blacklist checks, batch insert), per 1,000 recipients.

Nothing is committed: the transaction is rolled back at the end.

Example:  python3 bench/bench_citizen_campaign.py --db atencion --citizens 50000
"""

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta

ADDONS = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "addons"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--citizens", type=int, default=50000)
    args = parser.parse_args()

    import odoo
    import odoo.addons

    paths = [p for p in odoo.addons.__path__ if os.path.isdir(p)] + [ADDONS]
    odoo.tools.config.parse_config(["--addons-path", ",".join(paths), "-d", args.db])
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        rnd = random.Random(7)
        colonias = env["citizen.colonia"].search([])
        if not colonias:
            sys.exit("no colonias: install the demo data of citizen_service")
        today = date.today()
        t0 = time.perf_counter()
        Partner = env["res.partner"].with_context(
            tracking_disable=True, mail_create_nolog=True, citizen_consent_origin="import"
        )
        batch = []
        for i in range(args.citizens):
            phone = rnd.random() < 0.8
            batch.append(
                {
                    "name": f"Ciudadano Bench {i}",
                    "is_citizen": True,
                    "citizen_number": f"BENCH-{i}",
                    "colonia_id": rnd.choice(colonias).id,
                    "birthdate": today - timedelta(days=rnd.randint(18 * 365, 90 * 365)),
                    "citizen_sex": rnd.choice(("female", "male")),
                    "mobile": f"+52477{9000000 + i:07d}" if phone else False,
                    "email": f"bench{i}@example.com" if rnd.random() < 0.5 else False,
                    "citizen_consent_sms": phone and rnd.random() < 0.7,
                    "citizen_consent_whatsapp": phone and rnd.random() < 0.4,
                    "citizen_consent_email": rnd.random() < 0.5,
                }
            )
            if len(batch) == 2000:
                Partner.create(batch)
                batch = []
        if batch:
            Partner.create(batch)
        env.flush_all()
        print(f"{args.citizens} citizens added in {time.perf_counter() - t0:.1f} s")

        sector = colonias[0].sector or ""
        segment = env["citizen.segment"].create(
            {
                "name": "Bench",
                "sector": sector,
                "age_min": 30,
                "age_max": 65,
                "citizen_sex": "female",
            }
        )
        Partner = env["res.partner"]
        rounds = 20
        t0 = time.perf_counter()
        for _ in range(rounds):
            Partner.search_count([("is_citizen", "=", True)])
        reference = (time.perf_counter() - t0) / rounds
        t0 = time.perf_counter()
        for _ in range(rounds):
            segment.invalidate_recordset(["partner_count"])
            count = segment.partner_count
        live = (time.perf_counter() - t0) / rounds
        print(
            f"segment count: {count} citizens in {live * 1000:.1f} ms "
            f"(all citizens count {reference * 1000:.1f} ms, ratio {live / reference:.2f})"
        )
        campaign = env["citizen.campaign"].create(
            {"name": "Bench", "segment_id": segment.id, "body": "Hola {first_name}."}
        )
        t0 = time.perf_counter()
        partners = segment._citizen_partners()
        recipients = campaign._citizen_create_recipients(partners)
        env.flush_all()
        elapsed = time.perf_counter() - t0
        print(
            f"recipients built: {len(recipients)} in {elapsed:.2f} s "
            f"({elapsed / max(len(recipients), 1) * 1000 * 1000:.0f} ms per 1,000); "
            f"pending {len(recipients.filtered(lambda r: r.status == 'pending'))}"
        )
        cr.rollback()


if __name__ == "__main__":
    main()
