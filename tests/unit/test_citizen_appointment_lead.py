"""How soon citizens get an appointment: same day / next day / later."""

from datetime import date

from conftest import load_addon_module

lead = load_addon_module("citizen_appointment", "tools/lead.py")


def test_same_day():
    assert lead.lead_bucket(date(2026, 3, 2), date(2026, 3, 2)) == "same_day"


def test_next_day_crosses_month():
    assert lead.lead_bucket(date(2026, 2, 28), date(2026, 3, 1)) == "next_day"


def test_later():
    assert lead.lead_bucket(date(2026, 3, 2), date(2026, 3, 9)) == "later"


def test_past_request_counts_as_same_day():
    # a slot moved to an earlier day than it was chosen on (operator correction)
    assert lead.lead_bucket(date(2026, 3, 3), date(2026, 3, 2)) == "same_day"


def test_unknown():
    assert lead.lead_bucket(None, date(2026, 3, 2)) is False
    assert lead.lead_bucket(date(2026, 3, 2), None) is False
