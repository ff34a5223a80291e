"""Channel choice and reply keywords of citizen campaigns (pure Python, no Odoo import)."""

import re
import unicodedata

CHANNELS = ("whatsapp", "sms", "email")
OPT_OUT_WORDS = {"baja", "stop", "alto", "unsubscribe", "cancelar suscripcion", "darme de baja"}
OPT_IN_WORDS = {"alta", "start", "suscribir", "darme de alta"}

# recipient statuses
PENDING = "pending"
NO_CONSENT = "no_consent"
OPTED_OUT = "opted_out"
NO_CONTACT = "no_contact"


def fold(text):
    """Lower-case text without accents, punctuation or repeated spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def reply_keyword(text):
    """``"opt_out"``, ``"opt_in"`` or ``None`` for the text of a citizen's reply."""
    folded = fold(text)
    if folded in OPT_OUT_WORDS:
        return "opt_out"
    if folded in OPT_IN_WORDS:
        return "opt_in"
    return None


def choose_channel(policy, contacts, consents, opted_out, preferred=None):
    """Channel of one recipient and the status it starts with.

    :param policy: ``"preferred"`` (the citizen's channel) or one of :data:`CHANNELS`.
    :param contacts: set of channels the citizen can be reached on (has the address).
    :param consents: set of channels the citizen gave consent for.
    :param opted_out: set of channels the citizen unsubscribed from (blacklist).
    :param preferred: the citizen's preferred channel, if any.
    :return: ``(channel or None, status)``, status one of ``pending``, ``no_consent``,
        ``opted_out``, ``no_contact``.
    """
    if policy in CHANNELS:
        candidates = [policy]
    else:
        order = list(CHANNELS)
        if preferred in CHANNELS:
            order.remove(preferred)
            order.insert(0, preferred)
        candidates = order
    reachable = [c for c in candidates if c in contacts]
    if not reachable:
        return (candidates[0] if policy in CHANNELS else None), NO_CONTACT
    for channel in reachable:
        if channel in consents and channel not in opted_out:
            return channel, PENDING
    # nobody to send to: say why, for the first channel the citizen could be reached on
    first = reachable[0]
    if first in opted_out:
        return first, OPTED_OUT
    return first, NO_CONSENT
