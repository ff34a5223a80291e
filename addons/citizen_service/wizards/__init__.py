from . import citizen_report_reassign
from . import citizen_report_export
