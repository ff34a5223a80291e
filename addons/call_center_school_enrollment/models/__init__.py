from . import call_center_call
from . import school_change_request
