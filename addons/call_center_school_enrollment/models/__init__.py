from . import call_center_call
from . import school_enrollment_change_request
