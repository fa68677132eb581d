import base64
import random
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from ..tools import notice_rules
from ..tools.rehab_rules import params_from_env
from .common import JsonRpcMixin, PostRehabCreditCase, set_rule
from .common_loan import LoanCase
from .document_reading import pdf_text

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
# Words that tie a document to the programme.
PROGRAMME_WORDS = ("cai nghiện", "08/2026", "rehab", "ma túy", "ma tuý")
NOTICE = "post_rehab_credit.action_report_public_notice"


def set_param(env, key, value):
    set_rule(env, key, float(value))


def row(people, loans, amount):
    return {"people": people, "loans": loans, "amount": amount}


def totals_of(rows):
    return {key: sum(values[key] for __, values in rows) for key in notice_rules.KEYS}


@tagged("post_install", "-at_install")
class TestNoticeRules(TransactionCase):
    """The small counts, without a database."""

    def test_small_counts_are_hidden_zero_is_not(self):
        self.assertFalse(notice_rules.is_small(0, 3))
        self.assertTrue(notice_rules.is_small(1, 3))
        self.assertTrue(notice_rules.is_small(2, 3))
        self.assertFalse(notice_rules.is_small(3, 3))
        self.assertFalse(notice_rules.is_small(1, 1))
        self.assertIsNone(notice_rules.cell(2, 3))
        self.assertEqual(notice_rules.cell(0, 3), 0)
        self.assertIsNone(notice_rules.amount_cell(1, 5_000_000, 3))
        self.assertEqual(notice_rules.amount_cell(4, 5_000_000, 3), 5_000_000)

    def test_villages_with_only_small_counts_are_not_named(self):
        rows = [
            ("Bản A", {"people": 4, "loans": 1, "amount": 10}),
            ("Bản B", {"people": 1, "loans": 1, "amount": 20}),
            ("Bản C", {"people": 2, "loans": 0, "amount": 0}),
            ("Bản D", {"people": 0, "loans": 3, "amount": 40}),
        ]
        named, others = notice_rules.merge_small_rows(rows, 3)
        self.assertEqual([label for label, __ in named], ["Bản A", "Bản D"])
        self.assertEqual(others, {"people": 3, "loans": 1, "amount": 20})
        named, others = notice_rules.merge_small_rows(rows, 1)
        self.assertEqual(len(named), 4)
        self.assertIsNone(others)

    def _printed(self, tables, minimum=3):
        """The tables as printed, each checked: no hidden cell can be told
        from it, every shown figure is the true one, no small count shown."""
        totals = totals_of(tables[0])
        printed, total = notice_rules.protect_tables(tables, totals, minimum)
        for rows, shown in zip(tables, printed, strict=True):
            self.assertEqual(notice_rules.derivable(shown, total), [])
            for (label, values), (shown_label, cells) in zip(rows, shown, strict=True):
                self.assertEqual(label, shown_label)
                for key in notice_rules.KEYS:
                    if cells[key] is not None:
                        self.assertEqual(cells[key], values[key])
                        if key != "amount":
                            self.assertFalse(
                                notice_rules.is_small(values[key], minimum)
                            )
                self.assertEqual(cells["loans"] is None, cells["amount"] is None)
        for key in notice_rules.KEYS:
            if total[key] is not None:
                self.assertEqual(total[key], totals[key])
        return printed, total

    def test_the_old_notice_gave_the_hidden_cells_away(self):
        # The first notice hid the small counts only: the checker finds them.
        rows = [
            ("Bản Khòn Pổ", {"people": 7, "loans": None, "amount": None}),
            ("Bản Nà Làng", {"people": 5, "loans": 4, "amount": 300_000_000}),
        ]
        total = {"people": 12, "loans": 6, "amount": 500_000_000}
        self.assertEqual(
            notice_rules.derivable(rows, total), [("loans", 0), ("amount", 0)]
        )
        # Two hidden counts whose sum is their number are both 1.
        rows = [
            ("A", {"people": None, "loans": 0, "amount": 0}),
            ("B", {"people": None, "loans": 0, "amount": 0}),
            ("C", {"people": 5, "loans": 0, "amount": 0}),
        ]
        total = {"people": 7, "loans": 0, "amount": 0}
        self.assertEqual(
            notice_rules.derivable(rows, total), [("people", 0), ("people", 1)]
        )
        total["people"] = None
        self.assertEqual(notice_rules.derivable(rows, total), [])

    def test_a_named_village_small_loans_hidden_with_the_next_smallest(self):
        villages = [
            ("Bản Khòn Pổ", row(7, 2, 200_000_000)),
            ("Bản Nà Làng", row(5, 4, 300_000_000)),
            ("Bản Pác Nặm", row(6, 9, 700_000_000)),
        ]
        (printed,), total = self._printed([villages])
        cells = dict(printed)
        # Khòn Pổ stays named; its loans and those of the next smallest
        # village are hidden, with their amounts; the largest row shows.
        self.assertEqual(cells["Bản Khòn Pổ"], row(7, None, None))
        self.assertEqual(cells["Bản Nà Làng"], row(5, None, None))
        self.assertEqual(cells["Bản Pác Nặm"], row(6, 9, 700_000_000))
        self.assertEqual(total, row(18, 15, 1_200_000_000))

    def test_a_small_purpose_hidden_with_the_other(self):
        purposes = [
            ("Production", row(9, 4, 400_000_000)),
            ("Training", row(4, 1, 12_000_000)),
        ]
        (printed,), total = self._printed([purposes])
        self.assertEqual(
            printed,
            [("Production", row(9, None, None)), ("Training", row(4, None, None))],
        )
        # The totals stay printed: they give nothing of one row.
        self.assertEqual(total, row(13, 5, 412_000_000))

    def test_hidden_counts_all_one_are_hidden_with_a_larger_one(self):
        rows = [
            ("A", row(1, 0, 0)),
            ("B", row(1, 0, 0)),
            ("C", row(3, 0, 0)),
            ("D", row(8, 0, 0)),
        ]
        (printed,), total = self._printed([rows])
        self.assertEqual([values["people"] for __, values in printed], [None] * 3 + [8])
        self.assertEqual(total["people"], 13)

    def test_a_column_with_nothing_left_to_hide_is_withheld_everywhere(self):
        villages = [("A", row(1, 3, 30)), ("B", row(1, 4, 40)), ("C", row(1, 0, 0))]
        purposes = [("Production", row(3, 7, 70))]
        (by_village, by_purpose), total = self._printed([villages, purposes])
        # 1 + 1 + 1 = 3: the hidden cells would be known; the total of the
        # column and the other table's cell are hidden too.
        self.assertEqual([v["people"] for __, v in by_village], [None] * 3)
        self.assertEqual(by_purpose, [("Production", row(None, 7, 70))])
        self.assertIsNone(total["people"])
        self.assertEqual((total["loans"], total["amount"]), (7, 70))

    def test_a_small_total_is_hidden(self):
        rows = [("A", row(1, 1, 10)), ("B", row(1, 0, 0))]
        (printed,), total = self._printed([rows])
        self.assertEqual(total, row(None, None, None))
        self.assertEqual(
            printed, [("A", row(None, None, None)), ("B", row(None, 0, 0))]
        )

    def test_minimum_one_prints_everything(self):
        rows = [("A", row(1, 1, 10)), ("B", row(4, 2, 30))]
        (printed,), total = self._printed([rows], minimum=1)
        self.assertEqual(printed, rows)
        self.assertEqual(total, row(5, 3, 40))

    def test_no_hidden_cell_can_be_told_from_any_table(self):
        """Random communes: people and loans spread over villages and over
        purposes (two tables of the same units), each printed table checked."""
        generator = random.Random(2026)
        for __ in range(400):
            minimum = generator.choice((2, 3, 3, 5))
            units = []
            for __ in range(generator.randrange(1, 40)):
                loans = generator.choice((0, 0, 1, 1, 2))
                units.append(
                    (
                        generator.randrange(6),
                        generator.randrange(3),
                        loans,
                        loans * generator.randrange(1, 100),
                    )
                )
            tables = []
            for axis in (0, 1):
                grouped = {}
                for unit in units:
                    values = grouped.setdefault(unit[axis], row(0, 0, 0))
                    values["people"] += 1
                    values["loans"] += unit[2]
                    values["amount"] += unit[3]
                tables.append(sorted(grouped.items()))
            with self.subTest(units=units, minimum=minimum):
                self._printed(tables, minimum)


class NoticeCase(LoanCase):
    """Commune A1 in June–December 2026, counted by hand:

    ======================  ======  =====  ===========
    village                 people  loans  amount
    ======================  ======  =====  ===========
    Bản Khòn Pổ             4       3      60,000,000
    Bản Nà Dạ (other)       1       1      15,000,000
    Bản Pò Khoang (other)   1       0      0
    ======================  ======  =====  ===========

    by purpose: production 5 people, 4 loans, 75,000,000; training 1 person.

    Printed (minimum 3): by village every cell hidden (one small cell a
    column, hidden with the other row's); by purpose the people hidden.
    The notices are made and printed on TODAY, after the period.
    """

    TODAY = "2027-01-10"
    PERIOD = {
        "period": "range",
        "date_from": date(2026, 6, 1),
        "date_to": date(2026, 12, 31),
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Person = cls.Person
        cls.third_a1 = Person.create(
            cls.person_vals(cls.commune_a1, name="Lò Văn Ba", citizen_id="020090900021")
        )
        cls.trainee_a1 = Person.create(
            cls.person_vals(
                cls.commune_a1,
                name="Vi Thị Học",
                citizen_id="020090900022",
                purpose="training",
                training_institution="Trung tâm giáo dục nghề nghiệp huyện",
                training_course="Sửa chữa xe máy",
                training_confirmation=base64.b64encode(b"%PDF-1.4"),
            )
        )
        cls.nada_a1 = Person.create(
            cls.person_vals(
                cls.commune_a1,
                name="Nông Văn Dạ",
                citizen_id="020090900023",
                village="Bản Nà Dạ",
            )
        )
        cls.pokhoang_a1 = Person.create(
            cls.person_vals(
                cls.commune_a1,
                name="Hà Thị Khoang",
                citizen_id="020090900024",
                village="Bản Pò Khoang",
            )
        )

    def _class_fixtures(self):
        cls = type(self)
        cls.point = self.env["rehab.transaction.point"].create(
            {
                "name": "Trụ sở UBND xã A1",
                "vbsp_office_id": self.office_a.id,
                "company_id": self.commune_a1.id,
                "session_day": 10,
            }
        )
        cls.loans = self._approved(10_000_000)
        for person, amount in (
            (self.second_a1, 20_000_000),
            (self.third_a1, 30_000_000),
            (self.nada_a1, 15_000_000),
        ):
            line = self.record.line_ids.filtered(lambda li, p=person: li.person_id == p)
            cls.slip = self.env["rehab.referral.slip"].create({"line_id": line.id})
            cls.loans |= self._approved(amount)
        cls.names = [
            name
            for name in self.record.line_ids.mapped("person_name")
            + self.loans.mapped("household_rep_name")
            if name
        ]

    def setUp(self):
        super().setUp()
        # The notice covers no day after today.
        freezer = freeze_time(self.TODAY)
        freezer.start()
        self.addCleanup(freezer.stop)

    def _notice(self, user, **values):
        form = Form(self.env["rehab.public.notice"].with_user(user))
        period = {} if values.get("period") == "month" else self.PERIOD
        for name, value in dict(period, **values).items():
            setattr(form, name, value)
        return form.save()

    def _pdf(self, report, notice, user):
        Report = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(force_report_rendering=True)
        )
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            pdf, kind = Report._render_qweb_pdf(report, notice.ids)
        self.assertEqual(kind, "pdf")
        return " ".join(pdf_text(pdf).split())


@tagged("post_install", "-at_install")
class TestPublicNotice(HttpCase, NoticeCase):
    def test_figures_equal_hand_counts(self):
        notice = self._notice(self.chairman_user)
        self.assertEqual(notice.company_id, self.commune_a1)
        self.assertEqual(
            (notice.period_start, notice.period_end),
            (date(2026, 6, 1), date(2026, 12, 31)),
        )
        figures = notice._notice_figures()
        self.assertEqual(
            (figures["people"], figures["loans"], figures["amount"]),
            (6, 4, 75_000_000),
        )
        villages = dict(figures["villages"])
        self.assertEqual(
            villages["Bản Khòn Pổ"], {"people": 4, "loans": 3, "amount": 60_000_000}
        )
        self.assertEqual(
            villages["Bản Nà Dạ"], {"people": 1, "loans": 1, "amount": 15_000_000}
        )
        self.assertEqual(
            villages["Bản Pò Khoang"], {"people": 1, "loans": 0, "amount": 0}
        )
        purposes = dict(figures["purposes"])
        self.assertEqual(
            purposes["Production, business and jobs"],
            {"people": 5, "loans": 4, "amount": 75_000_000},
        )
        self.assertEqual(purposes["Vocational training"]["people"], 1)
        # The periodic report's own figures, by the same definitions.
        report_figures = self._report_figures()
        self.assertEqual(report_figures["people_listed"], figures["people"])
        self.assertEqual(report_figures["loans_approved"], figures["loans"])
        self.assertEqual(report_figures["amount_approved"], figures["amount"])

    def _report_figures(self):
        plan = self.env["rehab.plan"].create(
            {
                "name": "KH",
                "company_id": self.province_a.id,
                "recipient_id": self.police_a.id,
            }
        )
        report = self.env["rehab.report"].create(
            {
                "plan_id": plan.id,
                "company_id": self.commune_a1.id,
                "period": "year",
                "period_start": "2026-06-01",
                "period_end": "2026-12-31",
                "due_date": "2026-12-15",
            }
        )
        return report._figures()

    def test_the_printed_notice_names_nobody(self):
        notice = self._notice(self.chairman_user)
        action = notice.action_print_notice()
        self.assertEqual(
            action["report_name"], "post_rehab_credit.report_public_notice"
        )
        logs_before = self.env["rehab.access.log"].search_count([])
        text = self._pdf(NOTICE, notice, self.chairman_user)
        self.assertIn(NATION, text)
        self.assertIn("Test commune A1", text)
        # The totals and the named village, by hand.
        # In Vietnamese, as every document of the programme.
        self.assertIn("THÔNG BÁO", text)
        self.assertIn("Số người được xác nhận trong danh sách hằng tháng: 6.", text)
        self.assertIn(
            "Số khoản vay được ngân hàng phê duyệt: 4, tổng số tiền 75.000.000 đồng.",
            text,
        )
        # Villages with only small counts are not named; their row is hidden
        # and so is Khòn Pổ's, else the total would give the other row away.
        self.assertIn("Bản Khòn Pổ … … …", text)
        self.assertNotIn("Bản Nà Dạ", text)
        self.assertNotIn("Bản Pò Khoang", text)
        self.assertIn("Các thôn, bản khác … … …", text)
        self.assertEqual(text.count("Tổng 6 4 75.000.000"), 2, text)
        # By purpose: one person in training, hidden with production's people.
        self.assertIn("Học nghề … 0 0", text)
        self.assertIn("Sản xuất, kinh doanh, tạo việc làm … 4 75.000.000", text)
        self.assertNotIn("<", text)
        self.assertIn("Số nhỏ hơn 3 được ghi «…»", text)
        for name in self.names:
            self.assertNotIn(name, text)
        for person in self.record.line_ids.person_id:
            self.assertNotIn(person.citizen_id, text)
        # It names nobody: no access-log entry.
        self.assertEqual(self.env["rehab.access.log"].search_count([]), logs_before)
        # The file name names nobody either.
        name = self.env.ref(NOTICE)._rehab_download_name(notice.ids)
        self.assertEqual(name, "Thong_bao_cong_khai_T11_2026_06_01")

    def test_settings_choose_the_sections(self):
        set_param(self.env, "notice_loans", "0")
        set_param(self.env, "notice_by_village", "0")
        set_param(self.env, "notice_min_count", "1")
        notice = self._notice(self.police_user)
        text = self._pdf(NOTICE, notice, self.police_user)
        self.assertIn("Số người được xác nhận trong danh sách hằng tháng: 6.", text)
        self.assertNotIn("Số khoản vay", text)
        self.assertNotIn("Số tiền được phê duyệt", text)
        self.assertNotIn("Theo thôn, bản", text)
        self.assertIn("Theo mục đích vay", text)
        # Every figure printed: minimum 1.
        self.assertIn(
            "1 Học nghề 1 2 Sản xuất, kinh doanh, tạo việc làm 5 Tổng 6", text
        )
        self.assertNotIn("Số nhỏ hơn", text)
        set_param(self.env, "notice_loans", "1")
        set_param(self.env, "notice_people", "0")
        set_param(self.env, "notice_by_village", "1")
        set_param(self.env, "notice_by_purpose", "0")
        text = self._pdf(NOTICE, notice, self.police_user)
        self.assertNotIn("Số người được xác nhận", text)
        self.assertIn("Số khoản vay được ngân hàng phê duyệt: 4", text)
        self.assertIn("Bản Nà Dạ 1 15.000.000", text)
        self.assertNotIn("Theo mục đích vay", text)

    def test_a_month(self):
        notice = self._notice(
            self.province_user,
            company_id=self.commune_a1,
            period="month",
            month=date(2026, 12, 1),
        )
        self.assertEqual(
            (notice.period_start, notice.period_end),
            (date(2026, 12, 1), date(2026, 12, 31)),
        )
        figures = notice._notice_figures()
        # The people of the December list; the loans were approved in June.
        self.assertEqual((figures["people"], figures["loans"]), (6, 0))
        text = self._pdf(NOTICE, notice, self.province_user)
        self.assertIn("tháng 12/2026", text)

    def assertRefused(self, pattern, **values):
        with (
            self.assertRaisesRegex(ValidationError, pattern),
            self.env.cr.savepoint(),
        ):
            self._notice(self.chairman_user, **values)

    def test_bad_periods_are_refused(self):
        self.assertRefused(
            "ends after it starts", date_from=date(2026, 8, 1), date_to=date(2026, 7, 1)
        )
        self.assertRefused(
            "a year at most", date_from=date(2026, 1, 1), date_to=date(2027, 1, 2)
        )
        self.assertRefused(
            "to today", date_from=date(2020, 1, 1), date_to=date(2020, 2, 1)
        )
        with freeze_time("2026-07-01"):
            self.assertRefused("to today", period="month", month=date(2026, 8, 1))
            # Nor a month that is not over; the last one is the default.
            self.assertRefused("to today", period="month", month=date(2026, 7, 1))
            notice = self._notice(self.chairman_user, period="month")
            self.assertEqual(
                (notice.period_start, notice.period_end),
                (date(2026, 6, 1), date(2026, 6, 30)),
            )
        # The period ends today at the latest, the agency's today.
        with freeze_time("2026-12-15 16:59:00"):  # 23:59 in Hà Nội
            notice = self._notice(
                self.chairman_user,
                date_from=date(2026, 12, 1),
                date_to=date(2026, 12, 15),
            )
            self.assertEqual(notice.period_end, date(2026, 12, 15))
            self.assertRefused(
                "to today", date_from=date(2026, 12, 1), date_to=date(2026, 12, 16)
            )
            self.assertRefused("to today", period="month", month=date(2026, 12, 1))
        with freeze_time("2026-12-15 17:00:00"):  # 00:00 on the 16th in Hà Nội
            notice = self._notice(
                self.chairman_user,
                date_from=date(2026, 12, 1),
                date_to=date(2026, 12, 16),
            )
            self.assertEqual(notice.period_end, date(2026, 12, 16))
        # The last day of a year's period is accepted.
        notice = self._notice(
            self.chairman_user, date_from=date(2026, 1, 1), date_to=date(2026, 12, 31)
        )
        self.assertEqual(notice.period_end, date(2026, 12, 31))

    def test_who_prints(self):
        # Roles of the commune and the province's officer print.
        for user in (self.police_user, self.chairman_user, self.province_user):
            self._notice(user, company_id=self.commune_a1).action_print_notice()
        # The other roles have no access to the wizard at all.
        for user in (
            self.commune_officer_user,
            self.savings_user,
            self.vbsp_user,
            self.department_user,
        ):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["rehab.public.notice"].with_user(user).create(
                    dict(self.PERIOD, company_id=self.commune_a1.id)
                )
        # The police of another commune: not this commune's notice.
        notice = (
            self.env["rehab.public.notice"]
            .with_user(self.police_b_user)
            .create(dict(self.PERIOD, company_id=self.commune_a1.id))
        )
        with self.assertRaisesRegex(AccessError, "printed by its commune police"):
            notice.action_print_notice()
        with self.assertRaises(AccessError):
            self._pdf(NOTICE, notice, self.police_b_user)


@tagged("post_install", "-at_install")
class TestNoBorrowersList(NoticeCase):
    def test_the_addon_prints_no_list_of_borrowers(self):
        """The neutral list of a point's borrowers is the bank's, from its own
        system: one printed from the addon would name the programme's."""
        self.assertFalse(
            self.env.ref(
                "post_rehab_credit.action_report_public_borrowers",
                raise_if_not_found=False,
            )
        )
        notice = self._notice(self.chairman_user)
        self.assertFalse(hasattr(notice, "action_print_borrowers"))
        self.assertNotIn("list_borrowers", notice._fields)
        self.assertNotIn("rehab_notice_borrowers", self.env["rehab.settings"]._fields)


@tagged("post_install", "-at_install")
class TestPublicNoticeSettings(PostRehabCreditCase):
    def test_sections_saved_and_checked(self):
        Settings = self.env["rehab.settings"].with_user(self.admin_user)
        form = Form(Settings)
        self.assertTrue(form.rehab_notice_people)
        self.assertTrue(form.rehab_notice_by_purpose)
        self.assertEqual(form.rehab_notice_min_count, 3)
        form.rehab_notice_by_purpose = False
        form.rehab_notice_by_village = False
        form.rehab_notice_min_count = 5
        form.rule_legal_number = "TEST/2026"
        form.save().execute()
        # Rules of the administrator's province (its first), not of others.
        params = params_from_env(self.env, province=self.province_a)
        self.assertEqual(params["notice_by_purpose"], 0)
        self.assertEqual(params["notice_by_village"], 0)
        self.assertEqual(params["notice_min_count"], 5)
        self.assertEqual(
            params_from_env(self.env, province=self.province_b)["notice_min_count"], 3
        )
        form = Form(Settings)
        self.assertFalse(form.rehab_notice_by_purpose)
        self.assertFalse(form.rehab_notice_by_village)
        with self.assertRaisesRegex(ValidationError, "1 to 100"):
            Settings.create({"rehab_notice_min_count": 0})
        with self.assertRaisesRegex(ValidationError, "people confirmed, the loans"):
            Settings.create({"rehab_notice_people": False, "rehab_notice_loans": False})
        with self.assertRaises(AccessError):
            self.env["rehab.settings"].with_user(self.police_user).create(
                {"rehab_notice_by_village": False}
            ).execute()


@tagged("post_install", "-at_install")
class TestPublicNoticeOverRpc(JsonRpcMixin, HttpCase, PostRehabCreditCase):
    def _values(self):
        return {
            "company_id": self.commune_a1.id,
            "period": "range",
            "date_from": "2026-06-01",
            "date_to": "2026-11-30",
        }

    def test_roles_refused_over_rpc(self):
        for user in (self.vbsp_user, self.commune_officer_user, self.savings_user):
            with self.subTest(user=user.login):
                result, error = self.rpc(
                    user, "rehab.public.notice", "create", self._values()
                )
                self.assertFalse(result)
                self.assertTrue(error)
        # The police of another commune makes one, and cannot print it.
        notice_id, error = self.rpc(
            self.police_b_user, "rehab.public.notice", "create", self._values()
        )
        self.assertFalse(error)
        result, error = self.rpc(
            self.police_b_user,
            "rehab.public.notice",
            "action_print_notice",
            [notice_id],
        )
        self.assertFalse(result)
        self.assertRegex(error, "printed by its commune police|do Công an xã")
        # Nor can the chairman of the commune print another user's wizard.
        result, error = self.rpc(
            self.chairman_user,
            "rehab.public.notice",
            "action_print_notice",
            [notice_id],
        )
        self.assertFalse(result)
        self.assertTrue(error)
        # The chairman prints their own; there is no borrowers' list.
        notice_id, error = self.rpc(
            self.chairman_user, "rehab.public.notice", "create", self._values()
        )
        self.assertFalse(error)
        result, error = self.rpc(
            self.chairman_user,
            "rehab.public.notice",
            "action_print_notice",
            [notice_id],
        )
        self.assertEqual(
            result["report_name"], "post_rehab_credit.report_public_notice"
        )
        # Nor a period that ends after today.
        result, error = self.rpc(
            self.chairman_user,
            "rehab.public.notice",
            "create",
            dict(self._values(), date_from="2026-06-01", date_to="2099-01-31"),
        )
        self.assertFalse(result)
        self.assertRegex(error, "to today|đến hôm nay")
