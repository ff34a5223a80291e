from . import helpdesk_ticket_channel
from . import helpdesk_ticket
from . import survey_question
from . import survey_user_input
from . import citizen_survey_sample
from . import citizen_survey_sample_line
from . import citizen_survey_result
from . import res_config_settings
