from . import (
    res_users,
    call_center_pbx,
    call_center_line,
    call_center_reason,
    call_center_protocol,
    call_center_call,
    helpdesk_ticket,
    call_center_call_report,
    call_center_staffing,
    phone_common,
    call_center_mailing,
    call_center_demo,
)
