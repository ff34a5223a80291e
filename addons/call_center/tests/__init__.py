from . import (
    test_call,
    test_pbx,
    test_pbx_edges,
    test_report,
    test_security,
    test_staffing,
    test_tour,
)
