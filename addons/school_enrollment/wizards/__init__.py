from . import assignment_wizard
