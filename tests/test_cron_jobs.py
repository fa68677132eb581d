# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The daily runs as jobs of the queue: one per province and batch, each in
its own transaction, for the day of the run that enqueued it (a refresh of
figures done late: to today, never back a day)."""

from collections import Counter
from datetime import date, timedelta
from math import ceil

from freezegun import freeze_time

from odoo.tests import tagged

from ..tools import rehab_rules
from ..tools.batching import CHANNEL
from .common import MonthlyListCase
from .queue_jobs import trap_jobs


@tagged("post_install", "-at_install")
class TestCronJobs(MonthlyListCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The jobs enqueued, not done at once as in the other tests.
        queued = cls.env(context=dict(cls.env.context, queue_job__no_delay=False))
        cls.People = queued["rehab.person"].sudo().with_context(active_test=False)
        cls.Lists = queued["rehab.monthly.list"].sudo()

    def _people_batches(self, size):
        """The number of batches of ``size`` people per province, counted
        here from the people themselves."""
        counts = Counter(
            person.company_id.province_id.id for person in self.People.search([])
        )
        return sum(ceil(count / size) for count in counts.values())

    def test_one_job_per_province_and_batch(self):
        day = self.People._rehab_today()
        with trap_jobs() as trap:
            self.People._cron_refresh_eligibility(batch_size=2)
        trap.assert_jobs_count(self._people_batches(2))
        # Province A's three people: two batches; province B's one: one.
        one, two, three = sorted(
            (self.person_a1 | self.ineligible_a1 | self.second_a1).ids
        )
        for args in (
            (day, self.province_a.id, one, two),
            (day, self.province_a.id, three, three),
            (day, self.province_b.id, self.person_b1.id, self.person_b1.id),
        ):
            trap.assert_enqueued_job(
                self.People._job_refresh_eligibility,
                args=args,
                properties={"channel": CHANNEL},
            )
        # Every person in exactly one batch, of their own province.
        seen = Counter()
        for job in trap.enqueued_jobs:
            __, province_id, first_id, last_id = job.args
            people = self.People.search(
                [("id", ">=", first_id), ("id", "<=", last_id)]
            ).filtered(lambda p, pid=province_id: p.company_id.province_id.id == pid)
            self.assertLessEqual(len(people), 2)
            seen.update(people.ids)
        self.assertEqual(set(seen), set(self.People.search([]).ids))
        self.assertEqual(set(seen.values()), {1})

    def test_second_run_enqueues_nothing_new(self):
        Job = self.env["queue.job"].sudo()
        key = "post_rehab_credit:rehab.person._job_refresh_eligibility:%"
        self.People._cron_refresh_eligibility()
        jobs = Job.search([("identity_key", "=like", key)])
        self.assertEqual(len(jobs), self._people_batches(2000))
        self.assertEqual(set(jobs.mapped("state")), {"pending"})
        self.assertEqual(set(jobs.mapped("channel")), {CHANNEL})
        self.People._cron_refresh_eligibility()
        self.assertEqual(Job.search([("identity_key", "=like", key)]), jobs)

    def test_a_failed_batch_leaves_the_others_done(self):
        # Both provinces' people hold a stale window.
        people = self.person_a1 | self.person_b1
        expected = {person.id: person.window_end_date for person in people}
        self.env.cr.execute(
            "UPDATE rehab_person SET window_end_date = '2000-01-01' WHERE id IN %s",
            [tuple(people.ids)],
        )
        people.invalidate_recordset()
        with trap_jobs() as trap:
            self.People._cron_refresh_eligibility()
        original = type(self.People)._refresh_eligibility
        province_b = self.province_b

        def failing(people, day=None, batch=None):
            if batch and batch[0] == province_b.id:
                raise RuntimeError("The batch of province B fails.")
            return original(people, day, batch=batch)

        self.patch(type(self.People), "_refresh_eligibility", failing)
        failed = []
        # One job after the other, each in its own transaction (here: a
        # savepoint), as the job runner does them.
        for job in trap.enqueued_jobs:
            try:
                with self.env.cr.savepoint():
                    job.perform()
            except RuntimeError:
                failed.append(job.args[1])
        self.assertEqual(failed, [self.province_b.id])
        self.env.invalidate_all()
        self.assertEqual(self.person_a1.window_end_date, expected[self.person_a1.id])
        self.assertEqual(self.person_b1.window_end_date, date(2000, 1, 1))

    def test_the_job_does_the_day_of_its_run(self):
        communes = self.commune_a1 | self.commune_a2 | self.commune_a3
        with freeze_time("2030-01-31 03:00:00"), trap_jobs() as trap:
            self.Lists._cron_monthly_lists()
        jobs = [
            job
            for job in trap.enqueued_jobs
            if job.method_name == "_job_mark_late" or job.args[1] == self.province_a.id
        ]
        self.assertEqual(len(jobs), 2)
        # Done after midnight: the lists of January, late on 31 January.
        with freeze_time("2030-02-01 03:00:00"):
            for job in jobs:
                job.perform()
        lists = self.Lists.search([("company_id", "in", communes.ids)])
        made = lists.filtered(lambda record: record.month_date >= date(2030, 1, 1))
        self.assertEqual(made.company_id, communes)
        self.assertEqual(set(made.mapped("month_date")), {date(2030, 1, 1)})
        self.assertEqual(
            made.mapped(lambda record: (record.state, record.is_late)),
            [("draft", True)] * 3,
        )

    def test_a_batch_marks_its_own_late_lists(self):
        # The job marking the late lists may start before the batches end:
        # each batch marks its own communes' lists late, the later job the
        # others; each list once, with one note.
        march = date(2030, 3, 1)
        other = self.Lists.create(
            {"company_id": self.commune_b1.id, "month_date": march}
        )
        with freeze_time("2030-03-20 03:00:00"), trap_jobs() as trap:
            self.Lists._cron_monthly_lists(batch_size=1)
        batches = [
            job
            for job in trap.enqueued_jobs
            if job.method_name == "_job_monthly_lists"
            and job.args[1] == self.province_a.id
        ]
        self.assertEqual(len(batches), 3)
        (mark,) = [
            job for job in trap.enqueued_jobs if job.method_name == "_job_mark_late"
        ]
        # One batch, one commune: its list made and late, no other list.
        with freeze_time("2030-03-20 03:00:00"):
            batches[0].perform()
        commune = self.commune_a1.browse(batches[0].args[2])
        late = self.Lists.search([("month_date", "=", march), ("is_late", "=", True)])
        self.assertEqual(late.company_id, commune)
        self.assertFalse(other.is_late)
        # The others, then the late lists' job: every list late, once.
        with freeze_time("2030-03-20 03:00:00"):
            for job in [*batches[1:], mark]:
                job.perform()
        communes = self.commune_a1 | self.commune_a2 | self.commune_a3
        lists = self.Lists.search(
            [
                ("company_id", "in", (communes | self.commune_b1).ids),
                ("month_date", "=", march),
            ]
        )
        self.assertEqual(lists.company_id, communes | self.commune_b1)
        self.assertEqual(lists.mapped("is_late"), [True] * 4)
        for record in lists:
            notes = record.message_ids.filtered(
                lambda m: "was not confirmed by the" in (m.body or "")
            )
            self.assertEqual(len(notes), 1, record.company_id.name)
            todos = record.activity_ids.filtered(
                lambda a: "Follow up the late monthly list" in (a.summary or "")
            )
            self.assertEqual(len(todos), len(todos.user_id), record.company_id.name)

    def test_a_late_refresh_job_never_puts_the_figures_back(self):
        # A person of age today, under age yesterday.
        today = self.People._rehab_today()
        min_age = rehab_rules.params_from_env(self.env)["min_age"]
        person = self.People.browse(self.person_a1.id)
        # (Written in the table: the citizen ID's digits stay as they are.)
        self.env.cr.execute(
            "UPDATE rehab_person SET birth_date = %s WHERE id = %s",
            [rehab_rules.add_years(today, -min_age), person.id],
        )
        person.invalidate_recordset()
        yesterday = today - timedelta(days=1)
        with freeze_time("%s 03:00:00" % yesterday), trap_jobs() as trap:
            self.People._cron_refresh_eligibility()
        # Today's run done first, then yesterday's jobs (retried late).
        person._refresh_eligibility()
        self.assertTrue(person.is_eligible)
        self.assertFalse(
            person._eligibility_state_of(
                dict(person._eligibility_values(), erased=False),
                yesterday,
                rehab_rules.params_from_env(self.env, day=yesterday),
            )["is_eligible"]
        )
        for job in trap.enqueued_jobs:
            job.perform()
        person.invalidate_recordset()
        self.assertTrue(person.is_eligible)
