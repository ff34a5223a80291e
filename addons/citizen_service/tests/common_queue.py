"""Helpers for the tests of the job queue (OCA queue_job)."""

from odoo.tests import common as odoo_test_common

# queue_job's test helpers register themselves in ``SETATTR_SOURCES``, a registry of
# allowed method patchers of recent Odoo 18 builds; older 18.0 builds have none (and do
# not check patchers): give them an empty one so that ``trap_jobs`` imports everywhere.
if not hasattr(odoo_test_common, "SETATTR_SOURCES"):
    odoo_test_common.SETATTR_SOURCES = {}

# pylint: disable=wrong-import-position
from odoo.addons.queue_job.job import Job
from odoo.addons.queue_job.tests.common import trap_jobs

__all__ = ["notification_jobs", "perform_stored_jobs", "trap_jobs"]


def notification_jobs(env, notifications=None):
    """Stored delivery jobs of citizen notifications (the queue.job records)."""
    domain = [("model_name", "=", "citizen.notification"), ("method_name", "=", "_citizen_deliver")]
    jobs = env["queue.job"].sudo().search(domain, order="id")
    if notifications is not None:
        jobs = jobs.filtered(lambda j: j.records & notifications)
    return jobs


def perform_stored_jobs(env, jobs):
    """Run stored jobs in the test transaction, as the job runner would (one try each)."""
    results = []
    for record in jobs:
        job = Job.load(env, record.uuid)
        results.append(job.perform())
        job.set_done()
        job.store()
    return results
