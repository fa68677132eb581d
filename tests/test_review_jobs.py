# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A hostile review of the daily runs as jobs of the queue, of the locks and
of the list's confirmation checked once per list."""

from datetime import date

from freezegun import freeze_time
from psycopg2.errors import LockNotAvailable

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import TransactionCase
from odoo.tools import SQL, mute_logger

from .common import JsonRpcMixin, MonthlyListCase
from .common_loan import LoanCase
from .queue_jobs import perform_queued_jobs


@tagged("post_install", "-at_install")
class TestJobsOverRpc(JsonRpcMixin, HttpCase, MonthlyListCase):
    """No role of the programme runs, reads or changes a job of the queue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        queued = cls.env(context=dict(cls.env.context, queue_job__no_delay=False))
        queued["rehab.monthly.list"].sudo()._cron_monthly_lists()
        cls.jobs = cls.env["queue.job"].sudo().search([])
        cls.roles = (
            cls.police_user
            | cls.chairman_user
            | cls.commune_officer_user
            | cls.savings_user
            | cls.vbsp_user
            | cls.vbsp_manager_user
            | cls.province_user
            | cls.department_user
            | cls.admin_user
            | cls.national_admin_user
        )

    def _refused(self, user, model, method, *args, **kwargs):
        __, error = self.rpc(user, model, method, *args, **kwargs)
        self.assertTrue(error, "%s.%s as %s" % (model, method, user.login))

    def test_no_role_runs_reads_or_requeues_a_job(self):
        self.assertTrue(self.jobs)
        self.env.flush_all()
        before = self.jobs.read(["state", "args", "eta", "name"])
        menu = self.env.ref("queue_job.menu_queue_job_root")
        day = str(self.jobs[:1].args[0])
        batch = [day, self.province_a.id, self.commune_a1.id, self.commune_b1.id]
        with mute_logger("odoo.http"):
            for user in self.roles:
                self.assertFalse(user.has_group("queue_job.group_queue_job_manager"))
                self.assertNotIn(
                    menu.id, self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
                )
                self._refused(user, "rehab.monthly.list", "_job_monthly_lists", *batch)
                self._refused(user, "queue.job", "search_read", [], ["args", "name"])
                self._refused(user, "queue.job", "requeue", self.jobs.ids)
            user = self.admin_user
            for model, method, args in (
                ("rehab.loan", "_job_overdue", batch),
                ("rehab.monthly.list", "_job_mark_late", [day]),
                ("rehab.person", "_job_retention_archive", batch),
                ("rehab.referral.slip", "_job_expire_slips", batch),
                ("queue.job", "read", [self.jobs.ids, ["args", "result", "exc_info"]]),
                ("queue.job", "write", [self.jobs.ids, {"eta": "2000-01-01"}]),
                ("queue.job", "button_done", [self.jobs.ids]),
                ("queue.job.function", "search_read", [[], ["method"]]),
                ("queue.job.channel", "write", [[1], {"name": "x"}]),
                ("queue.requeue.job", "create", [{"job_ids": [(6, 0, self.jobs.ids)]}]),
                (
                    "ir.cron",
                    "method_direct_trigger",
                    [self.env.ref("post_rehab_credit.ir_cron_monthly_lists").ids],
                ),
            ):
                self._refused(user, model, method, *args)
            # queue_job's public methods of every model enqueue nothing.
            for method in ("with_delay", "delayable"):
                self.rpc(user, "rehab.loan", method, [], channel="root")
            self.authenticate(user.login, user.login)
            response = self.url_open("/queue_job/create_test_job")
            self.assertEqual(response.status_code, 403)
        self.env.invalidate_all()
        self.assertEqual(self.jobs.read(["state", "args", "eta", "name"]), before)
        self.assertEqual(self.env["queue.job"].sudo().search([]), self.jobs)

    def test_a_line_of_another_list_stays_out_of_the_wizard(self):
        own = self._list()
        own.with_user(self.police_user).action_submit()
        other_month = self._list(month="2026-11-01")
        foreign = self._list(self.commune_b1)
        self.assertTrue(own.line_ids and other_month.line_ids and foreign.line_ids)
        self.env.flush_all()
        chairman = self.chairman_user
        Wizard = "rehab.monthly.list.confirm"
        with mute_logger("odoo.http"):
            self._refused(chairman, Wizard, "create", {"list_id": foreign.id})
            self._refused(
                chairman,
                Wizard,
                "create",
                {
                    "list_id": own.id,
                    "line_ids": [(0, 0, {"list_line_id": foreign.line_ids[0].id})],
                },
            )
            wizard_id = self.ok(
                chairman,
                Wizard,
                "create",
                {
                    "list_id": own.id,
                    "line_ids": [
                        (0, 0, {"list_line_id": line.id}) for line in own.line_ids
                    ],
                },
            )
            wizard = self.env[Wizard].browse(wizard_id)
            line = wizard.line_ids[0]
            self._refused(
                chairman,
                "rehab.monthly.list.confirm.line",
                "create",
                {"wizard_id": wizard_id, "list_line_id": foreign.line_ids[0].id},
            )
            self._refused(
                chairman,
                "rehab.monthly.list.confirm.line",
                "write",
                [line.id],
                {"list_line_id": foreign.line_ids[0].id},
            )
            self._refused(
                chairman,
                Wizard,
                "write",
                [wizard_id],
                {"line_ids": [(1, line.id, {"list_line_id": foreign.line_ids[0].id})]},
            )
            # A line of the commune's other list: readable, yet not this list's.
            self.ok(
                chairman,
                "rehab.monthly.list.confirm.line",
                "write",
                [line.id],
                {
                    "list_line_id": other_month.line_ids[0].id,
                    "include": False,
                    "exclusion_reason": "x",
                },
            )
            self._refused(chairman, Wizard, "action_confirm", [wizard_id])
        self.env.invalidate_all()
        self.assertEqual(own.state, "submitted")
        self.assertEqual(other_month.state, "draft")
        self.assertFalse(other_month.line_ids.filtered("excluded"))

    def test_the_confirmation_still_freezes_the_lines(self):
        record = self._list()
        record.with_user(self.police_user).action_submit()
        # The person renamed after the list was drawn up: the line follows.
        self.person_a1.name = "Tên mới"
        self.env.flush_all()
        wizard_id = self.ok(
            self.chairman_user,
            "rehab.monthly.list.confirm",
            "create",
            {
                "list_id": record.id,
                "line_ids": [
                    (0, 0, {"list_line_id": line.id}) for line in record.line_ids
                ],
            },
        )
        self.ok(
            self.chairman_user,
            "rehab.monthly.list.confirm",
            "action_confirm",
            [wizard_id],
        )
        self.env.invalidate_all()
        self.assertEqual(record.state, "confirmed")
        line = record.line_ids.filtered(lambda rec: rec.person_id == self.person_a1)
        self.assertEqual(line.person_name, "Tên mới")
        self.person_a1.name = "Tên sau"
        self.env.flush_all()
        with mute_logger("odoo.http"):
            for user in (self.police_user, self.chairman_user, self.admin_user):
                self._refused(
                    user,
                    "rehab.monthly.list.line",
                    "write",
                    line.ids,
                    {"person_name": "x", "citizen_id": "000000000000"},
                )
                self._refused(user, "rehab.monthly.list.line", "unlink", line.ids)
        self.env.invalidate_all()
        self.assertEqual(line.person_name, "Tên mới")


@tagged("post_install", "-at_install")
class TestJobResults(MonthlyListCase):
    def test_the_retention_jobs_results_name_nobody(self):
        """The queue keeps a job's result: the people archived or erased by
        a job are not named there."""
        People = self.env["rehab.person"].sudo().with_context(queue_job__no_delay=False)
        Job = self.env["queue.job"].sudo()
        with freeze_time("2045-01-02 03:00:00"):
            People._cron_retention()
            self.assertTrue(perform_queued_jobs(self.env))
        self.env.invalidate_all()
        self.assertFalse(self.person_a1.active)
        with freeze_time("2070-01-02 03:00:00"):
            People._cron_retention()
            self.assertTrue(perform_queued_jobs(self.env))
        self.env.invalidate_all()
        self.assertTrue(self.person_a1.erased_date)
        jobs = Job.search(
            [("method_name", "in", ("_job_retention_archive", "_job_retention_erase"))]
        )
        self.assertEqual(
            set(jobs.mapped("method_name")),
            {"_job_retention_archive", "_job_retention_erase"},
        )
        self.assertEqual(set(jobs.mapped("state")), {"done"})
        self.assertEqual(set(jobs.mapped("result")), {False})


@tagged("post_install", "-at_install")
class TestJobsOfOneBatchAtOnce(TransactionCase):
    """The same batch's job of two runs at once (the cron run again while its
    job runs, or the job of a day done late): the first locks its batch, the
    second waits and then runs again on what the first made (tools/locks.py),
    so that a list, a session or a classification is not made twice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.commune = cls.env.ref("post_rehab_credit.company_chau_son")
        cls.province = cls.commune.province_id
        cls.point = cls.env["rehab.transaction.point"].search(
            [("company_id.province_id", "=", cls.province.id)], limit=1
        )

    def _locked(self, table, record_id):
        """Whether another transaction finds the row locked."""
        with self.registry.cursor() as cr:
            try:
                cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE id = %s FOR NO KEY UPDATE NOWAIT",
                        SQL.identifier(table),
                        record_id,
                    ),
                    log_exceptions=False,
                )
            except LockNotAvailable:
                return True
            finally:
                cr.rollback()
            return False

    def test_each_batch_is_locked_by_its_job(self):
        self.assertTrue(self.point)
        env = self.env
        self.assertFalse(self._locked("res_company", self.commune.id))
        env["rehab.monthly.list"]._job_monthly_lists(
            date(2031, 3, 10), self.province.id, self.commune.id, self.commune.id
        )
        self.assertTrue(self._locked("res_company", self.commune.id))
        self.assertFalse(self._locked("rehab_transaction_point", self.point.id))
        env["rehab.transaction.session"]._job_plan_sessions(
            date(2031, 3, 1), self.province.id, self.point.id, self.point.id
        )
        self.assertTrue(self._locked("rehab_transaction_point", self.point.id))
        self.assertEqual(
            env["rehab.transaction.session"].search_count(
                [("point_id", "=", self.point.id), ("period_month", ">=", "2031-03-01")]
            ),
            2,
        )
        self.assertFalse(self._locked("res_company", self.province.id))
        env["rehab.loan.classification"]._job_year_end(
            date(2025, 12, 31), self.province.id, self.province.id, self.province.id
        )
        self.assertTrue(self._locked("res_company", self.province.id))


@tagged("post_install", "-at_install")
class TestCapitalWithoutAllocation(LoanCase):
    def test_no_allocation_no_disbursement(self):
        loan = self._approved(10_000_000)
        wizard = self._wizard(
            "rehab.loan.disburse",
            loan,
            self.vbsp_user,
            date=date(2026, 6, 1),
            amount=10_000_000,
        )
        # The province's only allocation gone (never, but for this test):
        # nothing is available, nothing to lock, and nothing is paid out.
        self.env.flush_all()
        self.env.cr.execute(
            "DELETE FROM rehab_capital_allocation WHERE id = %s", [self.capital.id]
        )
        self.env.invalidate_all()
        with self.assertRaisesRegex(UserError, "is 0 đồng"):
            wizard.action_disburse()
        self.assertFalse(loan.disbursement_ids)
