"""Reports assigned by helpdesk_mgmt's "Auto assign tickets" to a share user (the public
user of the website, Open311 and the messaging bot; a portal citizen) or to OdooBot (jobs,
demo data) are unassigned: neither can attend them, and the department's lists showed them
as taken. The setting itself is left as the administrator has it."""

import logging

from odoo import SUPERUSER_ID

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    cr.execute(
        """
        UPDATE helpdesk_ticket t SET user_id = NULL
          FROM res_users u
         WHERE u.id = t.user_id AND (u.share OR u.id = %s)
        """,
        (SUPERUSER_ID,),
    )
    _logger.info(
        "citizen_service: %s reports assigned to a share user or OdooBot unassigned", cr.rowcount
    )
