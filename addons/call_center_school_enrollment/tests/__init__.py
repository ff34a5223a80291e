from . import test_change_request_link
