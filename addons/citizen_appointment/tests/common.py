from datetime import datetime, timedelta

import pytz

from odoo import Command
from odoo.tests import TransactionCase

TZ = pytz.timezone("America/Mexico_City")


class AppointmentCase(TransactionCase):
    """An office open every day 0:00-24:00 with one desk: slots are always available,
    whatever day and hour the tests run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, tz="America/Mexico_City")
        )
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Test office hours",
                "tz": "America/Mexico_City",
                "citizen_office_calendar": True,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": str(day),
                            "dayofweek": str(day),
                            "hour_from": 0,
                            "hour_to": 24,
                            "day_period": "morning",
                        }
                    )
                    for day in range(7)
                ],
            }
        )
        cls.office = cls.env["citizen.office"].create({"name": "Delegación de Prueba"})
        cls.desk = cls.env["resource.resource"].create(
            {
                "name": "Ventanilla de prueba",
                "resource_type": "material",
                "calendar_id": cls.calendar.id,
                "tz": "America/Mexico_City",
            }
        )
        cls.combination = cls.env["resource.booking.combination"].create(
            {"resource_ids": [Command.set(cls.desk.ids)]}
        )
        cls.btype = cls.env["resource.booking.type"].create(
            {
                "name": "Atención ciudadana – Delegación de Prueba",
                "office_id": cls.office.id,
                "resource_calendar_id": cls.calendar.id,
                "duration": 0.5,
                "slot_duration": 0.5,
                "modifications_deadline": 1,
                "location": "Delegación de Prueba, León",
                "combination_rel_ids": [Command.create({"combination_id": cls.combination.id})],
            }
        )
        cls.citizen = cls.env["res.partner"].create(
            {
                "name": "Rosa María Juárez Pérez",
                "email": "rosa.juarez@example.com",
                "is_citizen": True,
                "lang": "en_US",
            }
        )

    @classmethod
    def future_slot(cls, days=3, hour=10):
        """UTC naive datetime ``days`` days ahead at ``hour`` local time, on a non-holiday."""
        day = datetime.now(TZ).date() + timedelta(days=days)
        holidays = cls.holiday_dates()
        while day in holidays:
            day += timedelta(days=1)
        local = TZ.localize(datetime(day.year, day.month, day.day, hour, 0))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @classmethod
    def holiday_dates(cls):
        leaves = cls.env["resource.calendar.leaves"].search([("calendar_id", "=", cls.calendar.id)])
        return {pytz.utc.localize(leave.date_from).astimezone(TZ).date() for leave in leaves}

    def book(self, start, partner=None, **extra):
        vals = {
            "type_id": self.btype.id,
            "partner_ids": [Command.set((partner or self.citizen).ids)],
            "start": start,
        }
        vals.update(extra)
        return self.env["resource.booking"].create(vals)
