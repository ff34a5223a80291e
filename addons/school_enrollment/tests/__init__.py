from . import (
    test_access,
    test_applicant,
    test_assignment,
    test_change_request,
    test_portal,
    test_seat_confirmation,
    test_seat_race,
    test_tour,
)
