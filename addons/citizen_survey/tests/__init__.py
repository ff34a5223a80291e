from . import test_sample
from . import test_phone_survey
from . import test_self_rating
from . import test_post_call
from . import test_results
from . import test_security
from . import test_monthly_closing
