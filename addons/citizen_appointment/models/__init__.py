from . import (
    citizen_appointment_offer,
    citizen_inbound_message,
    citizen_notification,
    res_partner,
    resource_booking,
    resource_booking_type,
    resource_calendar,
    resource_calendar_leaves,
)
