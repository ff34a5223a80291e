"""Business-day arithmetic (pure Python, no Odoo import)."""

from datetime import timedelta

MONDAY_TO_FRIDAY = frozenset(range(5))
# the city's time zone: default of the company, its users and the citizens
CITIZEN_TZ = "America/Mexico_City"


def add_business_days(start, days, workdays=MONDAY_TO_FRIDAY, holidays=()):
    """Return the date that is ``days`` business days after ``start`` (a date).

    The start day itself is not counted; weekends (days not in ``workdays``, Monday=0)
    and ``holidays`` are skipped. ``days == 0`` gives ``start`` itself.

    >>> import datetime
    >>> add_business_days(datetime.date(2026, 11, 13), 1)  # Friday -> Monday
    datetime.date(2026, 11, 16)
    """
    if days < 0:
        raise ValueError("days must be >= 0")
    if not workdays:
        raise ValueError("the calendar has no working day")
    holidays = set(holidays)
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if current.weekday() in workdays and current not in holidays:
            remaining -= 1
    return current
