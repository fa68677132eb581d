# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bad input over the loan's form and its wizards.

How each bad value is tried: tests/common_bad_input.py.
"""

from datetime import date, timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from ..tools.rehab_rules import agency_date
from .common_bad_input import LONG_TEXT, NEW, BadInputMixin
from .common_loan import LoanCase

INSTALLMENT_FIELDS = [
    "due_date",
    "principal_paid",
    "interest_paid",
    "overdue_interest_paid",
    "interest_waived",
    "principal_written_off",
    "overdue_principal_days",
]


@tagged("post_install", "-at_install")
class TestBadInputLoan(BadInputMixin, LoanCase):
    LOAN_MODELS = (
        "rehab.loan",
        "rehab.loan.installment",
        "rehab.loan.disbursement",
        "rehab.loan.repayment",
        "rehab.loan.extension",
        "rehab.loan.risk",
    )
    LOAN_FIELDS = [
        "state",
        "amount_approved",
        "term_months",
        "grace_months",
        "decision_date",
        "disbursed_amount",
        "outstanding_principal",
        "overdue_interest",
        "risk_action",
        "review_note",
    ]

    def _loan_form(self, env, **values):
        form = Form(env["rehab.loan"].with_user(self.vbsp_user))
        form.slip_id = self.slip
        form.purpose = "production"
        form.amount_requested = 10_000_000
        form.term_months = 12
        form.savings_group_id = self.group
        for name, value in values.items():
            setattr(form, name, value)
        return form

    def _step(self, env, model, loan, user, method, **values):
        form = Form(env[model].with_user(user).with_context(default_loan_id=loan.id))
        for name, value in values.items():
            if name == "installment_ids":
                for installment in value:
                    form.installment_ids.add(installment)
            else:
                setattr(form, name, value)
        return getattr(form.save(), method)()

    def _refused_step(self, loan, model, user, method, cases, *, exception=UserError):
        for values, english, vietnamese, new in cases:
            with self.subTest(wizard=model, values=values):
                self.assertRefused(
                    lambda env, v=values: self._step(
                        env, model, loan, user, method, **v
                    ),
                    exception,
                    english,
                    vietnamese,
                    new=new,
                    models=self.LOAN_MODELS,
                    records=[loan, loan.installment_ids],
                    fnames=[self.LOAN_FIELDS, INSTALLMENT_FIELDS],
                )

    def test_application_form(self):
        sequence = self.env.ref("post_rehab_credit.seq_rehab_loan")
        number = sequence.number_next_actual
        cases = [
            (
                {"amount_requested": 0},
                "The amount requested must be positive.",
                "Số tiền đề nghị vay phải lớn hơn 0.",
                NEW,
            ),
            (
                {"amount_requested": -10_000_000},
                "The amount requested must be positive.",
                "Số tiền đề nghị vay phải lớn hơn 0.",
                NEW,
            ),
            (
                {"term_months": 0},
                "The term must be between 1 and 120 months.",
                "Thời hạn vay phải từ 1 đến 120 tháng.",
                False,
            ),
            (
                {"term_months": 121},
                "The term must be between 1 and 120 months.",
                "Thời hạn vay phải từ 1 đến 120 tháng.",
                False,
            ),
            (
                {"grace_months": 12},
                "The grace must be shorter than the term.",
                "Thời gian ân hạn phải ngắn hơn thời hạn vay.",
                False,
            ),
            (
                {"grace_months": -1},
                "The grace cannot be negative.",
                "Thời gian ân hạn không được âm.",
                NEW,
            ),
            (
                {"household_rep_citizen_id": "12 34"},
                "Representative's citizen ID 12 34 of Hoàng Văn Sáng: The citizen "
                "ID must contain digits only.",
                "Số CCCD người đại diện 12 34 của Hoàng Văn Sáng",
                "Representative's citizen ID 12 34 of Hoàng Văn Sáng",
            ),
        ]
        for values, english, vietnamese, new in cases:
            with self.subTest(values=values):
                self.assertRefused(
                    lambda env, v=values: self._loan_form(env, **v).save(),
                    ValidationError,
                    english,
                    vietnamese,
                    new=new,
                    models=self.LOAN_MODELS,
                    records=self.slip,
                    fnames=["state", "used_date"],
                )
        # Nothing of a refused application is kept: not even its number.
        sequence.invalidate_recordset()
        self.assertEqual(sequence.number_next_actual, number)
        self.assertEqual(self.slip.state, "valid")
        self.assertRequiredFields(
            self._loan_form,
            "rehab.loan",
            {"purpose": "Mục đích vay", "slip_id": "Phiếu giới thiệu"},
            models=self.LOAN_MODELS,
        )
        # An application written in any script, with long minutes, goes through.
        loan = self._loan_form(
            self.env, household_rep_name="Lò Thị Ỏn – 李", household_rep_relation="Mẹ"
        ).save()
        self.assertEqual(loan.household_rep_name, "Lò Thị Ỏn – 李")
        self._step(
            self.env,
            "rehab.loan.review",
            loan,
            self.savings_user,
            "action_record",
            members_present=5,
            note=LONG_TEXT,
        )
        self.assertEqual(loan.review_note, LONG_TEXT)

    def test_review_wizard(self):
        loan = self._application()  # on 15/05/2026
        today = agency_date()
        self._refused_step(
            loan,
            "rehab.loan.review",
            self.savings_user,
            "action_record",
            [
                (
                    {"members_present": 0, "note": "Họp tổ"},
                    "Give the number of members present at the meeting.",
                    "Ghi số thành viên dự họp.",
                    False,
                ),
                (
                    {"members_present": -3, "note": "Họp tổ"},
                    "Give the number of members present at the meeting.",
                    "Ghi số thành viên dự họp.",
                    False,
                ),
                (
                    {"members_present": 6, "note": "Họp tổ"},
                    "More members present than the group has.",
                    "Số thành viên dự họp nhiều hơn số thành viên của tổ.",
                    False,
                ),
                (
                    {
                        "members_present": 4,
                        "note": "Họp tổ",
                        "meeting_date": today + timedelta(days=1),
                    },
                    "The meeting cannot be in the future.",
                    "Ngày họp không thể là ngày trong tương lai.",
                    False,
                ),
                (
                    {
                        "members_present": 4,
                        "note": "Họp tổ",
                        "meeting_date": date(2026, 5, 14),
                    },
                    "The meeting cannot be dated before the loan application of "
                    "15/05/2026.",
                    "Ngày họp tổ không được trước ngày lập hồ sơ vay, 15/05/2026.",
                    False,
                ),
                (
                    {"members_present": 4, "note": "  \n "},
                    "Write the minutes of the group meeting.",
                    "Ghi biên bản họp của tổ.",
                    NEW,
                ),
            ],
        )
        for fname in ("note", "meeting_date", "result"):
            with self.subTest(required=fname):
                values = {"members_present": 4, "note": "Họp tổ", fname: False}
                with self.assertRaisesRegex(AssertionError, "required"):
                    self._step(
                        self.env,
                        "rehab.loan.review",
                        loan,
                        self.savings_user,
                        "action_record",
                        **values,
                    )
        self.assertEqual(loan.state, "draft")

    def test_decide_wizard(self):
        loan = self._application()
        self._reviewed_and_confirmed(loan)
        future = agency_date() + timedelta(days=1)
        approve = {"decision_date": date(2026, 6, 1)}
        self._refused_step(
            loan,
            "rehab.loan.decide",
            self.vbsp_user,
            "action_decide",
            [
                (
                    {"decision_date": future},
                    "The decision cannot be dated in the future.",
                    "Ngày quyết định không thể là ngày trong tương lai.",
                    False,
                ),
                (
                    {"decision_date": date(1900, 1, 1)},
                    "The decision cannot be dated before the group review of "
                    "20/05/2026.",
                    "Quyết định cho vay không được ghi ngày trước ngày bình xét "
                    "của tổ, 20/05/2026.",
                    False,
                ),
                (
                    {**approve, "amount": 0},
                    "The approved amount must be positive.",
                    "Số tiền được duyệt phải lớn hơn 0.",
                    False,
                ),
                (
                    {**approve, "amount": -1},
                    "The approved amount must be positive.",
                    "Số tiền được duyệt phải lớn hơn 0.",
                    False,
                ),
                (
                    {**approve, "amount": 200_000_001},
                    "The bank approves at most what was requested and agreed by "
                    "the group: 10.000.000 đồng.",
                    "Ngân hàng chỉ phê duyệt tối đa số tiền đã đề nghị và được tổ "
                    "nhất trí: 10.000.000 đồng.",
                    False,
                ),
                (
                    {**approve, "term_months": 0},
                    "The term must be between 1 and 120 months.",
                    "Thời hạn vay phải từ 1 đến 120 tháng.",
                    False,
                ),
                (
                    {**approve, "term_months": 121},
                    "The term must be between 1 and 120 months.",
                    "Thời hạn vay phải từ 1 đến 120 tháng.",
                    False,
                ),
                (
                    {**approve, "grace_months": 12},
                    "The grace must be shorter than the term.",
                    "Thời gian ân hạn phải ngắn hơn thời hạn vay.",
                    False,
                ),
                (
                    {**approve, "grace_months": -1},
                    "The grace cannot be negative.",
                    "Thời gian ân hạn không được âm.",
                    NEW,
                ),
                (
                    {**approve, "term_months": 10, "frequency": "3"},
                    "Term and grace must be whole repayment periods.",
                    "Thời hạn vay và ân hạn phải là số nguyên kỳ trả nợ.",
                    False,
                ),
                (
                    {"decision": "reject", "note": " \n "},
                    "Give the reason for rejecting the loan.",
                    "Ghi rõ lý do từ chối cho vay.",
                    False,
                ),
            ],
            exception=UserError,
        )
        # Every rule broken at once is listed at once.
        self._refused_step(
            loan,
            "rehab.loan.decide",
            self.vbsp_user,
            "action_decide",
            [
                (
                    {**approve, "amount": 0, "term_months": 0},
                    "The approved amount must be positive.\nThe term must be "
                    "between 1 and 120 months.",
                    "Số tiền được duyệt phải lớn hơn 0.\nThời hạn vay phải từ 1 đến "
                    "120 tháng.",
                    False,
                )
            ],
            exception=ValidationError,
        )
        # An empty repayment frequency is refused by the form, and no longer
        # crashes (division by zero) when it comes by another way.
        with self.assertRaisesRegex(AssertionError, "frequency"):
            self._step(
                self.env,
                "rehab.loan.decide",
                loan,
                self.vbsp_user,
                "action_decide",
                frequency=False,
            )
        self.assertRefused(
            lambda env: (
                env["rehab.loan.decide"]
                .with_user(self.vbsp_user)
                .create(
                    {
                        "loan_id": loan.id,
                        "decision_date": date(2026, 6, 1),
                        "amount": 10_000_000,
                        "term_months": 12,
                        "frequency": False,
                    }
                )
                .action_decide()
            ),
            ValidationError,
            "a mandatory field is not set",
            "trường bắt buộc chưa được đặt",
            records=loan,
            fnames=self.LOAN_FIELDS,
        )
        self.assertEqual(loan.state, "confirmed")

    def test_disburse_wizard(self):
        loan = self._approved()
        self._refused_step(
            loan,
            "rehab.loan.disburse",
            self.vbsp_user,
            "action_disburse",
            [
                (
                    {"amount": 0},
                    "The amount disbursed must be positive.",
                    "Số tiền giải ngân phải lớn hơn 0.",
                    False,
                ),
                (
                    {"amount": -5_000_000},
                    "The amount disbursed must be positive.",
                    "Số tiền giải ngân phải lớn hơn 0.",
                    False,
                ),
                (
                    {"amount": 10_000_001},
                    "The disbursements would exceed the approved amount.",
                    "Tổng số tiền giải ngân sẽ vượt số tiền được duyệt.",
                    False,
                ),
                (
                    {"date": date(2026, 5, 31)},
                    "A tranche cannot be dated before the decision or the first "
                    "tranche.",
                    "Ngày giải ngân không thể trước ngày phê duyệt",
                    False,
                ),
                (
                    {"date": date(1900, 1, 1)},
                    "A tranche cannot be dated before the decision",
                    "Ngày giải ngân không thể trước ngày phê duyệt",
                    False,
                ),
                (
                    {"date": agency_date() + timedelta(days=1)},
                    "A disbursement cannot be dated in the future.",
                    "Ngày giải ngân không thể là ngày trong tương lai.",
                    NEW,
                ),
            ],
        )
        self.assertEqual(loan.state, "approved")
        self._step(
            self.env,
            "rehab.loan.disburse",
            loan,
            self.vbsp_user,
            "action_disburse",
            date=date(2026, 6, 1),
            place="Điểm giao dịch xã – Nhà văn hóa bản Khòn Pổ " + LONG_TEXT,
        )
        self.assertEqual(
            loan.disbursement_ids.place,
            "Điểm giao dịch xã – Nhà văn hóa bản Khòn Pổ " + LONG_TEXT,
        )

    def test_repay_wizard(self):
        loan = self._disbursed()
        self._refused_step(
            loan,
            "rehab.loan.repay",
            self.vbsp_user,
            "action_post",
            [
                (
                    {"amount": 0},
                    "The amount repaid must be positive.",
                    "Số tiền trả nợ phải lớn hơn 0.",
                    False,
                ),
                (
                    {"amount": -100_000},
                    "The amount repaid must be positive.",
                    "Số tiền trả nợ phải lớn hơn 0.",
                    False,
                ),
                (
                    {"amount": 100_000, "date": agency_date() + timedelta(1)},
                    "A repayment cannot be dated in the future.",
                    "Ngày trả nợ không thể là ngày trong tương lai.",
                    False,
                ),
                (
                    {"amount": 100_000, "date": date(2026, 5, 31)},
                    "A repayment cannot be dated before the disbursement.",
                    "Ngày trả nợ không thể trước ngày giải ngân.",
                    False,
                ),
                (
                    {"amount": 100_000, "date": date(1900, 1, 1)},
                    "A repayment cannot be dated before the disbursement.",
                    "Ngày trả nợ không thể trước ngày giải ngân.",
                    False,
                ),
                (
                    {"amount": 1_000_000_000, "date": date(2026, 7, 1)},
                    "đồng more than the loan owes.",
                    "Số tiền trả nhiều hơn số nợ",
                    False,
                ),
            ],
        )

    def test_extend_wizard(self):
        loan = self._disbursed()
        unpaid = loan.installment_ids.filtered(lambda i: not i.is_paid)[-2:]
        reason = "Gia đình gặp khó khăn – lũ quét"
        self._refused_step(
            loan,
            "rehab.loan.extend",
            self.vbsp_user,
            "action_extend",
            [
                (
                    {"months": 3, "reason": reason},
                    "Choose the instalments of this loan to extend.",
                    "Hãy chọn các kỳ trả nợ của khoản vay này cần gia hạn.",
                    False,
                ),
                (
                    {"installment_ids": unpaid, "months": 0, "reason": reason},
                    "The extension must be at least one month.",
                    "Thời gian gia hạn phải ít nhất một tháng.",
                    NEW,
                ),
                (
                    {"installment_ids": unpaid, "months": -2, "reason": reason},
                    "The extension must be at least one month.",
                    "Thời gian gia hạn phải ít nhất một tháng.",
                    NEW,
                ),
                (
                    {"installment_ids": unpaid, "months": 13, "reason": reason},
                    "An instalment may be extended by at most 12 months in all.",
                    "Mỗi kỳ trả nợ được gia hạn tổng cộng tối đa 12 tháng.",
                    False,
                ),
                (
                    {"installment_ids": unpaid, "months": 3, "reason": " \t"},
                    "Give the reason for the extension.",
                    "Ghi rõ lý do gia hạn nợ.",
                    False,
                ),
            ],
        )
        # An extension within the limit for one instalment, then one too long
        # for the other only: nothing is moved, not even the first.
        first, second = unpaid
        self._step(
            self.env,
            "rehab.loan.extend",
            loan,
            self.vbsp_user,
            "action_extend",
            installment_ids=second,
            months=10,
            reason=reason,
        )
        self._refused_step(
            loan,
            "rehab.loan.extend",
            self.vbsp_user,
            "action_extend",
            [
                (
                    {"installment_ids": unpaid, "months": 3, "reason": reason},
                    "An instalment may be extended by at most 12 months in all.",
                    "Mỗi kỳ trả nợ được gia hạn tổng cộng tối đa 12 tháng.",
                    False,
                ),
            ],
        )
        self.assertEqual(first.due_date, first.original_due_date)

    def test_risk_wizard(self):
        loan = self._disbursed()
        grounds = "Biên bản xác minh của UBND xã ngày 10/11/2026"
        self._refused_step(
            loan,
            "rehab.loan.risk.handle",
            self.vbsp_user,
            "action_apply",
            [
                (
                    {"cause": "illness", "action": "freeze", "note": "  "},
                    "Give the grounds of the risk handling.",
                    "Ghi rõ căn cứ xử lý rủi ro.",
                    False,
                ),
                (
                    {
                        "cause": "disaster",
                        "action": "write_off_interest",
                        "note": grounds,
                        "date": agency_date() + timedelta(days=1),
                    },
                    "Risk handling cannot be dated in the future.",
                    "Ngày xử lý rủi ro không thể là ngày trong tương lai.",
                    NEW,
                ),
                (
                    {
                        "cause": "death",
                        "action": "write_off_principal",
                        "note": grounds,
                        "date": date(2026, 5, 1),
                    },
                    "Risk handling cannot be dated before the disbursement.",
                    "Ngày xử lý rủi ro không thể trước ngày giải ngân.",
                    NEW,
                ),
            ],
        )
        for fname in ("cause", "action", "note"):
            with self.subTest(required=fname):
                values = {"cause": "other", "action": "freeze", "note": grounds}
                values[fname] = False
                with self.assertRaisesRegex(AssertionError, "required"):
                    self._step(
                        self.env,
                        "rehab.loan.risk.handle",
                        loan,
                        self.vbsp_user,
                        "action_apply",
                        **values,
                    )
        self.assertLabel("rehab.loan.risk.handle", "note", "Căn cứ (quyết định, hồ sơ)")
        self._step(
            self.env,
            "rehab.loan.risk.handle",
            loan,
            self.vbsp_user,
            "action_apply",
            cause="illness",
            action="freeze",
            note=LONG_TEXT,
        )
        self.assertEqual(loan.risk_ids.note, LONG_TEXT.strip())

    def test_interest_rate_and_capital(self):
        # The rates are the national administrator's, from today or later.
        later = self.env["rehab.interest.rate"]._rehab_today() + timedelta(days=30)
        self.env["rehab.interest.rate"].sudo().create(
            {
                "effective_date": later - timedelta(days=1),
                "annual_rate": 6.6,
                "legal_number": "TEST/2026",
            }
        )

        def rate_form(env, **values):
            form = Form(env["rehab.interest.rate"].with_user(self.national_admin_user))
            form.effective_date = later
            form.annual_rate = 6.6
            form.legal_number = "TEST/2026"
            for name, value in values.items():
                setattr(form, name, value)
            return form

        def rate(env, **values):
            return rate_form(env, **values).save()

        annual = (
            "The annual rate must be between 0 and 100 %.",
            "Lãi suất năm phải lớn hơn 0 và nhỏ hơn 100 %.",
        )
        overdue = (
            "The overdue rate must be between 100 % and 300 % of the rate.",
            "Lãi suất quá hạn phải từ 100 % đến 300 % lãi suất cho vay.",
        )
        cases = [
            ({"annual_rate": 0}, *annual),
            ({"annual_rate": -6.6}, *annual),
            ({"annual_rate": 100}, *annual),
            ({"annual_rate": 660}, *annual),
            ({"overdue_multiplier": 99.9}, *overdue),
            ({"overdue_multiplier": 301}, *overdue),
            (
                {"effective_date": later - timedelta(days=1)},
                "The operation cannot be completed: One rate per effective date.",
                "Không thể hoàn tất thao tác: Mỗi ngày hiệu lực chỉ có một mức lãi",
            ),
        ]
        for values, english, vietnamese in cases:
            with self.subTest(values=values):
                self.assertRefused(
                    lambda env, v=values: rate(env, **v),
                    ValidationError,
                    english,
                    vietnamese,
                    models=("rehab.interest.rate",),
                )
        self.assertRequiredFields(
            rate_form,
            "rehab.interest.rate",
            {"effective_date": "Ngày hiệu lực"},
            models=("rehab.interest.rate",),
        )
        self.assertEqual(rate(self.env, note=LONG_TEXT).note, LONG_TEXT)

        def allocation_form(env, user=None, **values):
            model = env["rehab.capital.allocation"].with_user(
                user or self.vbsp_manager_user
            )
            form = Form(model)
            form.source = "province"
            form.decision_number = "125/QĐ-UBND"
            form.decision_date = date(2026, 6, 1)
            form.company_id = self.branch_a
            form.amount = 5_000_000_000
            for name, value in values.items():
                setattr(form, name, value)
            return form

        def allocation(env, user=None, **values):
            return allocation_form(env, user=user, **values).save()

        cases = [
            (
                {"amount": 0},
                self.vbsp_manager_user,
                "The amount allocated must be positive.",
                "Số vốn bố trí phải lớn hơn 0.",
                False,
            ),
            (
                {"amount": -1_000_000},
                self.vbsp_manager_user,
                "The amount allocated must be positive.",
                "Số vốn bố trí phải lớn hơn 0.",
                False,
            ),
            (
                {"company_id": self.commune_a1},
                self.admin_user,
                "Capital is entrusted to a unit of the bank.",
                "Nguồn vốn được ủy thác cho một đơn vị của Ngân hàng Chính sách xã",
                False,
            ),
            (
                {"decision_date": agency_date() + timedelta(days=1)},
                self.vbsp_manager_user,
                "The decision cannot be dated in the future.",
                "Ngày quyết định không thể là ngày trong tương lai.",
                False,
            ),
        ]
        for values, user, english, vietnamese, new in cases:
            with self.subTest(values=values):
                self.assertRefused(
                    lambda env, v=values, u=user: allocation(env, user=u, **v),
                    ValidationError,
                    english,
                    vietnamese,
                    new=new,
                    models=("rehab.capital.allocation",),
                )
        self.assertRequiredFields(
            allocation_form,
            "rehab.capital.allocation",
            {"decision_number": "Số quyết định", "source": "Nguồn"},
            models=("rehab.capital.allocation",),
        )
