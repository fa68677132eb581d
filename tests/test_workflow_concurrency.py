from functools import partial

from psycopg2.errors import LockNotAvailable

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.service.model import retrying
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools import SQL

from ..tools.rehab_rules import agency_date
from .common import RegistryCase, agency_today

CLEANED = (
    "rehab_loan_reversal",
    "rehab_loan_allocation",
    "rehab_loan_repayment",
    "rehab_loan_disbursement",
    "rehab_loan_installment",
)


@tagged("post_install", "-at_install")
class TestConcurrentSteps(TransactionCase):
    """Two users take the same step at once: one success, one clear message.

    Each race runs on two real connections over data committed in the demo
    commune of Châu Sơn (and removed afterwards): the first user's transaction
    holds its step open; the second user's step meanwhile waits on the row and
    gives up (a lock timeout); once the first commits, the second runs again
    through Odoo's own retry of concurrent requests (``retrying``), which first
    fails on the stale row (a serialization failure) and then reads the new
    state. The database's waits and failures are not muted: the lock a step
    takes fails without an ERROR line in the log (tools/locks.py), and the test
    runner fails on any.
    """

    def setUp(self):
        super().setUp()
        self.created = {}
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            ref = env.ref
            self.commune = ref("post_rehab_credit.company_chau_son")
            self.province_id = self.commune.province_id.id
            self.police = ref("post_rehab_credit.user_police_chau_son")
            self.chairman = ref("post_rehab_credit.user_chairman_chau_son")
            self.bank = ref("post_rehab_credit.user_vbsp_dinh_lap")
            self.savings = ref("post_rehab_credit.user_savings_chau_son")
            self.group = ref("post_rehab_credit.savings_group_chau_son_1")
            # The demo's slips are numbered in the commune's sequence: the race
            # numbers under a code of its own, restored afterwards.
            self.demo_admin_code = self.commune.admin_code
            self.admin_code = self.commune.admin_code = "99998"
            people = env["rehab.person"].create(
                [
                    RegistryCase.person_vals(
                        self.commune,
                        name="Người thử %s" % i,
                        citizen_id="02009090990%s" % i,
                    )
                    for i in range(3)
                ]
            )
            capital = env["rehab.capital.allocation"].create(
                {
                    "source": "vbsp",
                    "decision_number": "99/QĐ-THU",
                    "decision_date": "2026-01-02",
                    "company_id": ref("post_rehab_credit.company_lang_son_vbsp").id,
                    "amount": 10_000_000_000,
                }
            )
            record = env["rehab.monthly.list"].create(
                {"company_id": self.commune.id, "month_date": "2031-01-01"}
            )
            record._add_eligible_lines()
            record.with_user(self.police).action_submit()
            # The commune numbers its first slip: its sequence is put aside.
            sequences = env["ir.sequence"].search(
                [
                    ("code", "=", "rehab.referral.slip"),
                    ("company_id", "=", self.commune.id),
                ]
            )
            sequences.code = "rehab.referral.slip.aside"
            self.created = {
                "rehab_person": people.ids,
                "rehab_capital_allocation": capital.ids,
                "rehab_monthly_list": record.ids,
                "sequences_aside": sequences.ids,
            }
            self.record_id = record.id
            self.people = people.ids
        self.addCleanup(self._remove)

    def _remove(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            lists = self.created["rehab_monthly_list"]
            slips = env["rehab.referral.slip"].search([("list_id", "in", lists)]).ids
            loans = env["rehab.loan"].search([("slip_id", "in", slips)]).ids

            def delete(table, column, ids):
                cr.execute(
                    SQL(
                        "DELETE FROM %s WHERE %s IN %s",
                        SQL.identifier(table),
                        SQL.identifier(column),
                        tuple(ids) or (0,),
                    )
                )

            for model, ids in (
                ("rehab.loan", loans),
                ("rehab.monthly.list", lists),
                ("rehab.referral.slip", slips),
            ):
                cr.execute(
                    "DELETE FROM mail_activity WHERE res_model = %s AND res_id IN %s",
                    (model, tuple(ids) or (0,)),
                )
            for table in CLEANED:
                delete(table, "loan_id", loans)
            delete("rehab_loan", "id", loans)
            delete("rehab_referral_slip", "id", slips)
            delete("rehab_monthly_list", "id", lists)
            delete("rehab_person", "id", self.created["rehab_person"])
            delete(
                "rehab_capital_allocation",
                "id",
                self.created["rehab_capital_allocation"],
            )
            env["ir.sequence"].search(
                [
                    ("code", "=", "rehab.referral.slip"),
                    ("company_id", "=", self.commune.id),
                ]
            ).unlink()
            env["ir.sequence"].browse(
                self.created["sequences_aside"]
            ).code = "rehab.referral.slip"
            env["res.company"].browse(self.commune.id).admin_code = self.demo_admin_code

    def _race(self, first, second, user_first, user_second):
        """Run ``first`` and ``second`` (functions of an env) at once.

        Returns what the second gave in the end: its result, or its UserError.
        """
        cr1, cr2 = self.registry.cursor(), self.registry.cursor()
        try:
            env1 = api.Environment(cr1, user_first.id, {"lang": "en_US"})
            env2 = api.Environment(cr2, user_second.id, {"lang": "en_US"})
            first(env1)
            env1.flush_all()
            # Meanwhile: the second waits on the row, and gives up.
            cr2.execute("SET LOCAL lock_timeout = '300ms'")
            with self.assertRaises(LockNotAvailable):
                second(env2)
                env2.flush_all()
            cr2.rollback()
            env2.invalidate_all()
            # The second's next transaction starts before the first commits.
            cr2.execute("SELECT 1")
            cr1.commit()
            attempts = []

            def attempt():
                attempts.append(1)
                return second(env2)

            try:
                outcome = retrying(attempt, env2)
            except UserError as error:
                outcome = error
            # The stale first attempt failed and was run again.
            self.assertEqual(len(attempts), 2)
            cr2.commit()
            return outcome
        finally:
            cr1.close()
            cr2.close()

    def _env(self, cr, user=SUPERUSER_ID):
        return api.Environment(cr, user, {"lang": "en_US"})

    def _confirm(self, env):
        record = env["rehab.monthly.list"].browse(self.record_id)
        return record._confirm({})

    def _issue(self, line_id, env):
        line = env["rehab.monthly.list.line"].browse(line_id)
        return line.action_issue_slip()["res_id"]

    def test_concurrent_steps(self):
        # Two confirmations of one list.
        outcome = self._race(self._confirm, self._confirm, self.chairman, self.chairman)
        self.assertIsInstance(outcome, UserError)
        self.assertIn("is «Confirmed»", str(outcome))
        with self.registry.cursor() as cr:
            record = self._env(cr)["rehab.monthly.list"].browse(self.record_id)
            self.assertEqual(record.state, "confirmed")
            self.assertEqual(
                len(
                    record.message_ids.filtered(
                        lambda m: "List confirmed" in (m.body or "")
                    )
                ),
                1,
            )
            mine = record.line_ids.filtered(lambda x: x.person_id.id in self.people)
            lines = mine.ids
        # Two slips from one line: the police and the chairman at once.
        outcome = self._race(
            partial(self._issue, lines[0]),
            partial(self._issue, lines[0]),
            self.police,
            self.chairman,
        )
        self.assertIn("already has a valid or used slip", str(outcome))
        # The first slips of the commune's year, on two lines at once: both
        # issued, numbered one after the other in one sequence.
        second_id = self._race(
            partial(self._issue, lines[1]),
            partial(self._issue, lines[2]),
            self.police,
            self.police,
        )
        with self.registry.cursor() as cr:
            env = self._env(cr)
            slips = env["rehab.referral.slip"].search(
                [("line_id", "in", lines)], order="id"
            )
            self.assertEqual(len(slips), 3)
            self.assertEqual(slips[-1].id, second_id)
            year = agency_date().year
            self.assertEqual(
                sorted(slips.mapped("name")),
                ["%s/%s/PGT-%05d" % (self.admin_code, year, n) for n in (1, 2, 3)],
            )
            # The list goes to the bank; two loans, confirmed by the commune.
            env["rehab.monthly.list"].browse(self.record_id).with_user(
                self.police
            ).action_send()
            loans = env["rehab.loan"]
            for slip in slips:
                loan = loans.with_user(self.bank).create(
                    {
                        "slip_id": slip.id,
                        "purpose": "production",
                        "amount_requested": 10_000_000,
                        "term_months": 12,
                        "savings_group_id": self.group.id,
                    }
                )
                loan.with_user(self.savings)._review(True, agency_date(), 3, "Nhất trí")
                loan.with_user(self.chairman).action_confirm_commune()
                loans |= loan
            decided, repaid, spare = loans
            for loan in (repaid, spare):
                loan.with_user(self.bank)._decide(
                    True, agency_date(), "", amount=10_000_000, term=12
                )
            repaid.with_user(self.bank)._disburse(agency_date(), 10_000_000)
            ids = decided.id, repaid.id, spare.id

        # Two decisions on one loan: one approves, one rejects.
        def approve(env):
            env["rehab.loan"].browse(ids[0])._decide(
                True, agency_date(), "", amount=10_000_000, term=12
            )

        def reject(env):
            env["rehab.loan"].browse(ids[0])._decide(False, agency_date(), "Hết vốn")

        outcome = self._race(approve, reject, self.bank, self.bank)
        self.assertIn("is «Approved»", str(outcome))

        # Two repayments posted at once on the same instalments: both stand,
        # each allocated after the other, nothing paid twice.
        def repay(env):
            env["rehab.loan"].browse(ids[1])._repay(agency_date(), 2_000_000)

        self._race(repay, repay, self.bank, self.bank)
        with self.registry.cursor() as cr:
            env = self._env(cr)
            decided, repaid, __ = env["rehab.loan"].browse(ids)
            self.assertEqual(decided.state, "approved")
            self.assertEqual(len(repaid.repayment_ids), 2)
            self.assertEqual(
                sum(repaid.installment_ids.mapped("principal_paid"))
                + sum(repaid.installment_ids.mapped("interest_paid")),
                4_000_000,
            )
            self.assertEqual(repaid.outstanding_principal, 6_000_000)
            self.assertEqual(agency_today(), repaid.repayment_ids[0].date)

        self._race_for_the_last_capital(ids)
        self._race_reversal_against_a_disbursement(ids)

    def _race_for_the_last_capital(self, ids):
        """Two disbursements at once against the last 15,000,000 đồng of the
        province's capital: the first is paid out, the second clearly refused."""
        self._last_capital(15_000_000)

        def disburse(loan_id, env):
            env["rehab.loan"].browse(loan_id)._disburse(agency_date(), 10_000_000)

        outcome = self._race(
            partial(disburse, ids[0]), partial(disburse, ids[2]), self.bank, self.bank
        )
        self.assertIsInstance(outcome, UserError)
        self.assertIn("available to lend", str(outcome))
        self.assertIn("5.000.000", str(outcome))
        with self.registry.cursor() as cr:
            env = self._env(cr)
            decided, __, spare = env["rehab.loan"].browse(ids)
            self.assertEqual(decided.disbursed_amount, 10_000_000)
            self.assertFalse(spare.disbursement_ids)
            self.assertEqual(spare.state, "approved")
            position = env["rehab.capital.position"].search(
                [("province_id", "=", self.province_id)]
            )
            self.assertEqual(position.available, 5_000_000)

    def _race_reversal_against_a_disbursement(self, ids):
        """A repayment reversed (its principal outstanding again) while the
        last of the capital is paid out: the disbursement waits for the
        reversal, then is refused on the capital the reversal left."""
        with self.registry.cursor() as cr:
            repayment = (
                self._env(cr)["rehab.loan"]
                .browse(ids[1])
                .repayment_ids.sorted("id")[-1]
            )
            repayment_id = repayment.id
            principal = sum(repayment.allocation_ids.mapped("principal"))
        self.assertGreater(principal, 0)
        # Enough for the spare loan's 10,000,000 before the reversal, not after.
        self._last_capital(10_000_000 + principal - 1)

        def reverse(env):
            loan = env["rehab.loan"].browse(ids[1])
            loan._reverse(env["rehab.loan.repayment"].browse(repayment_id), "Nhập nhầm")

        def disburse(env):
            env["rehab.loan"].browse(ids[2])._disburse(agency_date(), 10_000_000)

        outcome = self._race(reverse, disburse, self.bank, self.bank)
        self.assertIsInstance(outcome, UserError)
        self.assertIn("available to lend", str(outcome))
        with self.registry.cursor() as cr:
            env = self._env(cr)
            repaid, spare = env["rehab.loan"].browse(ids[1:])
            self.assertEqual(len(repaid.reversal_ids), 1)
            self.assertFalse(spare.disbursement_ids)
            position = env["rehab.capital.position"].search(
                [("province_id", "=", self.province_id)]
            )
            self.assertEqual(position.available, 9_999_999)

    def _last_capital(self, amount):
        """The province's capital available to lend set to ``amount``: its other
        allocations put aside (restored afterwards), the race's own set to what
        is lent out and lost plus ``amount``."""
        province = self.province_id
        mine = self.created["rehab_capital_allocation"][0]
        with self.registry.cursor() as cr:
            cr.execute(
                "UPDATE rehab_capital_allocation SET province_id = NULL"
                " WHERE province_id = %s AND id != %s RETURNING id",
                [province, mine],
            )
            aside = [row[0] for row in cr.fetchall()]
            position = self._env(cr)["rehab.capital.position"].search(
                [("province_id", "=", province)]
            )
            cr.execute(
                "UPDATE rehab_capital_allocation SET amount = amount - %s"
                " WHERE id = %s",
                [position.available - amount, mine],
            )

        def restore():
            with self.registry.cursor() as cr:
                cr.execute(
                    "UPDATE rehab_capital_allocation SET province_id = %s"
                    " WHERE id IN %s",
                    [province, tuple(aside) or (0,)],
                )

        self.addCleanup(restore)
