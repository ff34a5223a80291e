from . import (
    res_partner,
    res_users,
    school_enrollment_applicant,
    school_enrollment_assignment_run,
    school_enrollment_campaign,
    school_enrollment_campaign_demo,
    school_enrollment_change_request,
    school_enrollment_document_type,
    school_enrollment_school,
    school_enrollment_seat,
)
