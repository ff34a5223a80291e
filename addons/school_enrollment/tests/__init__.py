from . import (
    test_access,
    test_applicant,
    test_assignment,
    test_change_request,
    test_portal,
    test_seat_race,
)
