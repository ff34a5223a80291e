"""The appointment's date as the citizen reads it: weekday in their language."""

from datetime import datetime

import pytz
from conftest import load_addon_module

when = load_addon_module("citizen_appointment", "tools/when.py")
LEON = pytz.timezone("America/Mexico_City")


def test_spanish_weekday():
    moment = LEON.localize(datetime(2026, 12, 14, 10, 30))
    assert when.citizen_when(moment) == "lunes 14/12/2026 10:30"


def test_language_of_the_citizen():
    moment = LEON.localize(datetime(2026, 12, 19, 9, 0))
    assert when.citizen_when(moment, "en_US") == "Saturday 19/12/2026 09:00"


def test_unknown_language_falls_back_to_spanish():
    moment = LEON.localize(datetime(2026, 12, 15, 16, 15))
    assert when.citizen_when(moment, "xx_YY") == "martes 15/12/2026 16:15"
    assert when.citizen_when(moment, False) == "martes 15/12/2026 16:15"


def test_no_date():
    assert when.citizen_when(False) == ""
