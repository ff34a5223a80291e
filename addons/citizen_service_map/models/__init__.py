from . import (
    citizen_geo_shape,
    citizen_colonia,
    citizen_map_cell,
    citizen_service_zone,
    helpdesk_ticket,
    res_users,
)
