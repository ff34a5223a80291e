from . import citizen_geo_shape, citizen_colonia, citizen_service_zone, helpdesk_ticket, res_users
