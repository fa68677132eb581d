import base64
from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import set_rule
from .common_review import ReviewCase

STEP = "post_rehab_credit.mail_activity_type_step"


@tagged("post_install", "-at_install")
class TestGroupReview(ReviewCase):
    """Form 03/TD: the meeting reviews its applications together."""

    def test_the_list_moves_its_applications_together(self):
        review = self._meeting(
            [
                (self.first, {"amount": 8_000_000, "reason": "Có phương án tốt"}),
                (
                    self.second,
                    {"opinion": "disagree", "reason": "Chưa có phương án sử dụng vốn"},
                ),
            ]
        )
        self.assertTrue(review.name.startswith("03TD/"))
        self.assertEqual(review.company_id, self.commune_a1)
        self.assertEqual(review.line_count, 2)
        self.assertEqual(review.amount_agreed, 8_000_000)
        # The line shows the application's own purpose and term.
        self.assertEqual(review.line_ids[0].purpose, "production")
        self.assertEqual(review.line_ids[0].term_months, 12)
        review.with_user(self.savings_user).action_confirm()
        self.assertEqual(review.state, "confirmed")
        self.assertEqual(review.confirmed_by_id, self.savings_user)
        self.assertEqual(self.first.state, "reviewed")
        self.assertEqual(self.first.review_amount, 8_000_000)
        self.assertEqual(self.first.review_date, self.MEETING_DAY)
        self.assertEqual(self.first.review_members_present, 4)
        self.assertIn(review.name, self.first.review_note)
        self.assertIn("Có phương án tốt", self.first.review_note)
        self.assertEqual(self.second.state, "rejected")
        self.assertEqual(self.second.review_amount, 0)
        self.assertIn("Chưa có phương án sử dụng vốn", self.second.review_note)
        # The chairman's to-do of each agreed application, as for one review.
        todo = self.first.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(STEP)
        )
        self.assertEqual(todo.user_id, self.chairman_user)
        # Confirmed: the list and its lines are kept as they were.
        with self.assertRaisesRegex(UserError, "frozen"):
            review.with_user(self.savings_user).write({"note": "Sửa"})
        with self.assertRaisesRegex(UserError, "frozen"):
            review.line_ids[0].with_user(self.savings_user).write({"amount": 1})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            review.with_user(self.savings_user).unlink()
        with self.assertRaisesRegex(UserError, "taken only when"):
            review.with_user(self.savings_user).action_confirm()

    def test_one_application_refused_moves_none(self):
        # The second application was reviewed alone in the meantime.
        self._wizard(
            "rehab.loan.review",
            self.second,
            self.savings_user,
            meeting_date=self.MEETING_DAY,
            members_present=4,
            note="Họp riêng",
        ).action_record()
        review = self._meeting([(self.first, {}), (self.second, {})])
        with self.assertRaises(UserError) as refusal:
            review.with_user(self.savings_user).action_confirm()
        message = str(refusal.exception)
        self.assertIn("no application moved", message)
        self.assertIn(self.second.name, message)
        self.assertIn("Người thứ hai", message)
        self.assertNotIn(self.first.name, message)
        self.assertEqual(self.first.state, "draft")
        self.assertFalse(self.first.review_date)
        self.assertEqual(review.state, "draft")

    def test_every_refusal_is_named_and_the_per_loan_rules_apply(self):
        review = self._meeting(
            [(self.first, {"amount": 11_000_000}), (self.second, {})],
            members_present=5,
            meeting_date=date(2026, 5, 14),
        )
        with self.assertRaises(UserError) as refusal:
            review.with_user(self.savings_user).action_confirm()
        message = str(refusal.exception)
        self.assertIn("2 of them", message)
        self.assertIn("before the loan application of 15/05/2026", message)
        self.assertEqual((self.first | self.second).mapped("state"), ["draft"] * 2)
        # More members present than the group has: the loan's own rule.
        review.with_user(self.savings_user).write(
            {"members_present": 6, "meeting_date": self.MEETING_DAY}
        )
        with self.assertRaisesRegex(UserError, "More members present"):
            review.with_user(self.savings_user).action_confirm()

    def test_the_meeting_is_complete_before_it_is_confirmed(self):
        review = self._meeting(
            [(self.first, {"opinion": "disagree"})], chair_name="", note=""
        )
        with self.assertRaises(UserError) as refusal:
            review.with_user(self.savings_user).action_confirm()
        message = str(refusal.exception)
        self.assertIn("chair and of the secretary", message)
        self.assertIn("minutes", message)
        self.assertIn("reason for disagreeing with %s" % self.first.name, message)
        empty = self._meeting([])
        with self.assertRaisesRegex(UserError, "at least one member"):
            empty.with_user(self.savings_user).action_confirm()
        self.assertEqual(self.first.state, "draft")

    def test_only_applications_of_the_group_once(self):
        other = self.env["rehab.savings.group"].create(
            {
                "name": "Tổ khác",
                "company_id": self.commune_a1.id,
                "organisation": "farmers",
                "officer_ids": [(6, 0, self.savings_user.ids)],
                "member_ids": [(0, 0, {"name": "Thành viên"})],
            }
        )
        with self.assertRaisesRegex(ValidationError, "not one of the savings group"):
            self._meeting([(self.first, {})], group=other)
        review = self._meeting([(self.first, {})])
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            review.with_user(self.savings_user).write(
                {"line_ids": [(0, 0, {"loan_id": self.first.id})]}
            )

    def test_roles(self):
        review = self._meeting([(self.first, {})])
        # Read by the commune and the bank; recorded by the group's officers.
        for user in (self.police_user, self.chairman_user, self.vbsp_user):
            self.assertEqual(
                self.env["rehab.group.review"].with_user(user).search([]), review
            )
        for user in (self.commune_officer_user, self.department_user):
            with self.assertRaises(AccessError):
                self.env["rehab.group.review"].with_user(user).search([])
        self.assertFalse(
            self.env["rehab.group.review"].with_user(self.police_b_user).search([])
        )
        for user in (self.chairman_user, self.vbsp_user, self.police_user):
            with self.assertRaises(AccessError):
                review.with_user(user).action_confirm()
        with self.assertRaises(AccessError):
            self._meeting([(self.first, {})], user=self.vbsp_user)
        # An officer of the organisation who does not serve the group.
        outsider = new_test_user(
            self.env,
            login="t_savings_outsider",
            groups="base.group_user,post_rehab_credit.group_savings_group_officer",
            company_id=self.commune_a1.id,
            company_ids=[(6, 0, self.commune_a1.ids)],
        )
        with self.assertRaises(UserError):  # AccessError or ValidationError
            self._meeting([], user=outsider)
        with self.assertRaisesRegex(ValidationError, "savings groups you serve"):
            self.env["rehab.group.review"].with_user(outsider).create(
                {"savings_group_id": self.group.id}
            )
        self.assertFalse(self.env["rehab.group.review"].with_user(outsider).search([]))
        self.assertEqual(self.first.state, "draft")

    def test_nothing_but_the_step_confirms(self):
        review = self._meeting([(self.first, {})])
        for user in (self.savings_user, self.admin_user):
            with self.assertRaisesRegex(UserError, "change only through the steps"):
                review.with_user(user).write({"state": "confirmed"})
            with self.assertRaisesRegex(UserError, "change only through the steps"):
                review.with_user(user).write({"confirmed_by_id": user.id})
        with self.assertRaisesRegex(UserError, "change only through the steps"):
            self.env["rehab.group.review"].with_user(self.savings_user).create(
                {"savings_group_id": self.group.id, "state": "confirmed"}
            )
        # A context default fills no step's field either.
        other = (
            self.env["rehab.group.review"]
            .with_user(self.savings_user)
            .with_context(default_state="confirmed")
            .create({"savings_group_id": self.group.id})
        )
        self.assertEqual(other.state, "draft")
        review.with_user(self.savings_user).action_confirm()
        with self.assertRaisesRegex(UserError, "kept as it was"):
            self.env["rehab.group.review.line"].with_user(self.savings_user).create(
                {"review_id": review.id, "loan_id": self.second.id}
            )
        self.assertEqual(self.second.state, "draft")

    def test_the_one_loan_review_stays(self):
        self._wizard(
            "rehab.loan.review",
            self.first,
            self.savings_user,
            meeting_date=self.MEETING_DAY,
            members_present=3,
            note="Bình xét riêng",
        ).action_record()
        self.assertEqual(self.first.state, "reviewed")
        self.assertEqual(self.second.state, "draft")

    def test_form_03_td_prints(self):
        review = self._meeting(
            [
                (self.first, {"reason": "Có phương án tốt"}),
                (self.second, {"opinion": "disagree", "reason": "Chưa đủ hồ sơ"}),
            ]
        )
        review.with_user(self.savings_user).action_confirm()
        Report = self.env["ir.actions.report"].with_user(self.vbsp_user)
        html = Report._render_qweb_html(
            "post_rehab_credit.action_report_group_review", review.ids
        )[0].decode()
        for text in (
            "DANH SÁCH",
            "Thành viên đề nghị vay vốn (mẫu 03/TD)",
            review.name,
            "Hoàng Văn Sáng",
            "Người thứ hai",
            self.first.name,
            "Chưa đủ hồ sơ",
            "Lò Thị Hoa",
            "Vì Văn Nam",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "20/05/2026",
        ):
            self.assertIn(text, html)
        # Nothing of the rehab history or the citizen IDs.
        self.assertNotIn("Cơ sở cai nghiện", html)
        self.assertNotIn(self.person_a1.citizen_id, html)
        action = review.with_user(self.savings_user).action_print()
        self.assertEqual(action["report_name"], "post_rehab_credit.report_group_review")


@tagged("post_install", "-at_install")
class TestDecisionClock(ReviewCase):
    """Three working days from a complete file, shown on the loan."""

    def _reviewed(self, *loans):
        review = self._meeting([(loan, {}) for loan in loans])
        review.with_user(self.savings_user).action_confirm()

    def test_the_clock_starts_when_the_commune_confirms(self):
        self._reviewed(self.first)
        self.assertFalse(self.first.file_complete_date)
        self.assertIn("commune", self.first.file_missing)
        # Thursday 4 June 2026: Friday, Monday, Tuesday.
        self._confirm_commune(self.first, "2026-06-04 09:00:00")
        self.assertEqual(self.first.confirmed_date, date(2026, 6, 4))
        self.assertEqual(self.first.file_complete_date, date(2026, 6, 4))
        self.assertFalse(self.first.file_missing)
        self.assertEqual(self.first.decision_due_date, date(2026, 6, 9))
        todo = self.first.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(STEP)
        )
        self.assertEqual(todo.user_id, self.vbsp_user)
        self.assertEqual(todo.date_deadline, date(2026, 6, 9))
        Loan = self.env["rehab.loan"]
        for day, late in (
            ("2026-06-06", False),  # Saturday
            ("2026-06-08", False),
            ("2026-06-09", False),
            ("2026-06-10", True),
            ("2026-06-10", True),  # a second run the same day changes nothing
        ):
            with freeze_time(day):
                Loan._cron_decision_clock()
                self.first.invalidate_recordset(["is_decision_late"])
                self.assertEqual(self.first.is_decision_late, late, day)
                self.assertEqual(
                    bool(Loan.search([("is_decision_late", "=", True)]) & self.first),
                    late,
                )
        # Decided late: the flag stays, as the decision's own history.
        with freeze_time("2026-06-11"):
            self._wizard(
                "rehab.loan.decide",
                self.first,
                self.vbsp_user,
                decision_date=date(2026, 6, 11),
            ).action_decide()
        self.assertEqual(self.first.state, "approved")
        self.assertTrue(self.first.is_decision_late)

    def test_decided_in_time_is_not_late(self):
        self._reviewed(self.first)
        self._confirm_commune(self.first, "2026-06-04 09:00:00")
        with freeze_time("2026-06-09"):
            self._wizard(
                "rehab.loan.decide",
                self.first,
                self.vbsp_user,
                decision_date=date(2026, 6, 9),
            ).action_decide()
            self.env["rehab.loan"]._cron_decision_clock()
            self.assertFalse(self.first.is_decision_late)
        with freeze_time("2026-07-01"):
            self.env["rehab.loan"]._cron_decision_clock()
            self.first.invalidate_recordset(["is_decision_late"])
            self.assertFalse(self.first.is_decision_late)

    def test_public_holidays_are_not_working_days(self):
        Holiday = self.env["rehab.public.holiday"]
        # The list of this test alone (the demo has the year's holidays).
        Holiday.search([]).unlink()
        Holiday.create({"date": "2026-06-08", "name": "Ngày nghỉ bù"})
        self._reviewed(self.first, self.second)
        self._confirm_commune(self.first, "2026-06-04 09:00:00")
        # Friday, (Monday off), Tuesday, Wednesday.
        self.assertEqual(self.first.decision_due_date, date(2026, 6, 10))
        # A holiday added later moves the clocks still running, and the to-do.
        Holiday.create({"date": "2026-06-10", "name": "Nghỉ thêm"})
        self.assertEqual(self.first.decision_due_date, date(2026, 6, 11))
        todo = self.first.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(STEP)
        )
        self.assertEqual(todo.date_deadline, date(2026, 6, 11))
        # Only the programme administrator keeps the list.
        with self.assertRaises(AccessError):
            Holiday.with_user(self.vbsp_user).create(
                {"date": "2026-09-02", "name": "Quốc khánh"}
            )
        self.assertTrue(Holiday.with_user(self.vbsp_user).search([]))
        # The demo's list of holidays may hold the day already.
        Holiday.search([("date", "=", "2026-09-02")]).unlink()
        Holiday.with_user(self.admin_user).create(
            {"date": "2026-09-02", "name": "Quốc khánh"}
        )
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            Holiday.create({"date": "2026-09-02", "name": "Trùng"})

    def test_the_working_days_follow_the_settings(self):
        self._reviewed(self.first)
        self._confirm_commune(self.first, "2026-06-04 09:00:00")
        # A national rule: the national administrator's.
        settings = Form(self.env["rehab.settings"].with_user(self.national_admin_user))
        settings.rehab_decision_working_days = 5
        settings.rule_legal_number = "TEST/2026"
        settings.save().execute()
        # From today: the file complete on 4 June keeps the rule of its day.
        self.assertEqual(self.first.decision_due_date, date(2026, 6, 9))
        # A rule in force from 1 June (entered then) counts 5 working days.
        set_rule(self.env, "decision_working_days", 5, day=date(2026, 6, 1))
        self.env.add_to_compute(self.first._fields["decision_due_date"], self.first)
        self.assertEqual(self.first.decision_due_date, date(2026, 6, 11))

    def test_a_training_loan_waits_for_the_training_confirmation(self):
        loan = self.second
        loan.with_user(self.vbsp_user).write({"purpose": "training"})
        self._reviewed(loan)
        self._confirm_commune(loan, "2026-06-04 09:00:00")
        self.assertEqual(loan.state, "confirmed")
        self.assertFalse(loan.file_complete_date)
        self.assertFalse(loan.decision_due_date)
        self.assertIn("training institution", loan.file_missing)
        # The commune police file the confirmation on Monday 15 June.
        with freeze_time("2026-06-15 08:00:00"):
            self.second_a1.with_user(self.police_user).write(
                {
                    "training_institution": "Trường Trung cấp nghề",
                    "training_course": "Sửa chữa xe máy",
                    "training_start": "2026-07-01",
                    "training_end": "2026-08-31",
                    "training_confirmation": base64.b64encode(b"%PDF-1.4"),
                    "training_confirmation_name": "xac_nhan.pdf",
                }
            )
        self.assertEqual(loan.file_complete_date, date(2026, 6, 15))
        self.assertEqual(loan.decision_due_date, date(2026, 6, 18))
        todo = loan.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(STEP)
        )
        self.assertEqual(todo.date_deadline, date(2026, 6, 18))

    def test_nobody_sets_the_clock_by_hand(self):
        self._reviewed(self.first)
        for user in (self.vbsp_user, self.admin_user):
            with self.assertRaisesRegex(UserError, "change only through the steps"):
                self.first.with_user(user).write({"file_complete_date": "2026-06-01"})
