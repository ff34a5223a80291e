"""How soon a citizen gets an appointment (pure Python, no Odoo)."""


def lead_bucket(requested_date, appointment_date):
    """``same_day``, ``next_day`` or ``later`` from two local dates; False if unknown."""
    if not requested_date or not appointment_date:
        return False
    days = (appointment_date - requested_date).days
    if days <= 0:
        return "same_day"
    if days == 1:
        return "next_day"
    return "later"
