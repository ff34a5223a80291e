from . import helpdesk_ticket, res_users
