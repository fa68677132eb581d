"""The decision's date and the ledger's order hold on the server (issue 20).

A decision is dated on or after every step it rests on; its lateness is
judged on the day the server recorded it; a reversal is refused or allowed
by the order of the ledger (dates, then the order the server recorded the
entries in), never by comparing the ids of two tables. Over JSON-RPC as the
roles call it: refused with a clear message, nothing saved, no ERROR logged.
"""

import contextlib
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from ..tools.rehab_rules import agency_date
from .common import JsonRpcMixin, agency_today
from .common_loan import LoanCase

LOAN_FIELDS = [
    "state",
    "decision_date",
    "decision_recorded_date",
    "decided_by_id",
    "amount_approved",
    "is_decision_late",
    "outstanding_principal",
]


class _Undo(Exception):
    """Raised to roll a savepoint back."""


@tagged("post_install", "-at_install")
class TestDecisionGuardsOverRpc(JsonRpcMixin, HttpCase, LoanCase):
    def _reviewed(self, loan, meeting=date(2026, 5, 20)):
        self._wizard(
            "rehab.loan.review",
            loan,
            self.savings_user,
            meeting_date=meeting,
            members_present=4,
            note="Cả tổ nhất trí",
        ).action_record()

    def _confirmed(self, day="2026-06-04 09:00:00"):
        """An application reviewed on 20 May, confirmed on Thursday 4 June:
        the bank decides by Tuesday 9 June."""
        loan = self._application()
        self._reviewed(loan)
        with freeze_time(day):
            loan.with_user(self.chairman_user).action_confirm_commune()
        self.assertEqual(loan.decision_due_date, date(2026, 6, 9))
        return loan

    def _state(self, loan):
        self.env.invalidate_all()
        return loan.sudo().read(LOAN_FIELDS)

    def _decide_over_rpc(self, loan, typed, user=None, context=None):
        """(wizard id, error) of the bank's decision typed on ``typed``."""
        user = user or self.vbsp_user
        context = context or {}
        wizard, error = self.rpc(
            user,
            "rehab.loan.decide",
            "create",
            {
                "loan_id": loan.id,
                "decision": "approve",
                "decision_date": typed,
                "amount": 10_000_000,
                "term_months": 12,
                "grace_months": 0,
                "frequency": "1",
            },
            context=context,
        )
        self.assertFalse(error)
        __, error = self.rpc(
            user, "rehab.loan.decide", "action_decide", [wizard], context=context
        )
        return wizard, error

    def test_a_decision_is_dated_after_every_step_it_rests_on(self):
        loan = self._confirmed()
        before = self._state(loan)
        with self.assertNoLogs("odoo", "ERROR"):
            for typed, message in (
                (
                    "2026-06-01",
                    "The decision cannot be dated before the commune's "
                    "confirmation of 04/06/2026.",
                ),
                (
                    "2026-05-19",
                    "The decision cannot be dated before the commune's "
                    "confirmation of 04/06/2026.",
                ),
                (
                    fields.Date.to_string(agency_today() + timedelta(days=1)),
                    "The decision cannot be dated in the future.",
                ),
            ):
                with self.subTest(typed=typed):
                    __, error = self._decide_over_rpc(loan, typed)
                    self.assertIn(message, error or "")
        # Nothing decided (the wizards the client made are its own drafts).
        self.assertEqual(self._state(loan), before)
        self.assertEqual(loan.state, "confirmed")
        # In Vietnamese, the step is named as on the file.
        loan = loan.with_user(self.vbsp_user).with_context(lang="vi_VN")
        with self.assertRaisesRegex(
            UserError,
            "Quyết định cho vay không được ghi ngày trước ngày xác nhận của UBND xã, "
            "04/06/2026.",
        ):
            loan._decide(True, date(2026, 6, 3), "", amount=10_000_000, term=12)
        # On the day of the confirmation, the decision stands.
        with self.assertNoLogs("odoo", "ERROR"):
            __, error = self._decide_over_rpc(loan, "2026-06-04")
        self.assertFalse(error)
        self.assertEqual(loan.state, "approved")
        self.assertEqual(loan.decision_date, date(2026, 6, 4))

    def test_a_decision_recorded_late_stays_late_whatever_date_is_typed(self):
        loan = self._confirmed()
        # Recorded on Friday 12 June, after the due day (9 June): late, for
        # every date the bank may type, the due day and earlier included.
        for typed in (
            date(2026, 6, 4),
            date(2026, 6, 5),
            date(2026, 6, 8),
            date(2026, 6, 9),
            date(2026, 6, 10),
            date(2026, 6, 12),
        ):
            with (
                self.subTest(typed=typed),
                contextlib.suppress(_Undo),
                self.env.cr.savepoint(),
            ):
                with freeze_time("2026-06-12 10:00:00"):
                    loan.with_user(self.vbsp_user)._decide(
                        True, typed, "", amount=10_000_000, term=12
                    )
                self.assertEqual(loan.decision_date, typed)
                self.assertEqual(loan.decision_recorded_date, date(2026, 6, 12))
                self.assertTrue(loan.is_decision_late)
                # The daily run, later, leaves it late.
                with freeze_time("2026-07-01"):
                    self.Loan._cron_decision_clock()
                loan.invalidate_recordset(["is_decision_late"])
                self.assertTrue(loan.is_decision_late)
                self.assertIn(loan, self.Loan.search([("is_decision_late", "=", True)]))
                raise _Undo
            self.env.invalidate_all()
        # Recorded on the due day, the decision is in time.
        with freeze_time("2026-06-09 10:00:00"):
            loan.with_user(self.vbsp_user)._decide(
                True, date(2026, 6, 5), "", amount=10_000_000, term=12
            )
        self.assertFalse(loan.is_decision_late)
        # The recorded day is the server's: no client writes it.
        __, error = self.rpc(
            self.admin_user,
            "rehab.loan",
            "write",
            [loan.id],
            {"decision_recorded_date": "2026-06-05"},
        )
        self.assertTrue(error)
        self.assertEqual(loan.decision_recorded_date, date(2026, 6, 9))

    def test_a_decision_sent_late_over_rpc_is_late(self):
        loan = self._confirmed()
        # The agency's day by the server's clock, whatever the client's zone.
        today = agency_date()
        with self.assertNoLogs("odoo", "ERROR"):
            __, error = self._decide_over_rpc(
                loan, "2026-06-05", context={"tz": "Pacific/Pago_Pago"}
            )
        self.assertFalse(error)
        self.env.invalidate_all()
        self.assertEqual(loan.decision_date, date(2026, 6, 5))
        self.assertEqual(loan.decision_recorded_date, today)
        self.assertTrue(loan.is_decision_late)

    # Reversals follow the ledger's order

    def _ledger_loan(self):
        loan = self._disbursed()
        self.assertEqual(loan.state, "repaying")
        return loan

    def _push_ids(self, table, past):
        """The next ids of ``table`` beyond those ``past`` will give soon:
        the ids of two tables say nothing of the order of the entries."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT GREATEST(last_value, (SELECT last_value FROM %s)) FROM %s",
                SQL.identifier("%s_id_seq" % past),
                SQL.identifier("%s_id_seq" % table),
            )
        )
        [(last,)] = cr.fetchall()
        cr.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
            [table, last + 1000],
        )

    def _reverse_over_rpc(self, loan, repayment):
        wizard, error = self.rpc(
            self.vbsp_user,
            "rehab.loan.reverse",
            "create",
            {
                "loan_id": loan.id,
                "repayment_id": repayment.id,
                "reason": "Nhập nhầm người nộp",
            },
            context={},
        )
        self.assertFalse(error)
        __, error = self.rpc(
            self.vbsp_user,
            "rehab.loan.reverse",
            "action_reverse",
            [wizard],
            context={},
        )
        return error

    def test_a_repayment_after_a_risk_handling_is_reversed(self):
        loan = self._ledger_loan()
        bank = loan.with_user(self.vbsp_user)
        # The debt is frozen on 10 June; the risk's id is larger than any
        # repayment's to come.
        self._push_ids("rehab_loan_risk", "rehab_loan_repayment")
        bank._handle_risk(date(2026, 6, 10), "illness", "freeze", "Ốm nặng")
        bank._repay(date(2026, 6, 20), 1_000_000)
        risk, repayment = loan.risk_ids, loan.repayment_ids
        self.assertGreater(risk.id, repayment.id)
        self.assertLess(risk.ledger_sequence, repayment.ledger_sequence)
        # The repayment came after the risk handling: it is reversed.
        with self.assertNoLogs("odoo", "ERROR"):
            error = self._reverse_over_rpc(loan, repayment)
        self.assertFalse(error)
        self.env.invalidate_all()
        self.assertTrue(repayment.is_reversed)
        self.assertEqual(loan.outstanding_principal, 10_000_000)

    def test_a_repayment_before_a_risk_handling_stays(self):
        loan = self._ledger_loan()
        bank = loan.with_user(self.vbsp_user)
        # The repayment of 20 June, then a risk handled the same day: the
        # repayment's id is larger than the risk's.
        self._push_ids("rehab_loan_repayment", "rehab_loan_risk")
        bank._repay(date(2026, 6, 20), 1_000_000)
        bank._handle_risk(date(2026, 6, 20), "illness", "freeze", "Ốm nặng")
        risk, repayment = loan.risk_ids, loan.repayment_ids
        self.assertLess(risk.id, repayment.id)
        self.assertGreater(risk.ledger_sequence, repayment.ledger_sequence)
        self.env.invalidate_all()
        before = (
            self.env["rehab.loan.reversal"].sudo().search_count([]),
            loan.sudo().read(LOAN_FIELDS),
            loan.installment_ids.sudo().read(["principal_paid", "interest_paid"]),
        )
        with self.assertNoLogs("odoo", "ERROR"):
            error = self._reverse_over_rpc(loan, repayment)
        self.assertIn(
            "A risk was handled after this repayment: it cannot be reversed.",
            error or "",
        )
        self.env.invalidate_all()
        self.assertEqual(
            (
                self.env["rehab.loan.reversal"].sudo().search_count([]),
                loan.sudo().read(LOAN_FIELDS),
                loan.installment_ids.sudo().read(["principal_paid", "interest_paid"]),
            ),
            before,
        )
        self.assertFalse(repayment.is_reversed)

    def test_the_ledger_numbers_every_entry_in_one_order(self):
        loan = self._ledger_loan()
        bank = loan.with_user(self.vbsp_user)
        bank._repay(date(2026, 6, 20), 1_000_000)
        bank._handle_risk(date(2026, 6, 21), "illness", "freeze", "Ốm nặng")
        bank._repay(date(2026, 6, 22), 500_000)
        first, second = loan.repayment_ids.sorted("date")
        entries = [loan.disbursement_ids, first, loan.risk_ids, second]
        sequences = [entry.ledger_sequence for entry in entries]
        self.assertTrue(all(sequences))
        self.assertEqual(sequences, sorted(sequences))
        self.assertEqual(len(set(sequences)), len(sequences))
