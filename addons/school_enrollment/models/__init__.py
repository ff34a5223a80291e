from . import school
from . import campaign
from . import document_type
from . import applicant
from . import assignment_run
from . import change_request
from . import res_users
from . import res_partner
