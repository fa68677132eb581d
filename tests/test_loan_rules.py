from datetime import date

from odoo.tests import tagged
from odoo.tests.common import BaseCase

from ..models.loan_rules import (
    allocate,
    build_schedule,
    delinquency_bucket,
    overdue_interest,
)


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
        # Oldest instalment first: its overdue interest, interest, principal.
        taken, left = allocate(1250, dues)
        self.assertEqual(
            taken[0], {"overdue_interest": 100, "interest": 200, "principal": 950}
        )
        self.assertEqual(
            taken[1], {"overdue_interest": 0, "interest": 0, "principal": 0}
        )
        self.assertEqual(left, 0)
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

    def test_buckets(self):
        self.assertEqual(delinquency_bucket(0), "current")
        self.assertEqual(delinquency_bucket(1), "1_30")
        self.assertEqual(delinquency_bucket(30), "1_30")
        self.assertEqual(delinquency_bucket(31), "31_90")
        self.assertEqual(delinquency_bucket(90), "31_90")
        self.assertEqual(delinquency_bucket(91), "91_180")
        self.assertEqual(delinquency_bucket(180), "91_180")
        self.assertEqual(delinquency_bucket(181), "over_180")
