from . import citizen_survey_result
from . import citizen_survey_result_xlsx
