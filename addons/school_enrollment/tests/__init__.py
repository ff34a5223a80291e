from . import test_applicant
from . import test_assignment
from . import test_seat_race
from . import test_change_request
from . import test_access
from . import test_portal
