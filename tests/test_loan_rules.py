from datetime import date

from odoo.tests import tagged
from odoo.tests.common import BaseCase

from ..tools.loan_rules import (
    accrue,
    allocate,
    build_schedule,
    delinquency,
    delinquency_bucket,
    due_by,
    figures_as_of,
    first_session_due,
    overdue_interest,
    owed_on,
    parse_extension_detail,
    remaining,
    split,
)
from ..tools.rehab_rules import new_loan_block


@tagged("post_install", "-at_install")
class TestLoanArithmetic(BaseCase):
    def test_monthly_schedule(self):
        rows = build_schedule(
            10_000_000,
            date(2026, 6, 1),
            term_months=12,
            grace_months=0,
            frequency=1,
            annual_rate=6.6,
        )
        self.assertEqual(len(rows), 12)
        self.assertEqual(sum(r["principal"] for r in rows), 10_000_000)
        self.assertEqual([r["principal"] for r in rows[:11]], [833_333] * 11)
        # The last instalment takes the rounding.
        self.assertEqual(rows[-1]["principal"], 833_337)
        self.assertEqual(rows[0]["interest"], 55_000)
        self.assertEqual(rows[1]["interest"], 50_417)  # 9,166,667 × 0.55 %
        self.assertEqual(rows[0]["due_date"], date(2026, 7, 1))
        self.assertEqual(rows[-1]["due_date"], date(2027, 6, 1))

    def test_quarterly_schedule_with_grace(self):
        rows = build_schedule(
            12_000_000,
            date(2026, 1, 31),
            term_months=12,
            grace_months=3,
            frequency=3,
            annual_rate=6.6,
        )
        self.assertEqual(
            [r["principal"] for r in rows], [0, 4_000_000, 4_000_000, 4_000_000]
        )
        self.assertEqual(
            [r["interest"] for r in rows], [198_000, 198_000, 132_000, 66_000]
        )
        self.assertEqual(
            [r["due_date"] for r in rows],
            [
                date(2026, 4, 30),
                date(2026, 7, 31),
                date(2026, 10, 31),
                date(2027, 1, 31),
            ],
        )

    def test_first_session_due(self):
        # Disbursed on the 6th, session on the 17th, 15 days at least: the
        # 17th of the month after (the 17th of the same month is 11 days on).
        self.assertEqual(first_session_due(date(2026, 3, 6), 17, 15), date(2026, 4, 17))
        # Disbursed on the 2nd: the 17th is exactly 15 days on, it counts.
        self.assertEqual(first_session_due(date(2026, 3, 2), 17, 15), date(2026, 3, 17))
        self.assertEqual(first_session_due(date(2026, 3, 3), 17, 15), date(2026, 4, 17))
        # A session on the 31st is held on the month's last day.
        self.assertEqual(
            first_session_due(date(2026, 1, 20), 31, 15), date(2026, 2, 28)
        )
        self.assertEqual(
            first_session_due(date(2026, 1, 10), 31, 15), date(2026, 1, 31)
        )
        # Quarterly instalments: a quarter less a month, and the days, at least.
        self.assertEqual(
            first_session_due(date(2026, 3, 6), 17, 15, frequency=3), date(2026, 6, 17)
        )
        # No days at all: the session of the disbursement day itself counts.
        self.assertEqual(first_session_due(date(2026, 3, 17), 17, 0), date(2026, 3, 17))

    def test_schedule_on_the_session_day(self):
        rows = build_schedule(
            12_000_000,
            date(2026, 1, 6),
            term_months=12,
            grace_months=0,
            frequency=1,
            annual_rate=6.6,
            first_due=date(2026, 2, 17),
            due_day=17,
        )
        self.assertEqual(
            [r["due_date"] for r in rows],
            [date(2026, m, 17) for m in range(2, 13)] + [date(2027, 1, 17)],
        )
        # The same money as the schedule on the disbursement day.
        plain = build_schedule(
            12_000_000,
            date(2026, 1, 6),
            term_months=12,
            grace_months=0,
            frequency=1,
            annual_rate=6.6,
        )
        for key in ("principal", "interest"):
            self.assertEqual([r[key] for r in rows], [r[key] for r in plain])
        # Day 31: the month's last day; a session moved: the day it is held.
        rows = build_schedule(
            3_000_000,
            date(2026, 1, 10),
            term_months=3,
            grace_months=0,
            frequency=1,
            annual_rate=6.6,
            first_due=date(2026, 1, 31),
            due_day=31,
            moved={date(2026, 2, 28): date(2026, 3, 2)},
        )
        self.assertEqual(
            [r["due_date"] for r in rows],
            [date(2026, 1, 31), date(2026, 3, 2), date(2026, 3, 31)],
        )

    def test_sheet_figures_are_what_is_booked(self):
        """A borrower two instalments behind brings exactly the interest the
        sheet shows: all of it is booked as interest, none as principal."""
        day = date(2026, 5, 17)
        rows = [
            {
                "due_date": due,
                "principal_remaining": 3_078_968,
                "interest_remaining": interest,
                "overdue_principal_days": 0,
                "accrued_to": None,
                "overdue_interest_settled": 0,
            }
            for due, interest in (
                (date(2026, 3, 17), 2_200_000),
                (date(2026, 4, 17), 2_187_273),
                (date(2026, 6, 17), 2_170_000),
            )
        ]
        rates = {"annual_rate": 6.6, "overdue_multiplier": 130.0}
        sheet = due_by(day, rows, **rates)
        self.assertEqual(sheet["interest"], 4_387_273)
        owed = owed_on(day, rows, **rates)
        booked = split(sheet["overdue_interest"] + sheet["interest"], owed)
        self.assertEqual(booked["principal"], 0)
        self.assertEqual(booked["interest"], 4_387_273)
        self.assertEqual(booked["overdue_interest"], sheet["overdue_interest"])
        # The whole sheet: the sheet's split, nothing left, nothing prepaid.
        booked = split(sheet["total"], owed)
        self.assertEqual(
            booked,
            {
                "overdue_interest": sheet["overdue_interest"],
                "interest": sheet["interest"],
                "principal": sheet["principal"],
                "left": 0,
            },
        )

    def test_schedule_refuses_broken_periods(self):
        with self.assertRaises(ValueError):
            build_schedule(
                1,
                date(2026, 1, 1),
                term_months=10,
                grace_months=0,
                frequency=3,
                annual_rate=6.6,
            )
        with self.assertRaises(ValueError):
            build_schedule(
                1,
                date(2026, 1, 1),
                term_months=12,
                grace_months=12,
                frequency=1,
                annual_rate=6.6,
            )

    def test_allocation_order(self):
        dues = [
            {"due": True, "overdue_interest": 100, "interest": 200, "principal": 1000},
            {"due": True, "overdue_interest": 50, "interest": 200, "principal": 1000},
            {"due": False, "overdue_interest": 0, "interest": 180, "principal": 1000},
        ]
        # The overdue interest of every instalment due, then their interest,
        # then their principal, each oldest first.
        taken, left = allocate(1250, dues)
        self.assertEqual(
            taken[0], {"overdue_interest": 100, "interest": 200, "principal": 700}
        )
        self.assertEqual(
            taken[1], {"overdue_interest": 50, "interest": 200, "principal": 0}
        )
        self.assertEqual(left, 0)
        # Exactly the overdue interest and interest due: no principal booked.
        self.assertEqual(
            split(550, dues),
            {"overdue_interest": 150, "interest": 400, "principal": 0, "left": 0},
        )
        taken, __ = allocate(120, dues)
        self.assertEqual(taken[0]["overdue_interest"], 100)
        self.assertEqual(taken[1]["overdue_interest"], 20)
        # More than is due: the rest prepays the principal of later instalments.
        taken, left = allocate(2900, dues)
        self.assertEqual(
            taken[1], {"overdue_interest": 50, "interest": 200, "principal": 1000}
        )
        self.assertEqual(
            taken[2], {"overdue_interest": 0, "interest": 0, "principal": 350}
        )
        self.assertEqual(left, 0)
        # More than the whole loan owes is left over.
        __, left = allocate(10_000, dues)
        self.assertEqual(left, 10_000 - 2550 - 1000)

    def test_overdue_interest_by_hand(self):
        # 833,333 đồng overdue for 30 days at 6.6 % × 130 %:
        # 833,333 × 30 × 0.066 × 1.3 / 365 = 5,876.71 → 5,877 đồng.
        self.assertEqual(overdue_interest(833_333 * 30, 6.6, 130), 5_877)
        self.assertEqual(overdue_interest(0, 6.6, 130), 0)

    def test_accrual_by_hand(self):
        line = {
            "due_date": date(2026, 3, 10),
            "accrued_to": None,
            "principal_remaining": 1_000_000,
            "overdue_principal_days": 0,
        }
        # First accrued on 20 March: 10 days; again on the same day: nothing.
        self.assertEqual(
            accrue(line, date(2026, 3, 20)), (10_000_000, date(2026, 3, 20))
        )
        line.update(overdue_principal_days=10_000_000, accrued_to=date(2026, 3, 20))
        self.assertEqual(
            accrue(line, date(2026, 3, 20)), (10_000_000, date(2026, 3, 20))
        )
        # Paid since: the days stop, the day moves on.
        line["principal_remaining"] = 0
        self.assertEqual(
            accrue(line, date(2026, 3, 25)), (10_000_000, date(2026, 3, 25))
        )
        # Not due yet: accrued to its due date, nothing owed.
        line.update(accrued_to=None, due_date=date(2026, 4, 10))
        self.assertEqual(
            accrue(line, date(2026, 3, 25)), (10_000_000, date(2026, 4, 10))
        )

    def test_remaining_by_hand(self):
        line = {
            "principal": 1_000,
            "principal_paid": 400,
            "principal_written_off": 100,
            "interest": 50,
            "interest_paid": 60,
            "interest_waived": 0,
            "overdue_interest": 30,
            "overdue_interest_paid": 10,
            "overdue_interest_waived": 20,
        }
        self.assertEqual(
            remaining(line),
            {
                "principal_remaining": 500,
                "interest_remaining": 0,
                "overdue_interest_remaining": 0,
                "is_paid": False,
            },
        )
        line["principal_paid"] = 900
        self.assertTrue(remaining(line)["is_paid"])

    def test_delinquency_by_hand(self):
        day = date(2026, 5, 1)
        self.assertEqual(
            delinquency(day, True, date(2026, 3, 1), 2_000_000, 9_000_000),
            {
                "overdue_principal": 2_000_000,
                "days_past_due": 61,
                "delinquency_bucket": "31_90",
                "par30_principal": 9_000_000,
            },
        )
        # Closed, or nothing unpaid: past due no more.
        for running, oldest in ((False, date(2026, 3, 1)), (True, None)):
            figures = delinquency(day, running, oldest, 0, 9_000_000)
            self.assertEqual(figures["days_past_due"], 0)
            self.assertEqual(figures["delinquency_bucket"], "current")
            self.assertEqual(figures["par30_principal"], 0)

    def test_buckets(self):
        self.assertEqual(delinquency_bucket(0), "current")
        self.assertEqual(delinquency_bucket(1), "1_30")
        self.assertEqual(delinquency_bucket(30), "1_30")
        self.assertEqual(delinquency_bucket(31), "31_90")
        self.assertEqual(delinquency_bucket(90), "31_90")
        self.assertEqual(delinquency_bucket(91), "91_180")
        self.assertEqual(delinquency_bucket(180), "91_180")
        self.assertEqual(delinquency_bucket(181), "over_180")


LOAN = {
    "interest_rate": 6.6,
    "overdue_multiplier": 130.0,
    "term_months": 12,
    "grace_months": 0,
    "frequency": 1,
}


def _schedule(amount=10_000_000):
    return [
        dict(row, original_due_date=row["due_date"])
        for row in build_schedule(
            amount,
            date(2026, 6, 1),
            term_months=12,
            grace_months=0,
            frequency=1,
            annual_rate=6.6,
        )
    ]


def _payment(sequence, day, principal=0, reversed_on=None, **parts):
    return dict(
        {"interest": 0, "overdue_interest": 0, "interest_waived": 0},
        sequence=sequence,
        date=day,
        reversed_on=reversed_on,
        principal=principal,
        **parts,
    )


@tagged("post_install", "-at_install")
class TestFiguresAsOf(BaseCase):
    """The figures of a loan on a day, from its ledger, without a database."""

    def _figures(self, day, **ledger):
        ledger.setdefault("installments", _schedule())
        ledger.setdefault("disbursements", [(date(2026, 6, 1), 10_000_000)])
        ledger.setdefault("payments", [])
        return figures_as_of(day, LOAN, **ledger)

    def test_extension_detail(self):
        self.assertEqual(
            parse_extension_detail("2: 01/08/2026 → 01/11/2026\nnot a move"),
            [(2, date(2026, 8, 1), date(2026, 11, 1))],
        )

    def test_overdue_by_hand(self):
        self.assertIsNone(self._figures(date(2026, 5, 31)))
        figures = self._figures(date(2026, 7, 31))
        # 833,333 đồng 30 days overdue at 6.6 % × 130 %: 5,877 đồng.
        self.assertEqual(figures["overdue_interest"], 5_877)
        self.assertEqual(figures["days_past_due"], 30)
        self.assertEqual(figures["overdue_principal"], 833_333)
        self.assertEqual(figures["par30_principal"], 0)
        figures = self._figures(date(2026, 8, 1))
        self.assertEqual(figures["delinquency_bucket"], "31_90")
        self.assertEqual(figures["par30_principal"], 10_000_000)

    def test_reversal_counts_from_its_date(self):
        paid = _payment(
            1,
            date(2026, 7, 10),
            833_333,
            date(2026, 8, 5),
            interest=55_000,
            overdue_interest=overdue_interest(833_333 * 9, 6.6, 130),
        )
        on_time = self._figures(date(2026, 7, 31), payments=[paid])
        self.assertEqual(on_time["outstanding_principal"], 10_000_000 - 833_333)
        self.assertEqual(on_time["days_past_due"], 0)
        after = self._figures(date(2026, 8, 5), payments=[paid])
        self.assertEqual(after["outstanding_principal"], 10_000_000)
        self.assertEqual(after["days_past_due"], 35)

    def test_extension_and_freeze_count_from_their_date(self):
        ledger = {
            "extensions": [
                (date(2026, 7, 20), 1, [(1, date(2026, 7, 1), date(2026, 10, 1))])
            ],
            "risks": [(date(2026, 7, 10), 1, "freeze")],
        }
        before = self._figures(date(2026, 7, 15), **ledger)
        self.assertEqual(before["days_past_due"], 14)
        self.assertEqual(before["status"], "frozen")
        # Overdue interest stopped with the freeze: 833,333 × 9 days.
        self.assertEqual(
            before["overdue_interest"], overdue_interest(833_333 * 9, 6.6, 130)
        )
        after = self._figures(date(2026, 7, 25), **ledger)
        self.assertEqual(after["days_past_due"], 0)
        self.assertEqual(after["overdue_principal"], 0)

    def test_a_later_tranche_remade_the_schedule(self):
        figures = self._figures(
            date(2026, 7, 5),
            disbursements=[
                (date(2026, 6, 1), 4_000_000),
                (date(2026, 8, 1), 6_000_000),
            ],
        )
        self.assertEqual(figures["outstanding_principal"], 4_000_000)
        self.assertEqual(figures["overdue_principal"], 333_333)
        self.assertEqual(figures["disbursed_amount"], 4_000_000)


@tagged("post_install", "-at_install")
class TestNewLoanBlock(BaseCase):
    def test_boundaries(self):
        params = {"individual_ceiling": 100, "new_loan_overdue_days": 30}
        self.assertIsNone(new_loan_block(99, 29, False, params))
        self.assertEqual(new_loan_block(100, 0, False, params), "ceiling")
        self.assertEqual(new_loan_block(0, 30, False, params), "overdue")
        self.assertEqual(new_loan_block(100, 30, True, params), "recovery")
        self.assertIsNone(
            new_loan_block(0, 400, False, dict(params, new_loan_overdue_days=0))
        )
