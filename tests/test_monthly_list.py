from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import MonthlyListCase, agency_today
from .queue_jobs import perform_queued_jobs


@tagged("post_install", "-at_install")
class TestMonthlyListCron(MonthlyListCase):
    def _lists(self):
        return self.List.search(
            [
                (
                    "company_id",
                    "in",
                    (self.commune_a1 | self.commune_a2 | self.commune_b1).ids,
                )
            ]
        )

    def test_cron_creates_on_the_first_and_is_idempotent(self):
        with freeze_time("2026-12-01 02:00:00"):
            self.List._cron_monthly_lists()
            lists = self._lists()
            self.assertEqual(len(lists), 3)
            list_a1 = lists.filtered(lambda r: r.company_id == self.commune_a1)
            self.assertEqual(list_a1.month_date, date(2026, 12, 1))
            self.assertEqual(list_a1.deadline, date(2026, 12, 5))
            self.assertEqual(list_a1.state, "draft")
            self.assertEqual(
                set(list_a1.line_ids.person_id.ids),
                {self.person_a1.id, self.second_a1.id},
            )
            activity = list_a1.activity_ids
            self.assertEqual(activity.user_id, self.police_user)
            self.assertEqual(activity.date_deadline, date(2026, 12, 5))
            lines_before = self.env["rehab.monthly.list.line"].search_count([])
            activities_before = self.env["mail.activity"].search_count([])
            # A second run the same day creates nothing.
            self.List._cron_monthly_lists()
            self.assertEqual(len(self._lists()), 3)
            self.assertEqual(
                self.env["rehab.monthly.list.line"].search_count([]), lines_before
            )
            self.assertEqual(
                self.env["mail.activity"].search_count([]), activities_before
            )

    def test_cron_marks_late_lists_on_the_sixth(self):
        with freeze_time("2026-12-01"):
            self.List._cron_monthly_lists()
        lists = self._lists()
        list_a1 = lists.filtered(lambda r: r.company_id == self.commune_a1)
        list_a2 = lists.filtered(lambda r: r.company_id == self.commune_a2)
        # Commune A2 confirmed its list in time.
        list_a2.state = "confirmed"
        with freeze_time("2026-12-05"):
            self.List._cron_monthly_lists()
            self.assertFalse(list_a1.is_late)
        with freeze_time("2026-12-06"):
            self.List._cron_monthly_lists()
            self.assertTrue(list_a1.is_late)
            self.assertFalse(list_a2.is_late)
            # The police still have their one to-do; the province police get
            # one to follow the late list up, in the app; the programme
            # administrator, who holds every role, none.
            self.assertEqual(
                {(a.user_id, a.summary) for a in list_a1.activity_ids},
                {
                    (self.police_user, "Lập và trình danh sách hằng tháng"),
                    (self.province_user, "Đôn đốc danh sách hằng tháng bị chậm"),
                },
            )
            notice = list_a1.message_ids.filtered(
                lambda m: "was not confirmed" in (m.body or "")
            )
            self.assertEqual(len(notice), 1)
            self.assertNotIn(self.person_a1.name, notice.body)
            messages = len(list_a1.message_ids)
            activities = len(list_a1.activity_ids)
            self.List._cron_monthly_lists()
            self.assertEqual(len(list_a1.message_ids), messages)
            self.assertEqual(len(list_a1.activity_ids), activities)

    def test_queries_do_not_grow_with_people(self):
        """A commune of 150 people costs the run as many queries as one of 3."""

        def commune_with(count):
            commune = self.env["res.company"].create(
                {
                    "name": "Xã %d người" % count,
                    "agency_type": "commune",
                    "parent_id": self.province_a.id,
                }
            )
            self.Person.create(
                [
                    self.person_vals(
                        commune,
                        name="Người số %d" % number,
                        citizen_id="033090%06d" % (count * 1000 + number),
                        amount_needed=1_000_000 * (number + 1),
                    )
                    for number in range(count)
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            return commune

        def queries(commune):
            before = self.env.cr.sql_log_count
            lists = self.List._create_lists(commune, date(2026, 12, 1))
            self.env.flush_all()
            return lists, self.env.cr.sql_log_count - before

        queries(commune_with(1))  # warm-up: the first run fills the caches
        small, small_count = queries(commune_with(3))
        large, large_count = queries(commune_with(150))
        self.assertEqual(small_count, large_count)
        self.assertEqual((small.line_count, large.line_count), (3, 150))
        self.assertEqual(large.included_count, 150)
        self.assertEqual(large.amount_total, sum(range(1, 151)) * 1_000_000)
        line = large.line_ids.filtered(lambda x: x.person_name == "Người số 7")
        self.assertEqual(line.citizen_id, "033090150007")
        self.assertEqual(line.amount_needed, 8_000_000)
        self.assertEqual(line.village, "Bản Khòn Pổ")
        self.assertTrue(line.was_eligible)
        self.assertEqual((line.company_id, line.state), (large.company_id, "draft"))

    def test_scheduled_action_record_runs(self):
        self.env.ref("post_rehab_credit.ir_cron_monthly_lists").method_direct_trigger()
        # The scheduled action enqueues the jobs; the job runner does them.
        self.assertTrue(perform_queued_jobs(self.env))
        month = agency_today().replace(day=1)
        self.assertTrue(
            self.List.search(
                [("company_id", "=", self.commune_a1.id), ("month_date", "=", month)]
            )
        )

    def test_one_list_per_commune_and_month(self):
        self._list()
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.List.create(
                {"company_id": self.commune_a1.id, "month_date": "2026-12-15"}
            )


@tagged("post_install", "-at_install")
class TestConfirmation(MonthlyListCase):
    def test_chairman_confirms_through_the_wizard(self):
        record = self._list()
        self.assertEqual(record.line_count, 2)
        record.with_user(self.police_user).action_submit()
        self.assertEqual(record.state, "submitted")
        form = Form(
            self.env["rehab.monthly.list.confirm"]
            .with_user(self.chairman_user)
            .with_context(default_list_id=record.id)
        )
        self.assertEqual(len(form.line_ids), 2)
        with form.line_ids.edit(1) as line:
            line.include = False
            line.exclusion_reason = "Đã chuyển khỏi địa bàn"
        form.note = "Đã rà soát"
        wizard = form.save()
        wizard.action_confirm()
        self.assertEqual(record.state, "confirmed")
        self.assertEqual(record.confirmed_by_id, self.chairman_user)
        self.assertTrue(record.confirmed_date)
        self.assertEqual(record.included_count, 1)
        excluded = record.line_ids.filtered("excluded")
        self.assertEqual(excluded.exclusion_reason, "Đã chuyển khỏi địa bàn")
        messages = self.env["mail.message"].search(
            [("model", "=", record._name), ("res_id", "=", record.id)]
        )
        # The chatter, read by the bank too, names no one and gives no reason.
        self.assertTrue(
            any("1 people confirmed." in m.body for m in messages),
            messages.mapped("body"),
        )
        self.assertFalse(any("Đã rà soát" in (m.body or "") for m in messages))
        self.assertEqual(record.confirm_note, "Đã rà soát")

    def test_leaving_out_needs_a_reason(self):
        record = self._list()
        record.with_user(self.police_user).action_submit()
        wizard = (
            self.env["rehab.monthly.list.confirm"]
            .with_user(self.chairman_user)
            .with_context(default_list_id=record.id)
            .create({})
        )
        wizard.line_ids[0].include = False
        with self.assertRaisesRegex(UserError, "reason for leaving out"):
            wizard.action_confirm()
        self.assertEqual(record.state, "submitted")

    def test_police_is_refused(self):
        record = self._list()
        record.with_user(self.police_user).action_submit()
        with self.assertRaises(AccessError):
            Form(
                self.env["rehab.monthly.list.confirm"]
                .with_user(self.police_user)
                .with_context(default_list_id=record.id)
            )
        wizard = (
            self.env["rehab.monthly.list.confirm"]
            .with_context(default_list_id=record.id)
            .create({})
        )
        with self.assertRaisesRegex(AccessError, "belongs to another role"):
            wizard.with_user(self.police_user).action_confirm()
        with self.assertRaisesRegex(AccessError, "belongs to another role"):
            record.with_user(self.chairman_user).action_submit()

    def test_only_the_commune_police_fill_the_list(self):
        record = self.List.create(
            {"company_id": self.commune_a1.id, "month_date": "2026-12-01"}
        )
        for user in (self.police_b_user, self.chairman_user, self.province_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                record.with_user(user).action_fill()
        self.assertFalse(record.line_ids)
        record.with_user(self.police_user).action_fill()
        self.assertEqual(
            set(record.line_ids.person_id.ids), {self.person_a1.id, self.second_a1.id}
        )
        # Filling again adds nobody twice.
        record.with_user(self.police_user).action_fill()
        self.assertEqual(record.line_count, 2)

    def test_only_a_submitted_list_is_confirmed(self):
        record = self._list()
        wizard = (
            self.env["rehab.monthly.list.confirm"]
            .with_user(self.chairman_user)
            .with_context(default_list_id=record.id)
            .create({})
        )
        with self.assertRaisesRegex(
            UserError, "«Confirm» is taken only when it is «Submitted»"
        ):
            wizard.action_confirm()
        empty = self.List.create(
            {"company_id": self.commune_a2.id, "month_date": "2026-12-01"}
        )
        with self.assertRaisesRegex(UserError, "no line"):
            empty.action_submit()

    def test_confirmed_list_is_frozen(self):
        record = self._confirmed_list()
        line = record.line_ids.filtered(lambda line: line.person_id == self.person_a1)
        self.person_a1.write({"name": "Tên đã đổi", "village": "Bản mới"})
        self.assertEqual(line.person_name, "Hoàng Văn Sáng")
        self.assertEqual(line.village, "Bản Khòn Pổ")
        police_list = record.with_user(self.police_user)
        with self.assertRaisesRegex(
            UserError, "it is frozen and changes only through its steps"
        ):
            police_list.write({"vbsp_office_id": False})
        with self.assertRaisesRegex(UserError, "change only through the steps"):
            line.with_user(self.police_user).write({"amount_needed": 1})
        with self.assertRaisesRegex(UserError, "it cannot be deleted"):
            line.with_user(self.police_user).unlink()
        with self.assertRaisesRegex(UserError, "only to a draft or returned list"):
            self.env["rehab.monthly.list.line"].create(
                {"list_id": record.id, "person_id": self.ineligible_a1.id}
            )
        with self.assertRaisesRegex(UserError, "it cannot be deleted"):
            record.unlink()
        # The person on a list is archived, never deleted.
        with self.assertRaisesRegex(UserError, "archive the record instead"):
            self.person_a1.unlink()

    def test_every_reader_opens_the_list(self):
        record = self._confirmed_list()
        self.env["rehab.referral.slip"].create({"line_id": record.line_ids[0].id})
        # Roles that may not read slips still see how many there are.
        for user in (
            self.department_user,
            self.province_user,
            self.commune_officer_user,
        ):
            values = record.with_user(user).read(["slip_count", "line_count"])[0]
            self.assertEqual((values["slip_count"], values["line_count"]), (1, 2))

    def test_return_wizard(self):
        record = self._confirmed_list()
        slip = self.env["rehab.referral.slip"].create(
            {"line_id": record.line_ids[0].id}
        )
        form = Form(
            self.env["rehab.monthly.list.return"]
            .with_user(self.chairman_user)
            .with_context(default_list_id=record.id)
        )
        form.reason = "Sai ngày sinh của một người"
        form.save().action_return()
        self.assertEqual(record.state, "returned")
        self.assertEqual(record.return_reason, "Sai ngày sinh của một người")
        self.assertEqual(slip.state, "revoked")
        # Editable again by the police, then submitted again.
        record.with_user(self.police_user).action_refresh_lines()
        record.with_user(self.police_user).action_submit()
        self.assertEqual(record.state, "submitted")
        with self.assertRaises(AccessError):
            self.env["rehab.monthly.list.return"].with_user(self.police_user).create(
                {"list_id": record.id, "reason": "x"}
            )

    def test_no_return_once_received(self):
        record = self._confirmed_list()
        record.with_user(self.police_user).action_send()
        record.with_user(self.vbsp_user).action_receive()
        wizard = (
            self.env["rehab.monthly.list.return"]
            .with_user(self.chairman_user)
            .create({"list_id": record.id, "reason": "Muộn"})
        )
        with self.assertRaisesRegex(UserError, "«Return» is taken only when"):
            wizard.action_return()

    def test_bank_receives_and_reads_only_what_was_sent(self):
        record = self._confirmed_list()
        bank = self.List.with_user(self.vbsp_user)
        self.assertFalse(bank.search([("id", "=", record.id)]))
        self.assertFalse(self.Person.with_user(self.vbsp_user).search([]))
        record.with_user(self.police_user).action_send()
        self.assertEqual(record.state, "sent")
        self.assertEqual(record.vbsp_office_id, self.office_a)
        self.assertTrue(
            record.activity_ids.filtered(lambda a: a.user_id == self.vbsp_user)
        )
        self.assertEqual(bank.search([("id", "=", record.id)]), record)
        people = self.Person.with_user(self.vbsp_user).search([])
        self.assertEqual(people, record.line_ids.person_id)
        # The bank sees the person, never their rehab history.
        with self.assertRaises(AccessError):
            self.person_a1.with_user(self.vbsp_user).read(["rehab_route"])
        record.with_user(self.vbsp_user).action_receive()
        self.assertEqual(record.state, "received")
        self.assertEqual(record.received_by_id, self.vbsp_user)
        with self.assertRaisesRegex(UserError, "belongs to another role"):
            record.with_user(self.police_user).action_receive()
