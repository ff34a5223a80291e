from . import call_center_call_report
