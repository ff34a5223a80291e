from . import citizen_report_analysis
