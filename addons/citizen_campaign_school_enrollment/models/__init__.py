from . import citizen_segment
from . import citizen_campaign
