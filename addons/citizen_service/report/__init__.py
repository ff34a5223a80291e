from . import citizen_report_analysis
from . import citizen_report_count
