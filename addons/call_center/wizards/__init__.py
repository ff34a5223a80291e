from . import link_report_wizard
