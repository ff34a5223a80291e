from . import citizen_report_capture
