import base64
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_citizen import CitizenCommon

FEB = date(2026, 2, 1)


@tagged("post_install", "-at_install")
class TestMonthlyClosing(CitizenCommon):
    """Monthly closing of February 2026 for the light department, on a fixture whose dates
    are written in SQL (UTC; the city is in America/Mexico_City, UTC-6)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.tz = "America/Mexico_City"
        cls.official_light.email = "alumbrado@leon.example.com"
        cls.team_light.user_id = cls.official_light
        cls.channel_wednesday = cls.env.ref("citizen_service.channel_miercoles_ciudadano")
        response = {"response": "Atendido", "first_response": "En camino"}
        cls.t_on_time = cls._report()
        cls.t_late = cls._report(channel_id=cls.channel_wednesday.id)
        cls.t_overdue = cls._report()
        cls.t_old_overdue = cls._report()
        cls.t_open = cls._report()
        cls.t_last_night = cls._report()
        cls.t_january = cls._report()
        cls.t_water = cls._report(petition=cls.petition_leak)
        cls.t_water.coattention_team_ids = [Command.link(cls.team_light.id)]
        (cls.t_on_time | cls.t_late | cls.t_old_overdue).write(
            {"stage_id": cls.stage_done.id, **response}
        )
        cls.env.flush_all()
        rows = [
            # ticket, create_date, deadline, closed/finished date, closed on time
            (cls.t_on_time, "2026-02-03 16:00", "2026-02-10", "2026-02-05 17:00", True),
            (cls.t_late, "2026-02-10 16:00", "2026-02-17", "2026-02-20 17:00", False),
            (cls.t_overdue, "2026-02-20 16:00", "2026-02-27", None, False),
            (cls.t_old_overdue, "2026-01-25 16:00", "2026-02-01", "2026-03-01 18:00", False),
            (cls.t_open, "2026-02-26 16:00", "2026-03-05", None, False),
            # 23:00 of February 28 in León: received in February
            (cls.t_last_night, "2026-03-01 05:00", "2026-03-07", None, False),
            # 23:00 of January 31 in León: received in January
            (cls.t_january, "2026-02-01 05:00", "2026-03-10", None, False),
            (cls.t_water, "2026-02-12 16:00", "2026-02-16", None, False),
        ]
        for ticket, created, deadline, closed, on_time in rows:
            cls.env.cr.execute(
                """UPDATE helpdesk_ticket SET create_date = %s, date_deadline = %s,
                          closed_date = %s, finished_date = %s, closed_on_time = %s
                    WHERE id = %s""",
                (created, deadline, closed, closed, on_time, ticket.id),
            )
        cls.env["citizen.report.reassignment"].create(
            {
                "ticket_id": cls.t_open.id,
                "date": "2026-02-15 17:00:00",
                "from_team_id": cls.team_water.id,
                "to_team_id": cls.team_light.id,
                "reason": "Es alumbrado",
            }
        )
        cls.env.invalidate_all()
        cls.Closing = cls.env["citizen.monthly.closing"]

    def _issue(self, team=None, day="2026-03-01 13:00:00", **kw):
        with freeze_time(day):
            return self.Closing._issue(team or self.team_light, FEB, **kw)

    def _closings(self, team=None):
        return self.Closing.search(
            [("team_id", "=", (team or self.team_light).id), ("period_start", "=", FEB)]
        )

    def test_figures_on_fixture(self):
        closing = self._issue()
        self.assertEqual(closing.period_start, FEB)
        self.assertEqual(closing.period_end, date(2026, 2, 28))
        self.assertEqual(closing.received_count, 5)
        self.assertEqual(closing.finished_count, 2)
        self.assertEqual(closing.closed_count, 2)
        self.assertEqual(closing.closed_on_time_count, 1)
        self.assertEqual(closing.compliance, 50.0)
        self.assertEqual(closing.overdue_count, 2)
        self.assertEqual(
            set(closing.overdue_line_ids.mapped("name")),
            {self.t_overdue.number, self.t_old_overdue.number},
        )
        self.assertEqual(closing.reassigned_in_count, 1)
        self.assertEqual(closing.reassigned_out_count, 0)
        self.assertEqual(closing.reassigned_line_ids.direction, "in")
        self.assertEqual(closing.reassigned_line_ids.other_department, self.team_water.name)
        self.assertEqual(closing.coattended_count, 1)
        self.assertEqual(closing.coattended_line_ids.name, self.t_water.number)
        origins = {line.name: line.count for line in closing.origin_line_ids}
        self.assertEqual(origins, {self.channel_web.name: 4, self.channel_wednesday.name: 1})
        self.assertEqual(sum(closing.petition_line_ids.mapped("count")), 5)
        water = self._issue(self.team_water)
        self.assertEqual(water.received_count, 1)
        self.assertEqual(water.reassigned_out_count, 1)
        self.assertEqual(water.overdue_count, 1)

    def test_files_attached(self):
        closing = self._issue()
        self.assertEqual(closing.pdf_attachment_id.res_model, "citizen.monthly.closing")
        self.assertEqual(closing.pdf_attachment_id.res_id, closing.id)
        self.assertTrue(closing.pdf_attachment_id.raw)
        xlsx = closing.xlsx_attachment_id
        self.assertTrue(xlsx.name.endswith(".xlsx"))
        self.assertEqual(xlsx.raw[:2], b"PK")
        self.assertIn(closing.team_id.code, xlsx.name)

    def test_frozen_after_edits(self):
        closing = self._issue()
        xlsx = closing.xlsx_attachment_id.raw
        fields_ = ["line_type", "name", "count", "status"]
        lines = sorted(closing.line_ids.read(fields_), key=lambda line: line["id"])
        self.t_overdue.write(
            {"stage_id": self.stage_done.id, "response": "Listo", "first_response": "Ok"}
        )
        self.t_late.channel_id = self.channel_web
        self.t_on_time.team_id = self.team_water
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(closing.received_count, 5)
        self.assertEqual(closing.overdue_count, 2)
        self.assertEqual(closing.compliance, 50.0)
        self.assertEqual(sorted(closing.line_ids.read(fields_), key=lambda x: x["id"]), lines)
        self.assertEqual(closing.xlsx_attachment_id.raw, xlsx)
        with self.assertRaises(AccessError):
            closing.with_user(self.coordinator).write({"received_count": 1})

    def test_reissue_keeps_old_version(self):
        first = self._issue()
        self.t_late.channel_id = self.channel_web
        with freeze_time("2026-04-10 15:00:00"):
            wizard = (
                self.env["citizen.monthly.closing.reissue"]
                .with_user(self.coordinator)
                .create(
                    {
                        "team_ids": [Command.set(self.team_light.ids)],
                        "month": "2",
                        "year": 2026,
                        "reason": "Reportes capturados tarde",
                    }
                )
            )
            action = wizard.action_reissue()
        closings = self._closings()
        self.assertEqual(len(closings), 2)
        second = closings.filtered(lambda c: c.state == "issued")
        self.assertEqual(action["res_id"], second.id)
        self.assertEqual(second.version, 2)
        self.assertEqual(second.reissue_reason, "Reportes capturados tarde")
        self.assertEqual(second.issued_by_id, self.coordinator)
        self.assertEqual(first.state, "superseded")
        self.assertEqual(first.superseded_by_id, second)
        self.assertTrue(first.pdf_attachment_id.exists())
        self.assertEqual(
            {line.name: line.count for line in second.origin_line_ids},
            {self.channel_web.name: 5},
        )
        self.assertEqual(len(first.origin_line_ids), 2)
        self.assertIn("_v2", second.xlsx_attachment_id.name)

    def test_reissue_only_coordinators_and_ended_months(self):
        with self.assertRaises(AccessError):
            self.env["citizen.monthly.closing.reissue"].with_user(self.official_light).create(
                {"team_ids": [Command.set(self.team_light.ids)], "reason": "x"}
            )
        with self.assertRaises(AccessError):
            self.Closing.with_user(self.official_light)._check_can_reissue()
        with freeze_time("2026-02-20 12:00:00"), self.assertRaises(UserError):
            self.Closing._issue(self.team_light, FEB)

    def test_cron_idempotent_on_day_one(self):
        teams = self.Closing._issuable_teams()
        with freeze_time("2026-03-01 13:00:00"):
            self.Closing._cron_issue_monthly_closings()
            closings = self.Closing.search([("period_start", "=", FEB)])
            self.assertEqual(closings.team_id, teams)
            self.assertEqual(len(closings), len(teams))
            self.Closing._cron_issue_monthly_closings()
        with freeze_time("2026-03-02 13:00:00"):
            self.Closing._cron_issue_monthly_closings()
        self.assertEqual(self.Closing.search([("period_start", "=", FEB)]), closings)
        self.assertEqual(set(closings.mapped("version")), {1})
        # a department created later gets its missing closing on the next run
        new_team = self.env["helpdesk.ticket.team"].create({"name": "Test Nueva dependencia"})
        with freeze_time("2026-03-03 13:00:00"):
            self.Closing._cron_issue_monthly_closings()
        self.assertEqual(len(self._closings(new_team)), 1)
        self.assertEqual(len(self.Closing.search([("period_start", "=", FEB)])), len(teams) + 1)

    def test_mail_to_head_with_both_files(self):
        closing = self._issue()
        self.assertTrue(closing.mail_sent)
        mail = self.env["mail.mail"].search(
            [("model", "=", "citizen.monthly.closing"), ("res_id", "=", closing.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.official_light.partner_id)
        self.assertEqual(
            mail.attachment_ids, closing.pdf_attachment_id | closing.xlsx_attachment_id
        )
        self.assertIn(self.team_light.name, mail.subject)
        # no head: kept in the system, not e-mailed
        water = self._issue(self.team_water)
        self.assertFalse(water.mail_sent)
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "citizen.monthly.closing"), ("res_id", "=", water.id)]
            )
        )

    def test_record_rules(self):
        light = self._issue()
        water = self._issue(self.team_water)
        both = light | water
        Closing = self.Closing.with_user(self.official_light)
        self.assertEqual(Closing.search([("id", "in", both.ids)]), light)
        self.assertEqual(
            self.Closing.with_user(self.official_water).search([("id", "in", both.ids)]), water
        )
        self.assertEqual(
            self.Closing.with_user(self.coordinator).search([("id", "in", both.ids)]), both
        )
        with self.assertRaises(AccessError):
            Closing.browse(water.id).read(["received_count"])
        with self.assertRaises(AccessError):
            water.xlsx_attachment_id.with_user(self.official_light).read(["datas"])
        data = light.xlsx_attachment_id.with_user(self.official_light).read(["datas"])
        self.assertTrue(base64.b64decode(data[0]["datas"]))
        lines = self.env["citizen.monthly.closing.line"].with_user(self.official_light)
        self.assertFalse(lines.search([("closing_id", "=", water.id)]))
        with self.assertRaises(AccessError):
            Closing.create({"team_id": self.team_light.id, "period_start": FEB})
