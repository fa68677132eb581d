# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The jobs of the daily runs in the tests: queue_job's trap of the jobs
enqueued, and the jobs stored in the queue done as the job runner does them.

queue_job's test helpers register themselves in
odoo.tests.common.SETATTR_SOURCES, which Odoo 18 builds before August 2025
lack (see requirements.txt, the same for auditlog): an empty one where it is
missing, then the helpers.
"""

from odoo.tests import common

common.__dict__.setdefault("SETATTR_SOURCES", {})

from odoo.addons.queue_job.job import Job  # noqa: E402
from odoo.addons.queue_job.tests.common import trap_jobs  # noqa: E402

from ..tools.batching import CHANNEL  # noqa: E402

__all__ = ["perform_queued_jobs", "trap_jobs"]


def perform_queued_jobs(env):
    """Do the jobs of the addon's channel waiting in the queue, one after
    the other, those waiting for others last; returns how many."""
    records = (
        env["queue.job"]
        .sudo()
        .search(
            [
                ("channel", "=", CHANNEL),
                ("state", "in", ("pending", "enqueued", "wait_dependencies")),
            ]
        )
        .sorted(lambda record: (record.state == "wait_dependencies", record.id))
    )
    for record in records:
        job = Job.load(env, record.uuid)
        job.perform()
        job.set_done()
        job.store()
    return len(records)
