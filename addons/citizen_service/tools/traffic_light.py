"""The traffic light of a report: one rule for the field's compute, its search and the export.

A closed report is ``closed``; an open one is ``on_time`` without a deadline or with a
deadline after the due-soon window, ``due_soon`` when the deadline falls within
``[today, today + due_soon_days]`` and ``overdue`` when it has passed. Pure Python: the
domains are plain lists, so the rule and its search are tested together without Odoo.
"""

from datetime import timedelta

LIGHTS = ("on_time", "due_soon", "overdue", "closed")


def due_soon_limit(today, due_soon_days):
    """Last deadline day that still counts as "due soon"."""
    return today + timedelta(days=due_soon_days)


def traffic_light(closed, deadline, today, soon):
    """Light of one report (``soon``: :func:`due_soon_limit`)."""
    if closed:
        return "closed"
    if not deadline or deadline > soon:
        return "on_time"
    if deadline >= today:
        return "due_soon"
    return "overdue"


def traffic_light_domains(today, soon):
    """Per light, the domain (on ``closed`` and ``date_deadline``) matching :func:`traffic_light`."""
    return {
        "closed": [("closed", "=", True)],
        "on_time": [
            ("closed", "=", False),
            "|",
            ("date_deadline", "=", False),
            ("date_deadline", ">", soon),
        ],
        "due_soon": [
            ("closed", "=", False),
            ("date_deadline", ">=", today),
            ("date_deadline", "<=", soon),
        ],
        "overdue": [("closed", "=", False), ("date_deadline", "<", today)],
    }
