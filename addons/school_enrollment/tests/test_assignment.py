import json
from unittest.mock import patch

from odoo import Command
from odoo.addons.citizen_service.tests.common_queue import trap_jobs
from odoo.addons.school_enrollment.tools import assignment as engine
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import EnrollmentCase


@tagged("post_install", "-at_install")
class TestAssignment(EnrollmentCase):
    def test_precheck_lists_applicants_without_colonia(self):
        self.make_applicant()
        missing = self.make_applicant(colonia_id=False)
        with self.assertRaisesRegex(UserError, missing.folio):
            self.run_assignment()
        wizard = self.env["school.enrollment.assignment.wizard"].create(
            {"campaign_id": self.campaign.id}
        )
        self.assertEqual(wizard.missing_colonia_count, 1)
        action = wizard.action_view_missing()
        self.assertEqual(self.env["school.enrollment.applicant"].search(action["domain"]), missing)
        self.assertFalse(
            self.env["school.enrollment.assignment.run"].search(
                [("campaign_id", "=", self.campaign.id)]
            )
        )

    def test_no_applicants(self):
        with self.assertRaises(UserError):
            self.run_assignment()

    def test_assignment_criteria_and_seats(self):
        disabled = self.make_applicant(colonia_id=self.col_b.id, disability=True)
        sib = self.make_applicant(colonia_id=self.col_a.id, sibling_school_id=self.school_c.id)
        near_a = [self.make_applicant(colonia_id=self.col_a.id) for _i in range(3)]
        run = self.run_assignment()
        self.assertEqual(disabled.assignment_criterion, "disability")
        self.assertEqual(disabled.school_id, self.school_b)
        self.assertEqual(sib.school_id, self.school_c)
        self.assertEqual(sib.assignment_criterion, "sibling")
        crits = sorted(a.assignment_criterion for a in near_a)
        # school A has 2 seats for its area; the third child goes to the nearest with seats
        self.assertEqual(crits, ["distance", "influence", "influence"])
        self.assertEqual(run.applicant_count, 5)
        self.assertEqual(run.count_disability, 1)
        self.assertEqual(run.count_sibling, 1)
        self.assertEqual(run.count_influence, 2)
        self.assertEqual(run.count_distance, 1)
        self.assertEqual(run.user_id, self.env.user)
        self.assertEqual(json.loads(run.parameters)["seed"], 1)
        seat_a = self.school_a.seat_ids
        self.assertEqual((seat_a.seats_taken, seat_a.seats_free), (2, 0))
        self.assertEqual(self.school_b.seat_ids.seats_taken, 2)
        self.assertTrue(all(a.state == "assigned" for a in near_a + [disabled, sib]))

    def test_twins_never_split(self):
        a = self.make_applicant(colonia_id=self.col_a.id)
        b = self.make_applicant(colonia_id=self.col_a.id, sibling_applicant_id=a.id, is_twin=True)
        # fill school A with one other child first: only 1 seat left there
        self.school_a.seat_ids.seats = 1
        self.run_assignment()
        self.assertTrue(a.school_id)
        self.assertEqual(a.school_id, b.school_id)
        # placed together outside their area: no claim there, so counted by distance, and the
        # explanation says why the nearer school of their area was not given
        self.assertNotEqual(a.school_id, self.school_a)
        self.assertEqual(a.assignment_criterion, "distance")
        self.assertEqual(a.assignment_reason, "siblings")
        self.assertEqual(a.nearer_school_id, self.school_a)

    def test_school_without_coordinates_refused_in_precheck(self):
        self.make_applicant()
        self.school_c.write({"latitude": 0.0, "longitude": 0.0})
        with self.assertRaisesRegex(UserError, "have no coordinates.*9003C"):
            self.run_assignment()
        self.assertFalse(
            self.env["school.enrollment.assignment.run"].search(
                [("campaign_id", "=", self.campaign.id)]
            )
        )

    def test_explanations_and_envy_counts(self):
        # school A (2 seats) is the area school of colonia A: its children keep it; the child of
        # colonia B living next to A is sent elsewhere and told why
        near_a = [self.make_applicant(colonia_id=self.col_a.id) for _i in range(2)]
        col_c = self.env["citizen.colonia"].create(
            {"name": "Test Colonia C", "zip": "37997", "latitude": 21.1205, "longitude": -101.6805}
        )
        outsider = self.make_applicant(colonia_id=col_c.id)
        run = self.run_assignment()
        self.assertTrue(all(a.school_id == self.school_a for a in near_a))
        self.assertNotEqual(outsider.school_id, self.school_a)
        self.assertEqual(outsider.assignment_reason, "priority")
        self.assertEqual(outsider.nearer_school_id, self.school_a)
        self.assertGreater(outsider.nearer_distance_km, 0)
        self.assertEqual(near_a[0].assignment_reason, "nearest")
        self.assertEqual(run.envy_forced, 0)
        self.assertGreater(run.total_distance_km, 0)
        self.assertEqual(json.loads(run.parameters)["envy"], 0)

    def test_rerun_is_deterministic(self):
        apps = [
            self.make_applicant(colonia_id=(self.col_a if i % 2 else self.col_b).id)
            for i in range(8)
        ]
        self.run_assignment(seed=7)
        first = [(a.school_id.id, a.assignment_criterion) for a in apps]
        self.run_assignment(seed=7)
        self.assertEqual([(a.school_id.id, a.assignment_criterion) for a in apps], first)
        # the rerun released the seats before distributing again: no double count
        self.assertEqual(
            sum(
                self.env["school.enrollment.seat"]
                .search([("school_id", "in", (self.school_a | self.school_b | self.school_c).ids)])
                .mapped("seats_taken")
            ),
            8,
        )

    def test_grades_in_worker_processes_same_result(self):
        """Large runs solve each grade in a forked process: same result as a run in this
        process, and the run's database connection still works after the workers exit."""
        self.env["school.enrollment.school"].create(
            {
                "cct": "11DJN9004D",
                "name": "Preescolar Test D",
                "level": "preschool",
                "colonia_id": self.col_a.id,
                "latitude": 21.125,
                "longitude": -101.685,
                "seat_ids": [
                    Command.create({"grade": "pre2", "seats": 2}),
                    Command.create({"grade": "pre3", "seats": 3}),
                ],
            }
        )
        grades = ["pri1", "pre2", "pre3"]
        apps = [
            self.make_applicant(
                colonia_id=(self.col_a if i % 2 else self.col_b).id, grade=grades[i % 3]
            )
            for i in range(12)
        ]
        run = self.run_assignment(seed=5)
        self.assertEqual(json.loads(run.parameters)["timings_s"]["engine_detail"]["workers"], 1)
        first = [(a.school_id.id, a.assignment_criterion, a.assignment_reason) for a in apps]
        with (
            patch.object(engine, "PARALLEL_MIN_APPLICANTS", 0),
            patch.object(engine.os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3}),
        ):
            run = self.run_assignment(seed=5)
        self.assertEqual(json.loads(run.parameters)["timings_s"]["engine_detail"]["workers"], 3)
        self.env.invalidate_all()
        self.assertEqual(
            [(a.school_id.id, a.assignment_criterion, a.assignment_reason) for a in apps], first
        )
        self.assertEqual(run.applicant_count, 12)
        # 4 children per grade; seats: 9 pri1, 2 pre2, 3 pre3
        self.assertEqual(run.count_unassigned, 3)
        self.env.cr.execute("SELECT count(*) FROM school_enrollment_seat WHERE seats_taken > seats")
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_accepted_applicants_keep_their_seat(self):
        a = self.make_applicant()
        self.run_assignment()
        a.action_accept()
        school = a.school_id
        others = [self.make_applicant() for _i in range(3)]
        self.run_assignment(seed=3)
        self.assertEqual(a.school_id, school)
        self.assertEqual(a.state, "accepted")
        self.assertEqual(sum(1 for o in others if o.school_id == self.school_a), 1)

    def test_unassigned_when_no_seats(self):
        apps = [self.make_applicant() for _i in range(10)]  # 9 seats in total
        run = self.run_assignment()
        self.assertEqual(run.count_unassigned, 1)
        self.assertEqual(len([a for a in apps if not a.school_id]), 1)

    def test_wizard_runs(self):
        self.make_applicant()
        wizard = self.env["school.enrollment.assignment.wizard"].create(
            {"campaign_id": self.campaign.id, "seed": 5}
        )
        with trap_jobs() as trap:
            action = wizard.action_run()
            run = self.env["school.enrollment.assignment.run"].browse(action["res_id"])
            # the distribution waits in the job queue; the run shows it
            self.assertEqual(run.state, "queued")
            self.assertFalse(run.applicant_count)
            trap.assert_jobs_count(1, only=run._run_queued)
            trap.assert_enqueued_job(run._run_queued, properties={"channel": "root.assignment"})
            trap.perform_enqueued_jobs()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.seed, 5)
        self.assertEqual(run.count_influence, 1)
        # a job run again for a done run does nothing
        self.assertEqual(run._run_queued(), "already done")

    def test_queued_run_refused_when_data_changed(self):
        self.make_applicant()
        run = self.env["school.enrollment.assignment.run"]
        with trap_jobs() as trap:
            run = run._enqueue(self.campaign, "initial", 2)
            job = trap.enqueued_jobs[0]
        # an applicant without colonia arrives before the job runs
        self.make_applicant(colonia_id=False)
        job.perform()
        self.assertEqual(run.state, "failed")
        self.assertIn("colonia", run.error)
        # the queue gives up on an unexpected error: the run is failed, not left queued
        other = self.env["school.enrollment.assignment.run"].create(
            {"campaign_id": self.campaign.id, "state": "queued"}
        )
        other._run_job_failed(exc_message="boom")
        self.assertEqual((other.state, other.error), ("failed", "boom"))

    def test_wizard_refuses_at_once(self):
        self.make_applicant(colonia_id=False)
        wizard = self.env["school.enrollment.assignment.wizard"].create(
            {"campaign_id": self.campaign.id}
        )
        with trap_jobs() as trap, self.assertRaises(UserError):
            wizard.action_run()
        trap.assert_jobs_count(0)
