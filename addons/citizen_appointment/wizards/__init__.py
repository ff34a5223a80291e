from . import citizen_appointment_wizard
