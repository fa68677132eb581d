import contextlib
import io
import logging
import os
from datetime import date

import openpyxl
from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree
from markupsafe import escape
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged
from odoo.tests.common import BaseCase
from odoo.tools import mute_logger

from ..tools.loan_rules import due_by, format_vnd, overdue_interest, session_date
from .common import CLIENT_KEYS, JsonRpcMixin, set_rule, xlsx_heading, xlsx_table
from .common_bad_input import BadInputMixin, _Undo
from .common_session import SessionCase
from .queue_jobs import perform_queued_jobs

_logger = logging.getLogger(__name__)


def _clock():
    """Seconds elapsed, which freezegun does not freeze (to 1/100 s)."""
    return os.times().elapsed


PREFIX = "post_rehab_credit."
STEP = "post_rehab_credit.mail_activity_type_step"
# 833,333 đồng of principal overdue 31 days (15 July to 15 August) at 6.6 %
# a year × 130 %: 833,333 × 31 × 0.066 × 1.3 / 365 = 6,072.6 → 6,073 đồng.
LATE_OVERDUE_INTEREST = 6_073


@tagged("post_install", "-at_install")
class TestSessionArithmetic(BaseCase):
    """The calendar and what falls due, as plain functions."""

    def test_a_month_without_the_day_holds_it_on_its_last(self):
        self.assertEqual(session_date(date(2027, 1, 9), 31), date(2027, 1, 31))
        self.assertEqual(session_date(date(2027, 2, 1), 31), date(2027, 2, 28))
        self.assertEqual(session_date(date(2028, 2, 1), 31), date(2028, 2, 29))
        self.assertEqual(session_date(date(2028, 2, 1), 30), date(2028, 2, 29))
        self.assertEqual(session_date(date(2027, 4, 30), 31), date(2027, 4, 30))
        self.assertEqual(session_date(date(2027, 12, 1), 31), date(2027, 12, 31))
        self.assertEqual(session_date(date(2027, 4, 30), 1), date(2027, 4, 1))
        self.assertEqual(session_date(date(2027, 4, 1), 15), date(2027, 4, 15))

    @staticmethod
    def _line(due, principal, interest, **values):
        line = {
            "due_date": due,
            "principal_remaining": principal,
            "interest_remaining": interest,
            "overdue_principal_days": 0,
            "accrued_to": None,
            "overdue_interest_settled": 0,
        }
        line.update(values)
        return line

    def test_due_by_hand_for_on_time_late_and_prepaying_members(self):
        rates = {"annual_rate": 6.6, "overdue_multiplier": 130}
        day = date(2026, 8, 15)
        # On time: paid July's instalment; August's falls due on the day.
        on_time = [
            self._line(date(2026, 7, 15), 0, 0),
            self._line(date(2026, 8, 15), 833_333, 50_417),
            self._line(date(2026, 9, 15), 833_333, 45_833),
        ]
        self.assertEqual(
            due_by(day, on_time, **rates),
            {
                "overdue_interest": 0,
                "interest": 50_417,
                "principal": 833_333,
                "total": 883_750,
            },
        )
        # Late: July's instalment unpaid, 31 days overdue by the session.
        late = [
            self._line(date(2026, 7, 15), 833_333, 55_000),
            self._line(date(2026, 8, 15), 833_333, 50_417),
            self._line(date(2026, 9, 15), 833_333, 45_833),
        ]
        self.assertEqual(
            overdue_interest(833_333 * 31, 6.6, 130), LATE_OVERDUE_INTEREST
        )
        self.assertEqual(
            due_by(day, late, **rates),
            {
                "overdue_interest": LATE_OVERDUE_INTEREST,
                "interest": 105_417,
                "principal": 1_666_666,
                "total": LATE_OVERDUE_INTEREST + 105_417 + 1_666_666,
            },
        )
        # Accrued by the daily run up to 1 August (17 days), paid 2,000 of
        # it: the rest is accrued up to the session's day all the same.
        late[0].update(
            overdue_principal_days=833_333 * 17,
            accrued_to=date(2026, 8, 1),
            overdue_interest_settled=2_000,
        )
        self.assertEqual(
            due_by(day, late, **rates)["overdue_interest"],
            LATE_OVERDUE_INTEREST - 2_000,
        )
        # Frozen: nothing more accrues.
        self.assertEqual(
            due_by(day, late, frozen=True, **rates)["overdue_interest"],
            overdue_interest(833_333 * 17, 6.6, 130) - 2_000,
        )
        # Prepaying: August's principal prepaid in July, only its interest due.
        prepaying = [
            self._line(date(2026, 7, 15), 0, 0),
            self._line(date(2026, 8, 15), 0, 50_417),
            self._line(date(2026, 9, 15), 666_666, 45_833),
        ]
        self.assertEqual(
            due_by(day, prepaying, **rates),
            {
                "overdue_interest": 0,
                "interest": 50_417,
                "principal": 0,
                "total": 50_417,
            },
        )
        # The day before, nothing of August has fallen due.
        self.assertEqual(due_by(date(2026, 8, 14), prepaying, **rates)["total"], 0)


@tagged("post_install", "-at_install")
class TestSessionCalendar(SessionCase):
    def _sessions(self, point):
        return self.Session.search([("point_id", "=", point.id)], order="date")

    def test_cron_plans_ahead_across_a_month_end_and_a_moved_holiday(self):
        point = self._make_point(31, self.commune_a2)
        with freeze_time("2027-01-20"):
            self.Session._cron_plan_sessions()
            sessions = self._sessions(point)
            self.assertEqual(
                sessions.mapped("date"), [date(2027, 1, 31), date(2027, 2, 28)]
            )
            self.assertEqual(
                sessions.mapped("period_month"), [date(2027, 1, 1), date(2027, 2, 1)]
            )
            january = sessions[0]
            self.assertEqual(january.place, "Trụ sở UBND xã A1")
            self.assertEqual(january.state, "planned")
            self.assertEqual(
                (january.leader_id, january.controller_id, january.teller_id),
                (self.leader, self.controller, self.teller),
            )
            # A to-do for the team's leader (the session's steps are his), due
            # on the day; none for the controller and the teller.
            todos = january.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref(STEP)
            )
            self.assertEqual(todos.user_id, self.leader)
            self.assertEqual(len(todos), 1)
            self.assertEqual(set(todos.mapped("date_deadline")), {date(2027, 1, 31)})
            # A second run the same day plans nothing.
            self.Session._cron_plan_sessions()
            self.assertEqual(self._sessions(point), sessions)
        # 31 January is Tết's eve: the session moves to 2 February.
        with freeze_time("2027-01-25"):
            wizard = Form(
                self.env["rehab.transaction.session.move"]
                .with_user(self.other_officer)
                .with_context(default_session_id=january.id)
            )
            wizard.new_date = date(2027, 2, 2)
            wizard.reason = "Nghỉ Tết Nguyên đán"
            wizard.save().action_move()
        self.assertEqual(january.date, date(2027, 2, 2))
        self.assertEqual(january.scheduled_date, date(2027, 1, 31))
        self.assertTrue(january.is_moved)
        self.assertIn("Nghỉ Tết Nguyên đán", january.message_ids[0].body)
        self.assertIn("31/01/2027", january.message_ids[0].body)
        todos = january.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(STEP)
        )
        self.assertEqual(set(todos.mapped("date_deadline")), {date(2027, 2, 2)})
        # February: January's session, moved into it, is still January's.
        with freeze_time("2027-02-01"):
            self.Session._cron_plan_sessions()
        self.assertEqual(
            self._sessions(point).mapped("date"),
            [date(2027, 2, 2), date(2027, 2, 28), date(2027, 3, 31)],
        )
        with freeze_time("2027-03-31"):
            self.Session._cron_plan_sessions()
        with freeze_time("2027-04-01"):
            self.Session._cron_plan_sessions()
        self.assertEqual(
            self._sessions(point).mapped("date")[-2:],
            [date(2027, 4, 30), date(2027, 5, 31)],
        )

    def test_moving_a_session_is_checked(self):
        with freeze_time("2027-01-10"):
            self.Session._cron_plan_sessions()
            first, second = self._sessions(self.point)
            bank = first.with_user(self.vbsp_user)
            with self.assertRaisesRegex(UserError, "reason"):
                bank._move(date(2027, 1, 18), "  ")
            with self.assertRaisesRegex(UserError, "already past"):
                bank._move(date(2027, 1, 9), "Lễ")
            with self.assertRaisesRegex(UserError, "already has a session"):
                bank._move(second.date, "Lễ")
            with self.assertRaises(AccessError):
                first.with_user(self.savings_user)._move(date(2027, 1, 22), "Lễ")
            with self.assertRaises(AccessError):
                first.with_user(self.officer_b)._move(date(2027, 1, 22), "Lễ")
            # The date changes only by the step, with its reason.
            with self.assertRaisesRegex(UserError, "change only through the steps"):
                bank.write({"date": date(2027, 1, 22)})
            self.assertEqual(first.date, date(2027, 1, 15))
            bank.write({"place": "Nhà văn hóa thôn Bản Khòn"})
            self.assertEqual(first.place, "Nhà văn hóa thôn Bản Khòn")

    def test_scheduled_action_record_runs(self):
        with freeze_time("2026-08-01"):
            self.env.ref(
                "post_rehab_credit.ir_cron_transaction_sessions"
            ).method_direct_trigger()
            # The scheduled action enqueues the jobs; the job runner does them.
            self.assertTrue(perform_queued_jobs(self.env))
        self.assertEqual(
            self._sessions(self.point).mapped("date"),
            [date(2026, 8, 15), date(2026, 9, 15)],
        )
        # Not this month's when its day is past: 16 August plans September's,
        # from the point's button as from the daily run.
        point = self._make_point(15, self.commune_a2)
        with freeze_time("2026-08-16"):
            with self.assertRaises(AccessError):
                point.with_user(self.savings_user).action_plan_sessions()
            action = point.with_user(self.other_officer).action_plan_sessions()
            self.assertEqual(action["domain"], [("point_id", "=", point.id)])
            self.Session._cron_plan_sessions()
        self.assertEqual(self._sessions(point).mapped("date"), [date(2026, 9, 15)])

    def test_point_bad_input_makes_nothing(self):
        Point = self.Point.with_user(self.vbsp_user)
        count = self.Point.search_count([])
        base = {
            "name": "Trụ sở",
            "vbsp_office_id": self.office_a.id,
            "company_id": self.commune_a2.id,
        }
        cases = [
            ({"session_day": 0}, "between 1 and 31"),
            ({"session_day": 32}, "between 1 and 31"),
            ({"company_id": self.commune_a3.id}, "does not serve"),
            (
                {"leader_id": self.teller.id, "teller_id": self.teller.id},
                "three different people",
            ),
            ({"teller_id": self.officer_b.id}, "not a VBSP officer of"),
            ({"controller_id": self.savings_user.id}, "not a VBSP officer of"),
        ]
        for values, message in cases:
            with (
                self.subTest(values=values),
                self.assertRaisesRegex(ValidationError, message),
                self.env.cr.savepoint(),
            ):
                Point.create(dict(base, **values))
        self.assertEqual(self.Point.search_count([]), count)
        # Through the form as well: the day of the month.
        form = Form(Point)
        form.vbsp_office_id = self.office_a
        form.company_id = self.commune_a2
        self.assertEqual(form.name, "Office of Test commune A2")
        form.session_day = 40
        with (
            self.assertRaisesRegex(ValidationError, "between 1 and 31"),
            self.env.cr.savepoint(),
        ):
            form.save()
        self.assertEqual(self.Point.search_count([]), count)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            Point.create(dict(base, company_id=self.commune_a1.id))
        # Another office's officer makes no point of office A.
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.Point.with_user(self.officer_b).create(base)
        # The commune police do not see the transaction day at all.
        with self.assertRaises(AccessError):
            self.Point.with_user(self.police_user).search([])
        with self.assertRaises(AccessError):
            self.Session.with_user(self.chairman_user).search([])

    def test_opening_takes_the_team_on_the_day(self):
        self._group_of_three()
        session = self._session()
        with freeze_time("2026-08-14"):
            with self.assertRaisesRegex(UserError, "before its day"):
                session.with_user(self.leader).action_open()
        with freeze_time("2026-08-15"):
            with self.assertRaisesRegex(AccessError, "Team leader"):
                session.with_user(self.other_officer).action_open()
            with self.assertRaises(AccessError):
                session.with_user(self.savings_user).action_open()
            with self.assertRaises(AccessError):
                session.with_user(self.officer_b).action_open()
            session.with_user(self.leader).write({"teller_id": False})
            with self.assertRaisesRegex(UserError, "has no teller"):
                session.with_user(self.leader).action_open()
            with self.assertRaisesRegex(ValidationError, "three different people"):
                session.with_user(self.leader).write({"teller_id": self.leader.id})
            session.with_user(self.leader).write({"teller_id": self.other_officer.id})
            session.with_user(self.controller).action_open()
        self.assertEqual(session.state, "open")
        self.assertEqual(session.opened_by_id, self.controller)
        # Opening closed the planning to-do and gave the leader the next one.
        todos = session.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(STEP)
        )
        self.assertEqual(todos.user_id, self.leader)
        self.assertEqual(len(todos), 1)
        # The team is frozen once the session is open.
        with self.assertRaisesRegex(UserError, "frozen"):
            session.with_user(self.leader).write({"teller_id": self.teller.id})


@tagged("post_install", "-at_install")
class TestCollectionSheet(SessionCase):
    def test_sheet_figures_by_hand(self):
        self._group_of_three()
        session = self._session()
        # The group leader collected 55,000 đồng of interest from the late
        # member on 1 August: shown on the sheet, handed over at the session.
        with freeze_time("2026-08-01"):
            receipt = self.Receipt.with_user(self.savings_user).create(
                {"loan_id": self.late.id, "amount": 55_000}
            )
        self.assertEqual(receipt.leader_name, "Lò Thị Tổ Trưởng")
        self.assertEqual(receipt.state, "held")
        self.assertEqual(receipt.savings_group_id, self.group)
        with freeze_time("2026-08-10"):
            session.with_user(self.other_officer).action_prepare_sheets()
        sheet = session.sheet_ids
        self.assertEqual(sheet.savings_group_id, self.group)
        self.assertEqual(receipt.sheet_line_id.sheet_id, sheet)
        expected = {
            # (overdue interest, interest, principal, total due, receipts)
            self.on_time: (0, 50_417, 833_333, 883_750, 0),
            self.late: (
                LATE_OVERDUE_INTEREST,
                105_417,
                1_666_666,
                LATE_OVERDUE_INTEREST + 105_417 + 1_666_666,
                55_000,
            ),
            self.prepaying: (0, 50_417, 0, 50_417, 0),
        }
        for loan, (oi, interest, principal, total, receipts) in expected.items():
            line = self._line(sheet, loan)
            with self.subTest(loan=loan.borrower_name):
                self.assertEqual(
                    (
                        line.due_overdue_interest,
                        line.due_interest,
                        line.due_principal,
                        line.due_total,
                        line.receipt_amount,
                    ),
                    (oi, interest, principal, total, receipts),
                )
                self.assertEqual(line.to_collect, total - receipts)
                self.assertEqual(line.amount_paid, total - receipts)
        due = 883_750 + LATE_OVERDUE_INTEREST + 105_417 + 1_666_666 + 50_417
        self.assertEqual(sheet.due_total, due)
        self.assertEqual(sheet.receipt_total, 55_000)
        self.assertEqual(sheet.amount_total, due)

        # The printed sheet: the same figures, nothing of the rehab history.
        sensitive = [
            self.person_a1.citizen_id,
            self.second_a1.citizen_id,
            self.third_a1.citizen_id,
            "rehabilitation",
            "Rehab",
            "cai nghiện",
            "ma túy",
            "QĐ-TTg",
            self.slip.name,
        ]
        for user in (self.vbsp_user, self.savings_user):
            Report = self.env["ir.actions.report"].with_user(user)
            html = Report._render_qweb_html(
                "post_rehab_credit.action_report_collection_sheet", sheet.ids
            )[0].decode()
            self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", html)
            self.assertIn("Lò Thị Tổ Trưởng", html)
            for loan in expected:
                self.assertIn(loan.borrower_name, html)
                self.assertIn(loan.name, html)
            self.assertIn("1.778.156", html)
            self.assertIn("2.712.323", html)
            for text in sensitive:
                self.assertNotIn(text, html)
            content, kind = Report._render_xlsx(
                "post_rehab_credit.action_report_collection_sheet_xlsx", sheet.ids, {}
            )
            self.assertEqual(kind, "xlsx")
            book = openpyxl.load_workbook(io.BytesIO(content))
            heading = " ".join(str(value) for value in xlsx_heading(book.active))
            self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", heading)
            self.assertIn("BẢNG KÊ", heading)
            table = xlsx_table(book.active)
            rows = [row for row in book.active.iter_rows(values_only=True) if any(row)]
            by_name = {row[1]: row for row in table[:3]}
            late_row = by_name[self.late.borrower_name]
            self.assertEqual(
                late_row[3:10],
                (
                    10_000_000,
                    LATE_OVERDUE_INTEREST,
                    105_417,
                    1_666_666,
                    1_778_156,
                    55_000,
                    1_723_156,
                ),
            )
            self.assertEqual(table[3][0], "Tổng")
            self.assertEqual(table[3][7], due)
            text = " ".join(str(value) for row in rows for value in row if value)
            for value in sensitive:
                self.assertNotIn(value, text)

    def test_who_reads_the_sheets(self):
        self._group_of_three()
        session = self._session()
        with freeze_time("2026-08-10"):
            session.with_user(self.vbsp_user).action_prepare_sheets()
        sheet = session.sheet_ids
        Sheet = self.env["rehab.session.sheet"]
        self.assertEqual(Sheet.with_user(self.savings_user).search([]), sheet)
        self.assertEqual(Sheet.with_user(self.vbsp_user).search([]), sheet)
        # The sessions of the commune of their group (the demo's are others').
        self.assertEqual(
            self.Session.with_user(self.savings_user).search([]),
            self.Session.search([("point_id", "=", self.point.id)]),
        )
        self.assertFalse(Sheet.with_user(self.officer_b).search([]))
        self.assertEqual(Sheet.with_user(self.vbsp_manager_user).search([]), sheet)
        for user in (self.police_user, self.chairman_user, self.province_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Sheet.with_user(user).search([])
        # A savings-group officer reads, prints, but neither prepares nor posts.
        with self.assertRaises(AccessError):
            session.with_user(self.savings_user).action_prepare_sheets()
        with self.assertRaises(AccessError):
            sheet.with_user(self.savings_user).action_post()
        # Nobody makes or removes a sheet's lines.
        with self.assertRaises(UserError):
            self.env["rehab.session.sheet.line"].with_user(self.vbsp_user).create(
                {"sheet_id": sheet.id, "loan_id": self.late.id}
            )
        with self.assertRaises(UserError):
            sheet.line_ids[:1].with_user(self.vbsp_user).unlink()
        # Before the session nothing is typed.
        line = self._line(sheet, self.late)
        with self.assertRaisesRegex(UserError, "while the session is «Open»"):
            sheet.with_user(self.teller).write(
                {"line_ids": [(1, line.id, {"amount_paid": 1})]}
            )


@tagged("post_install", "-at_install")
class TestGroupPosting(SessionCase):
    GROUP_OF_THREE_ONCE = True

    def test_bulk_posting_equals_posting_each_alone(self):
        sheet = self._ready()
        loans = self.on_time | self.late | self.prepaying
        # The on-time member pays more (a prepayment), the late one less.
        amounts = {self.on_time: 1_000_000, self.late: 1_200_000}
        with freeze_time("2026-08-15"):
            self._type(sheet, self.teller, amounts)
            self._type(sheet, self.controller, cash=sheet.amount_total)
            paid = {line.loan_id: line.amount_total for line in sheet.line_ids}
            self.assertEqual(paid[self.late], 1_255_000)

            # Posted in bulk, read, then undone: the same loans are then
            # posted one by one.
            with contextlib.suppress(_Undo), self.env.cr.savepoint():
                sheet.with_user(self.teller).action_post()
                bulk = self._ledger(loans)
                self.assertEqual(sheet.state, "posted")
                self.assertEqual(self.receipt.state, "handed_over")
                self.assertEqual(
                    {line.loan_id: line.repayment_id.amount for line in sheet.line_ids},
                    paid,
                )
                raise _Undo
            self.env.invalidate_all()
            self.assertFalse(self.late.repayment_ids)
            for loan in loans:
                self._wizard(
                    "rehab.loan.repay",
                    loan,
                    self.teller,
                    date=date(2026, 8, 15),
                    amount=paid[loan],
                ).action_post()
            single = self._ledger(loans)
        self.assertEqual(bulk, single)
        # The late member's repayment: overdue interest, then July's interest
        # and principal, then August's interest and part of its principal.
        late = bulk[self.late.id]["repayments"][-1]
        self.assertEqual(
            late,
            (
                date(2026, 8, 15),
                1_255_000,
                LATE_OVERDUE_INTEREST,
                105_417,
                1_255_000 - LATE_OVERDUE_INTEREST - 105_417,
            ),
        )

    def test_a_cash_difference_is_refused_and_nothing_posted(self):
        sheet = self._ready()
        with freeze_time("2026-08-15"):
            # The late member brings 1,000,000 đồng; the teller types it, the
            # controller counts what the sheet said was due.
            self._type(sheet, self.teller, {self.late: 1_000_000})
            self._type(sheet, self.controller, cash=sheet.due_total)
            self.assertEqual(sheet.counted_by_id, self.controller)
            with self.assertRaisesRegex(UserError, "Nothing was posted") as refusal:
                sheet.with_user(self.teller).action_post()
            message = str(refusal.exception)
            self.assertIn(self.late.borrower_name, message)
            self.assertIn("1.055.000", message)
            self.assertNotIn(self.on_time.borrower_name, message)
            self.assertNotIn(self.prepaying.borrower_name, message)
            self.env.invalidate_all()
            loans = self.on_time | self.late | self.prepaying
            self.assertEqual(len(loans.repayment_ids), 2)  # July's, at the desk
            self.assertEqual(sheet.state, "draft")
            self.assertFalse(sheet.line_ids.repayment_id)
            self.assertEqual(self.receipt.state, "held")
            # Counted again: the cash is what was typed; the group is posted.
            self._type(sheet, self.controller, cash=sheet.amount_total)
            sheet.with_user(self.teller).action_post()
        self.assertEqual(sheet.state, "posted")
        self.assertEqual(sheet.posted_by_id, self.teller)
        self.assertEqual(self._line(sheet, self.late).repayment_id.amount, 1_055_000)
        self.assertEqual(self.receipt.state, "handed_over")
        self.assertEqual(
            self.receipt.repayment_id, self._line(sheet, self.late).repayment_id
        )
        # Posted to the loan at the session, not on the day it was collected.
        self.assertEqual(self.receipt.repayment_id.date, date(2026, 8, 15))
        self.assertEqual(len(self.on_time.repayment_ids), 2)
        self.assertEqual(self.session.amount_posted, sheet.amount_total)

    def test_a_loan_refusing_its_payment_posts_nothing(self):
        sheet = self._ready()
        with freeze_time("2026-08-15"):
            # Typed with three zeros too many: more than the loan owes.
            self._type(sheet, self.teller, {self.prepaying: 50_417_000})
            self._type(sheet, self.controller, cash=sheet.amount_total)
            with self.assertRaisesRegex(UserError, "more than the loan owes"):
                sheet.with_user(self.teller).action_post()
        self.env.invalidate_all()
        self.assertEqual(len(self.on_time.repayment_ids), 1)
        self.assertFalse(self.late.repayment_ids)
        self.assertEqual(sheet.state, "draft")
        self.assertEqual(self.receipt.state, "held")

    def test_each_does_their_part(self):
        sheet = self._ready()
        with freeze_time("2026-08-15"):
            with self.assertRaisesRegex(AccessError, "Teller"):
                self._type(sheet, self.controller, {self.late: 1})
            with self.assertRaisesRegex(AccessError, "Controller"):
                self._type(sheet, self.teller, cash=1)
            with self.assertRaisesRegex(UserError, "has not entered the cash"):
                sheet.with_user(self.teller).action_post()
            with self.assertRaisesRegex(ValidationError, "cannot be negative"):
                self._type(sheet, self.teller, {self.late: -5})
            with self.assertRaisesRegex(ValidationError, "cannot be negative"):
                self._type(sheet, self.controller, cash=-5)
            # Only the amount paid is typed on a line.
            line = self._line(sheet, self.late).with_user(self.teller)
            with self.assertRaisesRegex(UserError, "only the amount paid"):
                line.write({"due_total": 1})
            self._type(sheet, self.controller, cash=sheet.amount_total)
            with self.assertRaisesRegex(AccessError, "Teller"):
                sheet.with_user(self.controller).action_post()
            with self.assertRaises(AccessError):
                sheet.with_user(self.officer_b).action_post()
            with self.assertRaises(AccessError):
                sheet.with_user(self.savings_user).action_post()
            sheet.with_user(self.leader).action_post()
            self.assertEqual(sheet.state, "posted")
            with self.assertRaisesRegex(UserError, "taken only when"):
                sheet.with_user(self.teller).action_post()

    def test_a_posted_line_is_reversed_like_any_repayment(self):
        sheet = self._ready()
        with freeze_time("2026-08-15"):
            before = self._paid(self.late)
            self._type(sheet, self.controller, cash=sheet.amount_total)
            sheet.with_user(self.teller).action_post()
            repayment = self._line(sheet, self.late).repayment_id
            self.assertEqual(self.late.state, "repaying")
            self.assertEqual(self.late.days_past_due, 0)
            form = Form(
                self.env["rehab.loan.reverse"]
                .with_user(self.vbsp_user)
                .with_context(default_loan_id=self.late.id)
            )
            self.assertEqual(form.repayment_id, repayment)
            form.reason = "Gõ nhầm tổ"
            form.save().action_reverse()
        self.assertTrue(repayment.is_reversed)
        self.assertTrue(self._line(sheet, self.late).is_reversed)
        self.assertEqual(self._paid(self.late), before)
        self.assertEqual(self.late.outstanding_principal, 10_000_000)

    def test_closing_locks_the_session(self):
        sheet = self._ready()
        with freeze_time("2026-08-15"):
            with self.assertRaisesRegex(UserError, self.group.name):
                self.session.with_user(self.leader).action_close()
            with self.assertRaisesRegex(AccessError, "Team leader"):
                self.session.with_user(self.teller).action_close()
            self._type(sheet, self.controller, cash=sheet.amount_total)
            sheet.with_user(self.teller).action_post()
            action = self.session.with_user(self.leader).action_close()
        self.assertEqual(self.session.state, "closed")
        self.assertEqual(self.session.closed_by_id, self.leader)
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(
            action["report_name"], "post_rehab_credit.report_transaction_session"
        )
        self.assertFalse(
            self.session.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref(STEP)
            )
        )
        html = (
            self.env["ir.actions.report"]
            .with_user(self.leader)
            ._render_qweb_html(
                "post_rehab_credit.action_report_transaction_session",
                self.session.ids,
            )[0]
            .decode()
        )
        total = sheet.amount_total
        self.assertIn(escape(self.group.name), html)
        # Printed in Vietnamese, whatever the language of the user.
        self.assertIn("Sản xuất, kinh doanh, tạo việc làm", html)
        self.assertIn("Hội Liên hiệp Phụ nữ", html)
        self.assertIn(format_vnd(total), html)
        # Locked, whoever asks and whatever the call.
        line = self._line(sheet, self.late)
        refusals = [
            lambda: self.session.with_user(self.leader).write({"place": "Khác"}),
            lambda: self.session.with_user(self.leader).write(
                {"teller_id": self.other_officer.id}
            ),
            lambda: self.session.with_user(self.leader).action_open(),
            lambda: self.session.with_user(self.leader).action_close(),
            lambda: self.session.with_user(self.leader).action_prepare_sheets(),
            lambda: self.session.with_user(self.leader)._move(date(2026, 12, 1), "x"),
            lambda: sheet.with_user(self.controller).write({"cash_counted": 1}),
            lambda: sheet.with_user(self.teller).action_post(),
            lambda: sheet.with_user(self.teller).action_refresh(),
            lambda: sheet.with_user(self.teller).action_skip(),
            lambda: line.with_user(self.teller).write({"amount_paid": 1}),
            lambda: self.receipt.with_user(self.savings_user).write({"amount": 1}),
            lambda: self.receipt.with_user(self.savings_user).unlink(),
            lambda: self.session.sudo().unlink(),
        ]
        for index, refusal in enumerate(refusals):
            with (
                self.subTest(index=index),
                self.assertRaises(UserError),
                self.env.cr.savepoint(),
            ):
                refusal()
        self.assertEqual(line.amount_paid, 1_723_156)

    def test_a_group_that_brings_nothing(self):
        sheet = self._ready()
        next_session = self.Session.search(
            [("point_id", "=", self.point.id), ("date", "=", date(2026, 9, 15))]
        )
        with freeze_time("2026-08-15"):
            self._type(sheet, self.controller, cash=10)
            with self.assertRaisesRegex(UserError, "post the collection instead"):
                sheet.with_user(self.teller).action_skip()
            self._type(sheet, self.controller, cash=0)
            sheet.with_user(self.teller).action_skip()
            self.assertEqual(sheet.state, "skipped")
            self.assertFalse(self.receipt.sheet_line_id)
            self.session.with_user(self.leader).action_close()
        self.assertFalse(self.late.repayment_ids)
        # The receipt is still in the leader's hands: on September's sheet.
        with freeze_time("2026-09-01"):
            next_session.with_user(self.leader).action_prepare_sheets()
        self.assertEqual(self.receipt.state, "held")
        self.assertEqual(self.receipt.sheet_line_id.session_id, next_session)

    def test_receipts_bad_input_and_scope(self):
        self._group_of_three()
        Receipt = self.Receipt.with_user(self.savings_user)
        count = self.Receipt.search_count([])
        with freeze_time("2026-08-01"):
            cases = [
                ({"amount": 0}, "must be positive"),
                ({"amount": -1}, "must be positive"),
                ({"date": date(2026, 8, 2)}, "in the future"),
                ({"date": date(2026, 6, 1)}, "before the loan was disbursed"),
            ]
            for values, message in cases:
                with (
                    self.subTest(values=values),
                    self.assertRaisesRegex(ValidationError, message),
                    self.env.cr.savepoint(),
                ):
                    Receipt.create(
                        dict({"loan_id": self.late.id, "amount": 1}, **values)
                    )
            form = Form(Receipt)
            form.loan_id = self.late
            form.amount = 0
            with (
                self.assertRaisesRegex(ValidationError, "must be positive"),
                self.env.cr.savepoint(),
            ):
                form.save()
            self.assertEqual(self.Receipt.search_count([]), count)
            self.on_time.sudo().write({"savings_group_id": False})
            with (
                self.assertRaisesRegex(ValidationError, "is not one"),
                self.env.cr.savepoint(),
            ):
                self.Receipt.with_user(self.vbsp_user).create(
                    {"loan_id": self.on_time.id, "amount": 1}
                )
            # A savings-group officer records for their own groups only.
            other = self.env["rehab.savings.group"].create(
                {
                    "name": "Tổ khác",
                    "company_id": self.commune_a1.id,
                    "organisation": "farmers",
                }
            )
            self.prepaying.sudo().write({"savings_group_id": other.id})
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                Receipt.create({"loan_id": self.prepaying.id, "amount": 1})
            for user in (self.police_user, self.officer_b):
                with self.assertRaises(AccessError), self.env.cr.savepoint():
                    self.Receipt.with_user(user).create(
                        {"loan_id": self.late.id, "amount": 1}
                    )
            # Held, it is corrected or deleted; nothing of the ledger moves.
            receipt = Receipt.create({"loan_id": self.late.id, "amount": 5_000})
            receipt.write({"amount": 50_000})
            self.assertFalse(self.late.repayment_ids)
            receipt.unlink()
        self.assertEqual(self.Receipt.search_count([]), count)


@tagged("post_install", "-at_install")
class TestSessionScale(SessionCase):
    """A group of 60 members: the time and the queries of its posting and of
    its collection sheet."""

    MEMBERS = 60

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Person.create(
            [
                cls.person_vals(
                    cls.commune_a1,
                    name="Thành viên %02d" % number,
                    citizen_id="0200909%05d" % (10 + number),
                )
                for number in range(cls.MEMBERS - 3)
            ]
        )

    def _many_loans(self):
        """One running loan per person on the list, disbursed on 15 June."""
        lines = self.record.line_ids.filtered(lambda line: not line.excluded)
        self.assertEqual(len(lines), self.MEMBERS)
        Slip = self.env["rehab.referral.slip"]
        slips = Slip.search([("line_id", "in", lines.ids), ("state", "=", "valid")])
        slips |= Slip.create([{"line_id": line.id} for line in lines - slips.line_id])
        loans = self.Loan.create(
            [
                {
                    "slip_id": slip.id,
                    "purpose": "production",
                    "amount_requested": 10_000_000,
                    "term_months": 12,
                    "savings_group_id": self.group.id,
                }
                for slip in slips
            ]
        )
        # The steps before the money are not the subject: approved in bulk.
        loans.write(
            {
                "state": "approved",
                "amount_approved": 10_000_000,
                "review_amount": 10_000_000,
                "interest_rate": 6.6,
                "overdue_multiplier": 130,
                "decision_date": date(2026, 6, 1),
            }
        )
        for loan in loans:
            loan.with_user(self.vbsp_user)._disburse(date(2026, 6, 15), 10_000_000)
        return loans

    def test_posting_a_group_of_sixty(self):
        loans = self._many_loans()
        session = self._session()
        Report = self.env["ir.actions.report"].with_user(self.savings_user)
        with freeze_time("2026-08-15"):
            self.env.invalidate_all()
            start = _clock()
            queries = self.env.cr.sql_log_count
            session.with_user(self.leader).action_open()
            open_seconds = _clock() - start
            open_queries = self.env.cr.sql_log_count - queries
            sheet = session.sheet_ids
            self.assertEqual(len(sheet.line_ids), self.MEMBERS)
            self.env.invalidate_all()
            start = _clock()
            html = Report._render_qweb_html(
                "post_rehab_credit.action_report_collection_sheet", sheet.ids
            )[0]
            html_seconds = _clock() - start
            start = _clock()
            xlsx, __ = Report._render_xlsx(
                "post_rehab_credit.action_report_collection_sheet_xlsx", sheet.ids, {}
            )
            xlsx_seconds = _clock() - start
            self.assertIn(b"Th\xc3\xa0nh vi\xc3\xaan 56", html)
            self._type(sheet, self.controller, cash=sheet.amount_total)
            self.env.flush_all()
            self.env.invalidate_all()
            start = _clock()
            queries = self.env.cr.sql_log_count
            sheet.with_user(self.teller).action_post()
            self.env.flush_all()
            post_seconds = _clock() - start
            post_queries = self.env.cr.sql_log_count - queries
        self.assertEqual(len(loans.repayment_ids), self.MEMBERS)
        self.assertTrue(all(loan.days_past_due == 0 for loan in loans))
        _logger.info(
            "Transaction session of %s members: opening (sheets prepared) "
            "%.2f s, %s queries; collection sheet HTML %.2f s, "
            "XLSX %.2f s (%s bytes); posting the group %.2f s, %s queries "
            "(%.1f a loan)",
            self.MEMBERS,
            open_seconds,
            open_queries,
            html_seconds,
            xlsx_seconds,
            len(xlsx),
            post_seconds,
            post_queries,
            post_queries / self.MEMBERS,
        )
        # The accrual, the creation of the repayments and the figures that
        # move with the date are done once for the group (_repay_each).
        self.assertLess(post_queries / self.MEMBERS, 12)
        self.assertLess(open_queries, 200)


@tagged("post_install", "-at_install")
class TestSessionBadInput(BadInputMixin, SessionCase):
    """Bad input in both languages; nothing is left behind."""

    def test_point_form(self):
        def form(env, **values):
            form = Form(env["rehab.transaction.point"].with_user(self.vbsp_user))
            form.vbsp_office_id = self.office_a
            form.company_id = values.pop("company_id", self.commune_a2)
            for name, value in values.items():
                setattr(form, name, value)
            return form

        cases = [
            (
                {"session_day": 0},
                "The day of the month of the sessions is between 1 and 31.",
                "Ngày giao dịch trong tháng phải từ 1 đến 31.",
            ),
            (
                {"leader_id": self.teller, "teller_id": self.teller},
                "three different people",
                "phải là ba người khác nhau",
            ),
            (
                {"teller_id": self.savings_user},
                "is not a VBSP officer of Test VBSP office A",
                "không phải là cán bộ NHCSXH của Test VBSP office A",
            ),
        ]
        for values, english, vietnamese in cases:
            with self.subTest(values=values):
                self.assertRefused(
                    lambda env, v=values: form(env, **dict(v)).save(),
                    ValidationError,
                    english,
                    vietnamese,
                    models=("rehab.transaction.point", "mail.message"),
                )

    def test_receipt_form(self):
        self._group_of_three()

        def form(env, **values):
            form = Form(env["rehab.leader.receipt"].with_user(self.savings_user))
            form.loan_id = self.late
            form.amount = 50_000
            for name, value in values.items():
                setattr(form, name, value)
            return form

        cases = [
            (
                {"amount": -1},
                "The amount collected must be positive.",
                "Số tiền thu phải lớn hơn 0.",
            ),
            (
                {"date": date(2026, 8, 2)},
                "A receipt cannot be dated in the future.",
                "Không thể ghi ngày thu ở tương lai.",
            ),
        ]
        with freeze_time("2026-08-01"):
            for values, english, vietnamese in cases:
                with self.subTest(values=values):
                    self.assertRefused(
                        lambda env, v=values: form(env, **v).save(),
                        ValidationError,
                        english,
                        vietnamese,
                        models=("rehab.leader.receipt", "mail.message"),
                    )

    def test_move_wizard(self):
        with freeze_time("2026-08-01"):
            self.Session._cron_plan_sessions()
            session = self.Session.search([("point_id", "=", self.point.id)])[-1]

            def move(env, **values):
                form = Form(
                    env["rehab.transaction.session.move"]
                    .with_user(self.vbsp_user)
                    .with_context(default_session_id=session.id)
                )
                for name, value in values.items():
                    setattr(form, name, value)
                return form.save().action_move()

            cases = [
                (
                    {"new_date": date(2026, 8, 14), "reason": "   "},
                    "Give the reason for moving the session.",
                    "Nêu lý do dời phiên giao dịch.",
                ),
                (
                    {"new_date": date(2026, 7, 31), "reason": "Lễ"},
                    "A session cannot be moved to a day already past.",
                    "Không thể dời phiên giao dịch sang một ngày đã qua.",
                ),
            ]
            for values, english, vietnamese in cases:
                with self.subTest(values=values):
                    self.assertRefused(
                        lambda env, v=values: move(env, **v),
                        UserError,
                        english,
                        vietnamese,
                        models=("mail.message",),
                        records=session,
                        fnames=["date", "scheduled_date", "state"],
                    )

    def test_cash_difference(self):
        self._group_of_three()
        session = self._session()
        sheet = self._open(session)
        with freeze_time("2026-08-15"):
            self._type(sheet, self.teller, {self.late: 1_000_000})
            self._type(sheet, self.controller, cash=sheet.due_total)
            self.assertRefused(
                lambda env: sheet.with_env(env).with_user(self.teller).action_post(),
                UserError,
                "Nothing was posted for %s" % self.group.name,
                "Chưa hạch toán gì cho %s" % self.group.name,
                models=(
                    "rehab.loan.repayment",
                    "rehab.loan.allocation",
                    "mail.message",
                ),
                records=[sheet, sheet.line_ids, self.late.installment_ids],
                fnames=[
                    ["state", "posted_by_id"],
                    ["repayment_id", "amount_paid"],
                    ["principal_paid", "interest_paid", "overdue_interest_paid"],
                ],
            )


@tagged("post_install", "-at_install")
class TestSessionViewsByRole(SessionCase):
    """Each role opens the forms of the transaction day it reads, as the web
    client does (the fields of its form view with the related names)."""

    def _spec(self, model, user):
        """The fields of the form itself, as the user's web client reads them."""
        views = self.env[model].with_user(user).get_views([(False, "form")])
        fields_ = views["models"][model]["fields"]
        arch = etree.fromstring(views["views"]["form"]["arch"])
        names = set(arch.xpath("//field[not(ancestor::field)]/@name"))
        spec = {
            name: {"fields": {"display_name": {}}}
            if fields_[name].get("relation")
            else {}
            for name in names
        }
        if "line_ids" in names:
            spec["line_ids"] = {
                "fields": {"borrower_name": {}, "loan_id": {"fields": {}}}
            }
        return spec

    def test_every_role_opens_what_it_reads(self):
        self._group_of_three()
        session = self._session()
        with freeze_time("2026-08-01"):
            receipt = self.Receipt.with_user(self.savings_user).create(
                {"loan_id": self.late.id, "amount": 55_000}
            )
        sheet = self._open(session)
        records = [self.point, session, sheet, receipt]
        users = [
            self.savings_user,
            self.vbsp_user,
            self.controller,
            self.vbsp_manager_user,
            self.admin_user,
        ]
        opened = 0
        for user in users:
            for record in records:
                Model = self.env[record._name].with_user(user)
                if not Model.search([("id", "=", record.id)]):
                    continue
                with self.subTest(user=user.login, model=record._name):
                    values = Model.browse(record.id).web_read(
                        self._spec(record._name, user)
                    )
                    self.assertEqual(values[0]["id"], record.id)
                    opened += 1
        self.assertEqual(opened, len(users) * len(records))
        # The commune roles and the departments have no access at all.
        for user in (self.police_user, self.chairman_user, self.department_user):
            for record in records:
                Model = self.env[record._name].with_user(user)
                self.assertFalse(
                    Model.check_access_rights("read", raise_exception=False)
                )


@tagged("post_install", "-at_install")
class TestClosedSessionOverRpc(JsonRpcMixin, HttpCase, SessionCase):
    """A closed session, its sheets, lines and receipts change no more, over
    JSON-RPC, as any role, with any values or context."""

    def test_a_closed_session_is_locked_over_rpc(self):
        self._group_of_three()
        session = self._session()
        with freeze_time("2026-08-01"):
            receipt = self.Receipt.with_user(self.savings_user).create(
                {"loan_id": self.late.id, "amount": 55_000}
            )
        sheet = self._open(session)
        with freeze_time("2026-08-15"):
            self._type(sheet, self.controller, cash=sheet.amount_total)
            sheet.with_user(self.teller).action_post()
            session.with_user(self.leader).action_close()
        line = sheet.line_ids[:1]
        watched = {
            "rehab.transaction.session": session,
            "rehab.session.sheet": sheet,
            "rehab.session.sheet.line": sheet.line_ids,
            "rehab.leader.receipt": receipt,
        }

        def snapshot():
            self.env.invalidate_all()
            return {
                name: records.sudo().read(
                    [
                        f
                        for f, field in records._fields.items()
                        if field.store
                        and field.type not in ("one2many", "many2many")
                        and f not in ("write_date", "write_uid")
                    ]
                )
                for name, records in watched.items()
            }

        before = snapshot()
        repayments = self.env["rehab.loan.repayment"].search_count([])
        context = dict(CLIENT_KEYS, rehab_session_gate=True)
        S, SH, L, R = (
            "rehab.transaction.session",
            "rehab.session.sheet",
            "rehab.session.sheet.line",
            "rehab.leader.receipt",
        )
        attacks = [
            (self.leader, S, "write", [session.ids, {"state": "open"}]),
            (self.leader, S, "write", [session.ids, {"place": "Khác"}]),
            (self.leader, S, "write", [session.ids, {"date": "2026-12-01"}]),
            (self.leader, S, "action_open", [session.ids]),
            (self.leader, S, "action_prepare_sheets", [session.ids]),
            (self.controller, SH, "write", [sheet.ids, {"cash_counted": 1}]),
            (self.teller, SH, "write", [sheet.ids, {"state": "draft"}]),
            (self.teller, SH, "action_post", [sheet.ids]),
            (self.teller, SH, "action_refresh", [sheet.ids]),
            (self.teller, SH, "action_skip", [sheet.ids]),
            (
                self.teller,
                SH,
                "write",
                [sheet.ids, {"line_ids": [(1, line.id, {"amount_paid": 7})]}],
            ),
            (self.teller, L, "write", [line.ids, {"amount_paid": 7}]),
            (self.teller, L, "write", [line.ids, {"repayment_id": False}]),
            (self.teller, L, "unlink", [line.ids]),
            (self.savings_user, R, "write", [receipt.ids, {"amount": 1}]),
            (self.savings_user, R, "write", [receipt.ids, {"state": "held"}]),
            (self.savings_user, R, "unlink", [receipt.ids]),
            (self.admin_user, S, "write", [session.ids, {"state": "planned"}]),
            (self.admin_user, S, "unlink", [session.ids]),
        ]
        for user, model, method, args in attacks:
            with self.subTest(user=user.login, model=model, method=method):
                with mute_logger("odoo.http"):
                    __, error = self.rpc(user, model, method, *args, context=context)
                self.assertTrue(error, "%s.%s as %s" % (model, method, user.login))
        self.assertEqual(snapshot(), before)
        self.assertEqual(self.env["rehab.loan.repayment"].search_count([]), repayments)


@tagged("post_install", "-at_install")
class TestDueOnTheSessionDay(SessionCase):
    """The borrowers of commune A1 pay at its session, on the 17th."""

    def setUp(self):
        super().setUp()
        self.point.with_user(self.leader).write({"session_day": 17})

    def _session_of(self, day):
        with freeze_time(day.replace(day=1)):
            self.Session._cron_plan_sessions()
        return self.Session.search(
            [("point_id", "=", self.point.id), ("date", "=", day)]
        )

    def _hold(self, day, amounts=None):
        """The session of ``day``: each borrower pays what the sheet shows
        (or ``amounts``), the group is posted, the session closed; the
        overdue run the day after."""
        session = self._session_of(day)
        sheet = self._open(session, day.isoformat())
        with freeze_time(day):
            self._type(sheet, self.teller, amounts)
            self._type(sheet, self.controller, cash=sheet.amount_total)
            sheet.with_user(self.teller).action_post()
            session.with_user(self.leader).action_close()
        with freeze_time(day + relativedelta(days=1)):
            self.Loan._cron_overdue()
        self.env.invalidate_all()
        return sheet

    def test_a_loan_disbursed_on_the_6th_falls_due_on_the_17ths(self):
        loan = self._loan(self.person_a1, disbursed=date(2026, 6, 6))
        self.assertEqual((loan.due_day, loan.first_due_date), (17, date(2026, 7, 17)))
        self.assertEqual(
            loan.installment_ids.mapped("due_date"),
            [date(2026, 7, 17) + relativedelta(months=n) for n in range(12)],
        )
        # The money of the schedule is that of the 6th's: 55,000 đồng of
        # interest the first month, 833,333 of principal.
        first = loan.installment_ids[0]
        self.assertEqual((first.principal, first.interest), (833_333, 55_000))
        for number, day in enumerate(
            (date(2026, 7, 17), date(2026, 8, 17), date(2026, 9, 17)), start=1
        ):
            sheet = self._hold(day)
            line = self._line(sheet, loan)
            self.assertEqual(line.due_overdue_interest, 0)
            self.assertEqual(line.repayment_id.amount, line.due_total)
            self.assertTrue(loan.installment_ids[number - 1].is_paid)
            self.assertEqual(loan.days_past_due, 0, day)
            self.assertEqual(loan.overdue_interest, 0)
            self.assertEqual(loan.overdue_principal, 0)
            self.assertEqual(loan.par30_principal, 0)
            self.assertEqual(loan.delinquency_bucket, "current")
        # The figures recomputed from the ledger agree.
        figures = loan._figures_as_of(date(2026, 9, 30))[loan.id]
        self.assertEqual(figures["days_past_due"], 0)
        self.assertEqual(figures["outstanding_principal"], loan.outstanding_principal)

    def test_a_commune_without_a_point_keeps_the_disbursement_day(self):
        self.point.sudo().unlink()
        loan = self._loan(self.person_a1, disbursed=date(2026, 6, 6))
        self.assertFalse(loan.due_day)
        self.assertEqual(loan.installment_ids[0].due_date, date(2026, 7, 6))

    def test_the_first_due_days_are_a_setting(self):
        set_rule(self.env, "first_due_days", 5)
        loan = self._loan(self.person_a1, disbursed=date(2026, 6, 6))
        self.assertEqual(loan.first_due_date, date(2026, 6, 17))
        self.assertEqual(loan.installment_ids[0].due_date, date(2026, 6, 17))

    def test_a_borrower_paying_the_sheets_figures_gets_the_sheets_split(self):
        """Two sessions missed, the borrower brings exactly the overdue
        interest and the interest the sheet shows: booked as such, no
        principal; the session report's columns are the sheet's."""
        loan = self._loan(self.person_a1, disbursed=date(2026, 6, 6))
        session = self._session_of(date(2026, 8, 17))
        sheet = self._open(session, "2026-08-17")
        line = self._line(sheet, loan)
        # July's instalment overdue 31 days, August's due today.
        self.assertEqual(line.due_interest, 55_000 + 50_417)
        self.assertEqual(
            line.due_overdue_interest, overdue_interest(833_333 * 31, 6.6, 130)
        )
        brought = line.due_overdue_interest + line.due_interest
        with freeze_time("2026-08-17"):
            self._type(sheet, self.teller, {loan: brought})
            self.assertEqual(
                (line.book_overdue_interest, line.book_interest, line.book_principal),
                (line.due_overdue_interest, line.due_interest, 0),
            )
            self._type(sheet, self.controller, cash=brought)
            sheet.with_user(self.teller).action_post()
        repayment = line.repayment_id
        self.assertEqual(
            (repayment.overdue_interest, repayment.interest, repayment.principal),
            (line.due_overdue_interest, line.due_interest, 0),
        )
        total = session._report_figures()["total"]
        self.assertEqual(
            (total["overdue_interest"], total["interest"], total["principal"]),
            (line.due_overdue_interest, line.due_interest, 0),
        )
        # At the desk on the same rule: the whole of what falls due is booked
        # exactly as the sheet of the next session shows it.
        september = self._session_of(date(2026, 9, 17))
        with freeze_time("2026-09-10"):
            september.with_user(self.leader).action_prepare_sheets()
        due = self._line(
            september.sheet_ids.filtered(lambda s: s.savings_group_id == self.group),
            loan,
        )
        with freeze_time("2026-09-17"):
            form = Form(
                self.env["rehab.loan.repay"]
                .with_user(self.vbsp_user)
                .with_context(default_loan_id=loan.id)
            )
            form.date = date(2026, 9, 17)
            form.amount = due.due_total
            # The desk's wizard shows what the amount will book: the sheet's.
            self.assertEqual(form.due_total, due.due_total)
            self.assertEqual(
                (form.book_overdue_interest, form.book_interest, form.book_principal),
                (due.due_overdue_interest, due.due_interest, due.due_principal),
            )
            form.save().action_post()
        desk = loan.repayment_ids.sorted("id")[-1]
        self.assertEqual(
            (desk.overdue_interest, desk.interest, desk.principal),
            (due.due_overdue_interest, due.due_interest, due.due_principal),
        )

    def test_moving_a_session_moves_what_falls_due_on_its_day(self):
        loan = self._loan(self.person_a1, disbursed=date(2026, 6, 6))
        july = self._session_of(date(2026, 7, 17))
        august = self.Session.search(
            [("point_id", "=", self.point.id), ("date", "=", date(2026, 8, 17))]
        )
        with freeze_time("2026-08-10"):
            wizard = Form(
                self.env["rehab.transaction.session.move"]
                .with_user(self.leader)
                .with_context(default_session_id=august.id)
            )
            wizard.new_date = date(2026, 8, 18)
            wizard.reason = "Trùng lịch họp HĐND xã"
            wizard.save().action_move()
        lines = loan.installment_ids
        self.assertEqual(lines[1].due_date, date(2026, 8, 18))
        self.assertEqual(lines[1].original_due_date, date(2026, 8, 18))
        self.assertEqual(lines[2].due_date, date(2026, 9, 17))
        self.assertIn("now fall due on 18/08/2026", august.message_ids[0].body)
        # A session moved after its day leaves the instalments overdue since.
        with freeze_time("2026-07-20"):
            july.with_user(self.leader)._move(date(2026, 7, 21), "Mất điện")
        self.assertEqual(lines[0].due_date, date(2026, 7, 17))
        # Paying at the moved session, the borrower is not late.
        with freeze_time("2026-07-21"):
            self.Loan._cron_overdue()
        self._repay(
            loan,
            date(2026, 7, 21),
            888_333 + loan.installment_ids[0].overdue_interest_remaining,
        )
        sheet = self._open(august, "2026-08-18")
        with freeze_time("2026-08-18"):
            self._type(sheet, self.controller, cash=sheet.amount_total)
            sheet.with_user(self.teller).action_post()
        with freeze_time("2026-08-19"):
            self.Loan._cron_overdue()
        self.env.invalidate_all()
        self.assertTrue(lines[1].is_paid)
        self.assertEqual(lines[1].overdue_interest, 0)
        self.assertEqual(loan.days_past_due, 0)
