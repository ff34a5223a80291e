from odoo import http
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .common import CitizenSurveyCommon


@tagged("post_install", "-at_install")
class TestSelfRating(CitizenSurveyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_citizen_survey()

    def _rating_messages(self, ticket):
        return ticket.message_ids.filtered(lambda m: "/rate/" in (m.body or ""))

    def test_closing_email_with_rating_link_for_app_and_web(self):
        for channel in (
            self.channel_web,
            self.channel_app,
            self.env.ref("citizen_service.channel_app_ios"),
            self.env.ref("citizen_service.channel_chatbot"),
            self.env.ref("citizen_service.channel_whatsapp"),
        ):
            self.assertTrue(channel.citizen_self_rating, channel.name)
            ticket = self._report(finished=False, channel=channel)
            self.assertFalse(self._rating_messages(ticket))
            ticket.stage_id = self.stage_done
            message = self._rating_messages(ticket)
            self.assertEqual(len(message), 1)
            self.assertIn(self.citizen, message.partner_ids)
            token = ticket.rating_ids.access_token
            self.assertTrue(token)
            self.assertIn(f"/rate/{token}/5", message.body)
            self.assertIn(ticket.number, message.subject)
            # writing again on a finished report does not send it twice
            ticket.write({"stage_id": self.stage_done.id})
            self.assertEqual(len(self._rating_messages(ticket)), 1)

    def test_no_rating_email_for_phone_reports(self):
        ticket = self._report(finished=False)
        ticket.stage_id = self.stage_done
        self.assertFalse(self._rating_messages(ticket))
        self.assertFalse(ticket.rating_ids)

    def test_rating_feeds_results(self):
        ticket = self._report(finished=False, channel=self.channel_web)
        ticket.stage_id = self.stage_done
        ticket.rating_apply(3, token=ticket.rating_ids.access_token, feedback="Regular")
        self.assertEqual(ticket.rating_last_value, 3)
        result = self.env["citizen.survey.result"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual(result.source, "self_rating")
        self.assertEqual(result.satisfaction, 3)
        self.assertEqual(result.comments, "Regular")
        self.assertEqual(result.team_id, self.team_a)
        self.assertEqual(result.channel_id, self.channel_web)


@tagged("post_install", "-at_install")
class TestSelfRatingPortal(CitizenSurveyCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_citizen_survey()
        cls.portal_user = new_test_user(
            cls.env,
            login="sv_portal",
            name="Juana Portal",
            groups="base.group_portal",
            password="sv_portal_pw_123",
        )
        cls.ticket = cls._report(
            finished=False, channel=cls.channel_web, partner=cls.portal_user.partner_id
        )
        cls.ticket.stage_id = cls.stage_done

    def test_portal_page_offers_rating_and_rate_route_applies_it(self):
        self.authenticate("sv_portal", "sv_portal_pw_123")
        page = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("citizen_survey_rating", page.text)
        token = self.ticket.rating_ids.access_token
        self.assertIn(f"/rate/{token}/5", page.text)
        # the standard rating routes of Odoo do the rest
        res = self.url_open(f"/rate/{token}/5")
        self.assertEqual(res.status_code, 200)
        res = self.url_open(
            f"/rate/{token}/submit_feedback",
            data={"rate": 5, "feedback": "Excelente", "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertEqual(res.status_code, 200)
        self.assertEqual(self.ticket.rating_last_value, 5)
        page = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertIn("Excelente", page.text)
        self.assertNotIn(f"/rate/{token}/5", page.text)
