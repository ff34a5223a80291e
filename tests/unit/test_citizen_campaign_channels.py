"""Pure-Python tests of addons/citizen_campaign/tools/channels.py (no Odoo import)."""

import importlib.util
from pathlib import Path

_PATH = (
    Path(__file__).resolve().parents[2] / "addons" / "citizen_campaign" / "tools" / "channels.py"
)
_spec = importlib.util.spec_from_file_location("citizen_campaign_channels", _PATH)
channels = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(channels)

ALL = {"whatsapp", "sms", "email"}


def test_fixed_channel_needs_contact_consent_and_no_opt_out():
    choose = channels.choose_channel
    assert choose("sms", {"sms"}, {"sms"}, set()) == ("sms", "pending")
    assert choose("sms", {"email"}, ALL, set()) == ("sms", "no_contact")
    assert choose("sms", {"sms"}, {"email"}, set()) == ("sms", "no_consent")
    assert choose("sms", {"sms"}, {"sms"}, {"sms"}) == ("sms", "opted_out")


def test_preferred_channel_first_then_the_others():
    choose = channels.choose_channel
    assert choose("preferred", ALL, ALL, set(), preferred="email") == ("email", "pending")
    assert choose("preferred", ALL, ALL, set()) == ("whatsapp", "pending")
    # no consent on WhatsApp: the SMS the citizen accepted
    assert choose("preferred", ALL, {"sms"}, set()) == ("sms", "pending")
    # unsubscribed from the preferred channel, consent on e-mail
    assert choose("preferred", {"sms", "email"}, ALL, {"sms"}, preferred="sms") == (
        "email",
        "pending",
    )


def test_preferred_channel_reasons_when_nothing_is_possible():
    choose = channels.choose_channel
    assert choose("preferred", set(), ALL, set()) == (None, "no_contact")
    assert choose("preferred", {"sms"}, set(), set()) == ("sms", "no_consent")
    assert choose("preferred", {"sms"}, {"sms"}, {"sms"}) == ("sms", "opted_out")


def test_reply_keywords():
    kw = channels.reply_keyword
    assert kw("BAJA") == "opt_out"
    assert kw(" Stop. ") == "opt_out"
    assert kw("darme de baja") == "opt_out"
    assert kw("ALTA") == "opt_in"
    assert kw("baja la luz en mi calle") is None
    assert kw("") is None
