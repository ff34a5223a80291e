from . import citizen_segment
