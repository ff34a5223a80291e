from . import citizen_report_wizard_mixin
from . import citizen_report_reassign
from . import citizen_report_export
from . import citizen_report_capture
from . import citizen_report_process
from . import helpdesk_ticket_merge
from . import citizen_monthly_closing_reissue
