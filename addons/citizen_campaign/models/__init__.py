from . import (
    res_partner,
    citizen_segment,
    citizen_campaign,
    citizen_campaign_recipient,
    citizen_notification,
    citizen_inbound_message,
)
