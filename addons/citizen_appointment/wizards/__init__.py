from . import citizen_appointment_wizard
from . import citizen_appointment_wizard_slot
