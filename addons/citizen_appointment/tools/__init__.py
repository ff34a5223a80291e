from .lead import lead_bucket
from .when import citizen_when
