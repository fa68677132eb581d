"""The agency's day, the group leaders' receipts and the sessions they follow
(issue 20): what a client sends never moves the day, the loan or the amount."""

from contextlib import contextmanager
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged

from ..models.loan import RUNNING_STATES
from ..tools.rehab_rules import agency_date
from .common import JsonRpcMixin, set_rule
from .common_session import SessionCase

# The late member's loan (SessionCase._group_of_three) on 15 August 2026, by
# hand: the whole principal, 10,000,000 đồng, July's interest (55,000) and
# August's (50,417), and July's principal 31 days overdue (6,073).
LATE_PAYOFF_15_AUGUST = 10_000_000 + 55_000 + 50_417 + 6_073


class RefusalMixin:
    @contextmanager
    def assertRefused(self, exception, words):
        """Refused with ``words`` in the message; assertRaises (unlike
        assertRaisesRegex) rolls back what the refused call wrote."""
        with self.assertRaises(exception) as refusal:
            yield
        self.assertIn(words, str(refusal.exception))


@tagged("post_install", "-at_install")
class TestAgencyDay(RefusalMixin, SessionCase):
    def test_the_agency_day_by_hand(self):
        # Hanoi is seven hours ahead of UTC: 17:00 UTC is the next day there.
        self.assertEqual(agency_date(datetime(2026, 6, 30, 16, 59)), date(2026, 6, 30))
        self.assertEqual(agency_date(datetime(2026, 6, 30, 17, 0)), date(2026, 7, 1))
        self.assertEqual(
            agency_date(datetime(2026, 6, 30, 20, 0), "Etc/GMT+12"), date(2026, 6, 30)
        )
        # A time zone that does not exist is the agency's.
        self.assertEqual(
            agency_date(datetime(2026, 6, 30, 20, 0), "Mars/Olympus"), date(2026, 7, 1)
        )

    def test_no_client_time_zone_moves_the_day(self):
        self.savings_user.tz = "Etc/GMT+12"
        with freeze_time("2026-06-30 20:00:00"):
            for tz in (None, "UTC", "Etc/GMT+12", "Pacific/Pago_Pago"):
                with self.subTest(tz=tz):
                    Receipt = self.Receipt.with_user(self.savings_user)
                    if tz:
                        Receipt = Receipt.with_context(tz=tz)
                    self.assertEqual(Receipt._rehab_today(), date(2026, 7, 1))
                    default = Receipt.default_get(["date"])["date"]
                    self.assertEqual(fields.Date.to_date(default), date(2026, 7, 1))

    def test_a_guard_takes_the_agency_day(self):
        loan = self._loan(self.person_a1)
        self.savings_user.tz = "Etc/GMT+12"
        Receipt = self.Receipt.with_user(self.savings_user).with_context(
            tz="Etc/GMT+12"
        )
        # 20:00 UTC on 30 June is 03:00 on 1 July in Hanoi, 08:00 on 30 June
        # in the client's zone: 1 July is today, 2 July the future.
        with freeze_time("2026-06-30 20:00:00"):
            receipt = Receipt.create({"loan_id": loan.id, "amount": 10_000})
            self.assertEqual(receipt.date, date(2026, 7, 1))
            count = self.Receipt.search_count([])
            with self.assertRaises(ValidationError) as refusal:
                Receipt.create(
                    {"loan_id": loan.id, "amount": 10_000, "date": date(2026, 7, 2)}
                )
            self.assertIn("future", str(refusal.exception))
            self.assertEqual(self.Receipt.search_count([]), count)

    def test_a_session_is_never_moved_to_the_agency_yesterday(self):
        with freeze_time("2027-01-10"):
            self.Session._cron_plan_sessions()
        session = self.Session.search(
            [("point_id", "=", self.point.id)], order="date", limit=1
        )
        self.assertEqual(session.date, date(2027, 1, 15))
        # 20:00 UTC on 10 January: 11 January in Hanoi, still 10 January for
        # a client at UTC-12.
        with freeze_time("2027-01-10 20:00:00"):
            bank = session.with_user(self.vbsp_user).with_context(tz="Etc/GMT+12")
            with self.assertRefused(UserError, "already past"):
                bank._move(date(2027, 1, 10), "Lễ")
            self.assertEqual(session.date, date(2027, 1, 15))
            bank._move(date(2027, 1, 11), "Lễ")
        self.assertEqual(session.date, date(2027, 1, 11))


@tagged("post_install", "-at_install")
class TestSessionMoveWindow(RefusalMixin, SessionCase):
    def setUp(self):
        super().setUp()
        with freeze_time("2027-01-10"):
            self.Session._cron_plan_sessions()
        self.first, self.second = self.Session.search(
            [("point_id", "=", self.point.id)], order="date"
        )
        self.assertEqual(self.first.date, date(2027, 1, 15))

    def test_a_session_moves_within_its_window(self):
        bank = self.first.with_user(self.vbsp_user)
        with freeze_time("2027-01-10"):
            for day in (date(2999, 12, 31), date(2027, 1, 31), date(2028, 1, 15)):
                with self.subTest(day=day):
                    with self.assertRefused(UserError, "at most 15 days"):
                        bank._move(day, "Lễ")
            with self.assertRefused(UserError, "already past"):
                bank._move(date(2027, 1, 9), "Lễ")
            self.assertEqual(self.first.date, date(2027, 1, 15))
            self.assertFalse(self.first.is_moved)
            # The last day of the window, and today, the first.
            bank._move(date(2027, 1, 30), "Lễ")
            self.assertEqual(self.first.date, date(2027, 1, 30))
            bank._move(date(2027, 1, 10), "Lễ")
            self.assertEqual(self.first.date, date(2027, 1, 10))
        # A wider window in the settings.
        set_rule(self.env, "session_move_days", 20)
        with freeze_time("2027-01-10"):
            with self.assertRefused(UserError, "at most 20 days"):
                bank._move(date(2027, 2, 5), "Lễ")
            bank._move(date(2027, 2, 4), "Lễ")
        self.assertEqual(self.first.date, date(2027, 2, 4))

    def test_a_day_off_warns_and_is_not_refused(self):
        Holiday = self.env["rehab.public.holiday"]
        Holiday.search([("date", "=", date(2027, 1, 21))]).unlink()
        Holiday.create({"date": date(2027, 1, 21), "name": "Ngày nghỉ thử"})
        Move = self.env["rehab.transaction.session.move"].with_user(self.vbsp_user)
        with freeze_time("2027-01-10"):
            form = Form(Move.with_context(default_session_id=self.first.id))
            form.new_date = date(2027, 1, 20)
            self.assertFalse(form.day_off_warning)
            form.new_date = date(2027, 1, 21)
            self.assertEqual(
                form.day_off_warning, "21/01/2027 is a public holiday (Ngày nghỉ thử)."
            )
            form.new_date = date(2027, 1, 16)
            self.assertEqual(form.day_off_warning, "16/01/2027 is a Saturday.")
            form.new_date = date(2027, 1, 17)
            self.assertEqual(form.day_off_warning, "17/01/2027 is a Sunday.")
            form.reason = "Trụ sở UBND xã sửa chữa"
            form.save().action_move()
        self.assertEqual(self.first.date, date(2027, 1, 17))
        body = self.first.message_ids[0].body
        self.assertIn("Trụ sở UBND xã sửa chữa", body)
        self.assertIn("17/01/2027 is a Sunday.", body)
        # In the user's language.
        with freeze_time("2027-01-10"):
            self.first.with_user(self.vbsp_user).with_context(lang="vi_VN")._move(
                date(2027, 1, 21), "Lễ"
            )
        self.assertIn("Ngày nghỉ thử", self.first.message_ids[0].body)
        self.assertNotIn("public holiday", self.first.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestReceiptFollowsItsSession(RefusalMixin, SessionCase):
    GROUP_OF_THREE_ONCE = True

    def _plan(self):
        with freeze_time("2026-08-01"):
            self.Session._cron_plan_sessions()
        return self.Session.search([("point_id", "=", self.point.id)], order="date")

    def _prepare(self, session, day="2026-08-01"):
        with freeze_time(day):
            session.with_user(self.vbsp_user).action_prepare_sheets()

    def _receipt(self, day="2026-07-20", amount=55_000, loan=None):
        with freeze_time(day):
            return self.Receipt.with_user(self.savings_user).create(
                {"loan_id": (loan or self.late).id, "amount": amount}
            )

    def _sheet(self, session):
        return session.sheet_ids.filtered(lambda s: s.savings_group_id == self.group)

    def _late_line(self, session, loan=None):
        loan = loan or self.late
        return session.sheet_ids.line_ids.filtered(lambda line: line.loan_id == loan)

    def test_recorded_before_any_session_then_the_later_sheet_first(self):
        receipt = self._receipt()
        self.assertFalse(receipt.sheet_line_id)
        august, september = self._plan()
        self.assertFalse(receipt.sheet_line_id)
        # September's sheets are prepared first: the receipt waits for
        # August's session, on no sheet.
        self._prepare(september)
        self.assertFalse(receipt.sheet_line_id)
        self.assertEqual(self._late_line(september).receipt_amount, 0)
        self._prepare(august)
        self.assertEqual(receipt.sheet_line_id, self._late_line(august))
        self.assertEqual(receipt.session_id, august)
        self.assertEqual(self._late_line(august).receipt_amount, 55_000)
        self.assertEqual(
            self._late_line(august).amount_paid,
            self._late_line(august).due_total - 55_000,
        )
        # Refreshing September's sheet does not take it.
        with freeze_time("2026-08-02"):
            september.sheet_ids.with_user(self.vbsp_user).action_refresh()
        self.assertEqual(receipt.session_id, august)

    def test_prepared_then_recorded_then_moved(self):
        august, september = self._plan()
        self._prepare(september)
        self._prepare(august)
        receipt = self._receipt("2026-08-01")
        self.assertEqual(receipt.session_id, august)
        with freeze_time("2026-08-01"):
            august.with_user(self.vbsp_user)._move(date(2026, 8, 20), "Lễ")
        self.assertEqual(receipt.session_id, august)
        # A wide window: September's session moved before August's takes it.
        set_rule(self.env, "session_move_days", 31)
        with freeze_time("2026-08-01"):
            september.with_user(self.vbsp_user)._move(date(2026, 8, 16), "Lễ")
        self.assertEqual(receipt.session_id, september)
        self.assertEqual(self._late_line(august).receipt_amount, 0)
        self.assertEqual(self._late_line(september).receipt_amount, 55_000)
        # August's back before it: the receipt follows.
        with freeze_time("2026-08-01"):
            august.with_user(self.vbsp_user)._move(date(2026, 8, 14), "Lễ")
        self.assertEqual(receipt.session_id, august)
        self.assertEqual(self._late_line(september).receipt_amount, 0)

    def test_planned_after_a_sheet_of_a_later_session(self):
        # Only September's session exists (planned on 16 August, August's day
        # being past), its sheets prepared; then a receipt of 20 August.
        with freeze_time("2026-08-16"):
            self.Session._cron_plan_sessions()
        september = self.Session.search([("point_id", "=", self.point.id)])
        self.assertEqual(september.date, date(2026, 9, 15))
        self._prepare(september, "2026-08-16")
        receipt = self._receipt("2026-08-20")
        self.assertEqual(receipt.session_id, september)

    def test_a_group_that_brought_nothing_hands_it_over_next_time(self):
        august, september = self._plan()
        receipt = self._receipt("2026-08-01")
        self._prepare(september)
        with freeze_time("2026-08-15"):
            august.with_user(self.leader).action_open()
            self.assertEqual(receipt.session_id, august)
            sheet = self._sheet(august)
            sheet.with_user(self.teller).action_skip()
        self.assertEqual(receipt.state, "held")
        self.assertEqual(receipt.session_id, september)
        self.assertEqual(self._late_line(september).receipt_amount, 55_000)

    def test_no_more_than_the_loan_owes_by_its_session(self):
        august, __ = self._plan()
        self._prepare(august)
        count = self.Receipt.search_count([])
        for amount in (10**13, LATE_PAYOFF_15_AUGUST + 1):
            with self.subTest(amount=amount):
                # assertRaises (not ...Regex) rolls its savepoint back.
                with self.assertRaises(ValidationError) as refusal:
                    self._receipt("2026-08-01", amount)
                self.assertIn("owes at most", str(refusal.exception))
        self.assertEqual(self.Receipt.search_count([]), count)
        receipt = self._receipt("2026-08-01", LATE_PAYOFF_15_AUGUST - 1)
        self.assertEqual(receipt.session_id, august)
        # Two receipts together are held to it as well, on write as on create.
        with self.assertRaises(ValidationError) as refusal:
            self._receipt("2026-08-01", 2)
        self.assertIn("10.111.490", str(refusal.exception))
        other = self._receipt("2026-08-01", 1)
        with freeze_time("2026-08-01"):
            with self.assertRefused(ValidationError, "owes at most"):
                other.with_user(self.savings_user).write({"amount": 10**13})
            with self.assertRefused(ValidationError, "owes at most"):
                receipt.with_user(self.savings_user).write(
                    {"amount": LATE_PAYOFF_15_AUGUST}
                )
        self.assertEqual(other.amount, 1)

    def test_the_loan_stays_in_its_group_and_the_line_is_never_chosen(self):
        receipt = self._receipt("2026-08-01")
        other_group = self.env["rehab.savings.group"].create(
            {
                "name": "Tổ thứ hai",
                "company_id": self.commune_a1.id,
                "organisation": "farmers",
                "officer_ids": [(6, 0, self.savings_user.ids)],
            }
        )
        # The prepaying member borrowed through the officer's other group (set
        # in the database: a loan's group is frozen once reviewed).
        elsewhere = self.prepaying
        self.env.cr.execute(
            "UPDATE rehab_loan SET savings_group_id = %s WHERE id = %s",
            (other_group.id, elsewhere.id),
        )
        self.env.invalidate_all()
        with freeze_time("2026-08-01"):
            with self.assertRefused(ValidationError, "stays with the savings"):
                receipt.with_user(self.savings_user).write({"loan_id": elsewhere.id})
            # Another member of the same group: accepted.
            receipt.with_user(self.savings_user).write({"loan_id": self.on_time.id})
            august, __ = self._plan()
            self._prepare(august)
            line = self._late_line(august)
            with self.assertRefused(UserError, "never chosen by hand"):
                receipt.with_user(self.savings_user).write({"sheet_line_id": line.id})
        self.assertEqual(receipt.loan_id, self.on_time)
        self.assertEqual(
            receipt.sheet_line_id,
            self._late_line(august, self.on_time),
        )

    def test_the_differences_read_in_the_users_language(self):
        august, __ = self._plan()
        with freeze_time("2026-08-15"):
            august.with_user(self.leader).action_open()
            sheet = self._sheet(august)
            self._type(sheet, self.teller, {self.late: 1_000_000})
            self._type(sheet, self.controller, cash=sheet.due_total)
            with self.assertRaises(UserError) as refusal:
                sheet.with_user(self.teller).with_context(lang="vi_VN").action_post()
        message = str(refusal.exception)
        self.assertIn(self.late.borrower_name, message)
        self.assertIn("thay vì", message)
        self.assertNotIn("instead of", message)
        self.assertNotIn("Nothing was posted", message)
        self.assertEqual(sheet.state, "draft")


@tagged("post_install", "-at_install")
class TestSessionDayOverRpc(JsonRpcMixin, HttpCase):
    """The demo's roles over JSON-RPC: every refusal a clean message (a
    WARNING of odoo.http, no ERROR), nothing saved."""

    def setUp(self):
        super().setUp()

        def ref(xmlid):
            return self.env.ref("post_rehab_credit.%s" % xmlid)

        self.savings = ref("user_savings_chau_son")
        self.leader = ref("user_vbsp_dinh_lap")
        Loan = self.env["rehab.loan"]
        self.loan = Loan.search(
            [
                ("company_id", "=", ref("company_chau_son").id),
                ("state", "in", RUNNING_STATES),
                ("savings_group_id", "in", self.savings.rehab_savings_group_ids.ids),
            ],
            limit=1,
        )
        self.to_hieu_loan = Loan.search(
            [
                ("company_id", "=", ref("company_to_hieu").id),
                ("state", "in", RUNNING_STATES),
                ("savings_group_id", "!=", False),
            ],
            limit=1,
        )
        self.assertTrue(self.loan and self.to_hieu_loan)
        self.today = self.loan._rehab_today()

    def refused(self, user, model, method, *args, context=None):
        with self.assertLogs("odoo.http", "WARNING") as logs:
            __, error = self.rpc(user, model, method, *args, context=context)
        self.assertTrue(error, "%s.%s as %s" % (model, method, user.login))
        self.assertFalse(
            [r for r in logs.records if r.levelname not in ("WARNING", "INFO")],
            error,
        )
        return error

    def test_a_receipt_keeps_its_loan_amount_and_day(self):
        receipt = (
            self.env["rehab.leader.receipt"]
            .with_user(self.savings)
            .create({"loan_id": self.loan.id, "amount": 10_000, "date": self.today})
        )
        fields_ = ["loan_id", "amount", "date", "company_id", "sheet_line_id", "state"]
        before = receipt.read(fields_)
        count = self.env["rehab.leader.receipt"].search_count([])
        R = "rehab.leader.receipt"
        other_line = self.env["rehab.session.sheet.line"].search(
            [("loan_id", "!=", self.loan.id)], limit=1
        )
        attacks = [
            ([receipt.ids, {"loan_id": self.to_hieu_loan.id}], "stays with"),
            ([receipt.ids, {"amount": 10**13}], "owes at most"),
            ([receipt.ids, {"date": "2999-12-31"}], "future"),
            ([receipt.ids, {"sheet_line_id": other_line.id}], "never chosen"),
            ([receipt.ids, {"loan_id": "abc"}], "must be a record"),
            ([[], {"loan_id": "abc"}], "must be a record"),
        ]
        for args, words in attacks:
            with self.subTest(args=args):
                error = self.refused(self.savings, R, "write", *args, context={})
                self.assertIn(words, error)
        error = self.refused(
            self.savings,
            R,
            "create",
            [{"loan_id": self.loan.id, "amount": 10**13}],
            context={"tz": "Etc/GMT+12"},
        )
        self.assertIn("owes at most", error)
        self.refused(
            self.savings, R, "create", [{"loan_id": self.to_hieu_loan.id, "amount": 1}]
        )
        self.env.invalidate_all()
        self.assertEqual(receipt.read(fields_), before)
        self.assertEqual(self.env["rehab.leader.receipt"].search_count([]), count)

    def test_a_session_is_not_moved_to_yesterday_or_2999_by_a_client_tz(self):
        session = self.env["rehab.transaction.session"].search(
            [
                ("company_id", "=", self.loan.company_id.id),
                ("state", "=", "planned"),
                ("date", ">", self.today),
            ],
            order="date",
            limit=1,
        )
        self.assertTrue(session)
        before = session.read(["date", "scheduled_date", "is_moved"])
        M = "rehab.transaction.session.move"
        context = {"tz": "Etc/GMT+12"}
        for day, words in (
            (self.today - timedelta(days=1), "already past"),
            (date(2999, 12, 31), "at most"),
        ):
            with self.subTest(day=day):
                wizard_id, error = self.rpc(
                    self.leader,
                    M,
                    "create",
                    [
                        {
                            "session_id": session.id,
                            "new_date": str(day),
                            "reason": "Lễ",
                        }
                    ],
                    context=context,
                )
                self.assertFalse(error)
                error = self.refused(
                    self.leader, M, "action_move", wizard_id, context=context
                )
                self.assertIn(words, error)
        self.env.invalidate_all()
        self.assertEqual(session.read(["date", "scheduled_date", "is_moved"]), before)
        # The leader moves it to a day of its window, the same way.
        day = session.date + timedelta(days=1)
        wizard_id, error = self.rpc(
            self.leader,
            M,
            "create",
            [{"session_id": session.id, "new_date": str(day), "reason": "Lễ"}],
            context=context,
        )
        __, error = self.rpc(self.leader, M, "action_move", wizard_id, context=context)
        self.assertFalse(error)
        self.env.invalidate_all()
        self.assertEqual(session.date, day)
