from odoo import api, fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    citizen_state = fields.Selection(
        [
            ("captured", "Captured"),
            ("in_process", "In process"),
            ("finished", "Finished"),
            ("cancelled", "Cancelled"),
            ("not_viable", "Not viable"),
        ],
        string="Citizen status",
        help="Status shown to citizens and used by the statistics.",
    )

    @api.model
    def _citizen_reset_stage_names(self):
        """Drop helpdesk_mgmt's translations of the stages renamed by this module.

        Its PO files call them "Nuevo / En progreso / Hecho"; our data renames them to the
        seed's statuses (Capturado / Proceso / Terminado). Existing translations win over
        newly loaded ones, so they are dropped here and this module's PO file (loaded
        right after its data) sets the right names.
        """
        stages = self.browse()
        for xmlid in (
            "helpdesk_mgmt.helpdesk_ticket_stage_new",
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress",
            "helpdesk_mgmt.helpdesk_ticket_stage_done",
        ):
            stages |= self.env.ref(xmlid, raise_if_not_found=False) or self.browse()
        if stages:
            self.flush_model(["name"])
            self.env.cr.execute(
                """UPDATE helpdesk_ticket_stage
                      SET name = jsonb_build_object('en_US', name->>'en_US')
                    WHERE id = ANY(%s)""",
                [stages.ids],
            )
            self.invalidate_model(["name"])
