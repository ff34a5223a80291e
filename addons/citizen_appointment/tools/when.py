"""How a citizen reads the date and time of an appointment (pure Python, babel)."""

from babel.core import UnknownLocaleError
from babel.dates import format_date


def citizen_when(local_dt, lang="es_MX"):
    """``lunes 14/12/2026 10:30`` from an aware datetime in the office's time zone.

    The weekday is spelt in the citizen's language (babel), so "which day is the 14th?"
    never needs a calendar; an unknown language falls back to Mexican Spanish."""
    if not local_dt:
        return ""
    try:
        weekday = format_date(local_dt, "EEEE", locale=lang or "es_MX")
    except (UnknownLocaleError, ValueError, LookupError):
        weekday = format_date(local_dt, "EEEE", locale="es_MX")
    return f"{weekday} {local_dt.strftime('%d/%m/%Y %H:%M')}"
