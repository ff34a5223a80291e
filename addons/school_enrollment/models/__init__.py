from . import (
    applicant,
    assignment_run,
    campaign,
    change_request,
    demo_data,
    document_type,
    res_partner,
    res_users,
    school,
)
