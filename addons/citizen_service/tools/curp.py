"""CURP (Clave Única de Registro de Población): the one validator of the project.

Built on python-stdnum's ``stdnum.mx.curp`` (format, state, birth date and check digit);
pure Python, used by the citizen registry and by school enrollment.
"""

from stdnum.mx import curp as _stdnum_curp


def normalize(curp):
    """Upper case, without spaces."""
    return (curp or "").strip().upper().replace(" ", "")


def is_valid(curp):
    return _stdnum_curp.is_valid(normalize(curp))


def name_word(first4):
    """The first four letters as RENAPO issues them: an inappropriate word (``CACA``,
    ``PENE``...) gets an ``X`` as its second letter (``CXCA``)."""
    first4 = first4.upper()
    if first4 in _stdnum_curp._name_blacklist:
        return first4[0] + "X" + first4[2:]
    return first4


def check_digit(first17):
    """Verification digit (18th character) of a CURP."""
    return _stdnum_curp.calc_check_digit(first17.upper())
