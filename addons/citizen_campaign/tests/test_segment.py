from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import CampaignCase


@tagged("post_install", "-at_install")
class TestSegment(CampaignCase):
    def ours(self, segment):
        return segment._citizen_partners() & (self.ana | self.beto | self.carla | self.dario)

    def test_colonia_sector_age_and_sex(self):
        self.assertEqual(self.ours(self.segment(colonia_ids=self.col_a.ids)), self.ana | self.carla)
        self.assertEqual(
            self.ours(self.segment(sector="sectorprueba")), self.ana | self.beto | self.carla
        )
        self.assertEqual(
            self.ours(self.segment(sector="SectorPrueba", age_min=30)), self.ana | self.beto
        )
        self.assertEqual(self.ours(self.segment(age_min=40, age_max=67)), self.beto | self.dario)
        self.assertEqual(self.ours(self.segment(age_max=34)), self.ana | self.carla)
        self.assertEqual(self.ours(self.segment(citizen_sex="male")), self.beto | self.dario)
        self.assertEqual(self.ours(self.segment(channel="email")), self.ana | self.carla)

    def test_age_limits_on_the_birthday(self):
        today = date.today()
        self.carla.birthdate = today - relativedelta(years=20)  # 20 today
        self.assertIn(self.carla, self.ours(self.segment(age_min=20, age_max=20)))
        self.assertNotIn(self.carla, self.ours(self.segment(age_max=19)))
        self.assertNotIn(self.carla, self.ours(self.segment(age_min=21)))

    def test_past_petitions_and_their_status(self):
        Ticket = self.env["helpdesk.ticket"].with_context(citizen_no_notify=True)
        open_ticket = Ticket.create(
            {
                "name": "Fuga en la calle",
                "description": "Fuga de agua potable.",
                "partner_id": self.ana.id,
                "category_id": self.petition.id,
            }
        )
        closed_ticket = Ticket.create(
            {
                "name": "Fuga en la banqueta",
                "description": "Fuga de agua potable.",
                "partner_id": self.dario.id,
                "category_id": self.petition.id,
            }
        )
        closed_ticket.write(
            {
                "response": "Se reparó la fuga.",
                "stage_id": self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
            }
        )
        self.assertTrue(closed_ticket.stage_id.closed)
        self.assertEqual(
            self.ours(self.segment(petition_ids=self.petition.ids)), self.ana | self.dario
        )
        self.assertEqual(
            self.ours(self.segment(petition_ids=self.petition.ids, ticket_state="open")),
            self.ana,
        )
        self.assertEqual(
            self.ours(self.segment(team_ids=self.team.ids, ticket_state="closed")), self.dario
        )
        self.assertEqual(
            self.ours(self.segment(petition_ids=self.petition.ids, ticket_days=30)),
            self.ana | self.dario,
        )
        self.assertTrue(open_ticket)

    def test_count_is_live_in_the_form(self):
        form = Form(self.env["citizen.segment"])
        form.name = "Vecinos de la colonia A"
        all_citizens = form.partner_count
        self.assertGreaterEqual(all_citizens, 4)
        form.colonia_ids.add(self.col_a)
        self.assertEqual(form.partner_count, 2)
        form.citizen_sex = "male"
        self.assertEqual(form.partner_count, 0)
        segment = form.save()
        self.assertEqual(segment.partner_count, 0)
        # saved segments are counted again as citizens come and go
        self.carla.citizen_sex = "male"
        segment.invalidate_recordset(["partner_count"])
        self.assertEqual(segment.partner_count, 1)

    def test_wrong_ranges_refused(self):
        with self.assertRaises(ValidationError):
            self.segment(age_min=50, age_max=20)
        with self.assertRaises(ValidationError):
            self.segment(ticket_days=-1)
