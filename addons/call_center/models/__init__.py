from . import (
    call_center_call,
    call_center_line,
    call_center_pbx,
    call_center_pbx_event,
    call_center_protocol,
    call_center_reason,
    call_center_staffing_plan,
    call_center_staffing_plan_line,
    helpdesk_ticket,
    phone_common,
    res_users,
    res_partner,
)
