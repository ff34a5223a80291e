"""CURP (Clave Única de Registro de Población) helpers, pure Python."""

import re

CURP_RE = re.compile(
    r"^[A-Z][AEIOUX][A-Z]{2}\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[HMX]"
    r"(AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE)"
    r"[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z]\d$"
)
_ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"


def check_digit(first17):
    """Verification digit (18th character) of a CURP."""
    total = 0
    for pos, char in enumerate(first17.upper()):
        total += _ALPHABET.index(char) * (18 - pos)
    return str((10 - total % 10) % 10)


def normalize(curp):
    return (curp or "").strip().upper().replace(" ", "")


def is_valid(curp):
    curp = normalize(curp)
    if not CURP_RE.match(curp):
        return False
    return check_digit(curp[:17]) == curp[17]
