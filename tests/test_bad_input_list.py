# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bad input over the monthly lists, their wizards and slips.

How each bad value is tried: tests/common_bad_input.py.
"""

from datetime import date

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import MonthlyListCase
from .common_bad_input import LONG_TEXT, NEW, BadInputMixin


@tagged("post_install", "-at_install")
class TestBadInputList(BadInputMixin, MonthlyListCase):
    LIST_MODELS = ("rehab.monthly.list", "rehab.monthly.list.line")

    def _list_form(self, env, user=None, record=None, **values):
        model = env["rehab.monthly.list"].with_user(user or self.police_user)
        form = Form(model.browse(record.id) if record else model)
        people = values.pop("people", [])
        for name, value in values.items():
            setattr(form, name, value)
        for person in people:
            with form.line_ids.new() as line:
                line.person_id = person
        return form

    def test_list_form_refuses_bad_values(self):
        self._list(month="2026-12-01")
        cases = [
            (
                "a second list for the month",
                {"month_date": date(2026, 12, 1)},
                self.police_user,
                "The operation cannot be completed: A commune has one list per month.",
                "Không thể hoàn tất thao tác: Mỗi xã chỉ có một danh sách mỗi tháng.",
            ),
            (
                "a person of another commune",
                {
                    "company_id": self.commune_a1,
                    "month_date": date(2027, 1, 1),
                    "people": [self.person_b1],
                },
                self.admin_user,
                "Người xã B does not live in Test commune A1.",
                "Người xã B không cư trú tại Test commune A1.",
            ),
            (
                "the same person twice",
                {
                    "month_date": date(2027, 1, 1),
                    "people": [self.person_a1, self.person_a1],
                },
                self.police_user,
                "A person appears once on a monthly list.",
                "Mỗi người chỉ có một dòng trong danh sách hằng tháng.",
            ),
            (
                "a list of a province",
                {"month_date": date(2027, 1, 1), "company_id": self.province_a},
                self.admin_user,
                "must belong to a commune or ward, not to Test province A.",
                "phải thuộc một xã, phường, không thuộc Test province A.",
            ),
        ]
        for case, values, user, english, vietnamese in cases:
            with self.subTest(case=case):
                self.assertRefused(
                    lambda env, v=values, u=user: self._list_form(
                        env, user=u, **dict(v)
                    ).save(),
                    UserError,
                    english,
                    vietnamese,
                    models=self.LIST_MODELS,
                )
        self.assertRequiredFields(
            lambda env: self._list_form(env, month_date=date(2027, 2, 1)),
            "rehab.monthly.list",
            {"month_date": "Tháng"},
            models=self.LIST_MODELS,
        )

    def test_list_edit_keeps_the_record(self):
        record = self._list(month="2026-12-01")
        fnames = ["month_date", "vbsp_office_id", "line_count", "state"]
        line = record.line_ids.filtered(lambda li: li.person_id == self.person_a1)

        def change_person(env):
            form = self._list_form(env, user=self.admin_user, record=record)
            with form.line_ids.edit(0) as edited:
                edited.person_id = self.person_b1
            return form.save()

        cases = [
            (
                "month given by another day",
                lambda env: (
                    record.with_env(env)
                    .with_user(self.admin_user)
                    .write({"month_date": "2026-12-15"})
                ),
                "The month of a list is given by its first day.",
                "Tháng của danh sách được ghi bằng ngày đầu tháng.",
                False,
            ),
            (
                "an office that does not serve the commune",
                lambda env: self._list_form(
                    env,
                    user=self.admin_user,
                    record=record,
                    vbsp_office_id=self.office_b,
                ).save(),
                "The VBSP transaction office Test VBSP office B does not serve "
                "Test commune A1.",
                "Phòng giao dịch NHCSXH Test VBSP office B không phục vụ Test "
                "commune A1.",
                NEW,
            ),
            (
                "a line moved to a person of another commune",
                change_person,
                "Người xã B does not live in Test commune A1.",
                "Người xã B không cư trú tại Test commune A1.",
                False,
            ),
        ]
        for case, call, english, vietnamese, new in cases:
            with self.subTest(case=case):
                self.assertRefused(
                    call,
                    UserError,
                    english,
                    vietnamese,
                    new=new,
                    models=self.LIST_MODELS,
                    records=record,
                    fnames=fnames,
                )
        self.assertEqual(line.person_id, self.person_a1)

    def test_changing_the_person_of_a_line_reads_the_new_person(self):
        record = self._list(month="2026-12-01")
        line = record.line_ids[:1]
        other = (self.person_a1 | self.second_a1 | self.ineligible_a1) - (
            record.line_ids.person_id
        )
        other = other or self.Person.create(
            self.person_vals(
                self.commune_a1, name="Người thứ ba", citizen_id="020090900004"
            )
        )
        line.person_id = other[:1]
        self.assertEqual(line.person_name, other[:1].name)
        self.assertEqual(line.citizen_id, other[:1].citizen_id)

    def test_confirmed_list_is_locked(self):
        record = self._confirmed_list()
        self.assertRefused(
            lambda env: (
                record.with_env(env)
                .with_user(self.police_user)
                .write({"vbsp_office_id": False})
            ),
            UserError,
            "is «Confirmed»: it is frozen and changes only through its steps",
            "đang ở trạng thái «Đã xác nhận»: hồ sơ đã khóa, chỉ thay đổi qua các "
            "bước xử lý",
            records=record,
            fnames=["vbsp_office_id", "state"],
        )

    def _submitted(self):
        record = self._list()
        record.with_user(self.police_user).action_submit()
        return record

    def _confirm_form(self, env, record):
        return Form(
            env["rehab.monthly.list.confirm"]
            .with_user(self.chairman_user)
            .with_context(default_list_id=record.id)
        )

    def test_confirm_wizard(self):
        record = self._submitted()
        fnames = ["state", "included_count", "confirmed_by_id"]
        line_fnames = ["excluded", "exclusion_reason", "person_name"]

        def leave_out(env, reasons):
            form = self._confirm_form(env, record)
            for index, reason in enumerate(reasons):
                with form.line_ids.edit(index) as line:
                    line.include = False
                    line.exclusion_reason = reason
            return form.save().action_confirm()

        names = record.line_ids.mapped("person_name")
        cases = [
            (
                "reason of spaces",
                ["   "],
                "Give the reason for leaving out %s, or tick «Confirm» for them."
                % names[0],
                "Ghi rõ lý do không đưa %s vào danh sách, hoặc đánh dấu «Xác nhận» "
                "cho họ." % names[0],
            ),
            (
                "everybody left out",
                ["Chuyển đi nơi khác"] * len(names),
                "A confirmed list keeps at least one person: tick «Confirm» for "
                "someone, or return the list to the commune police.",
                "Danh sách được xác nhận phải có ít nhất một người: đánh dấu «Xác "
                "nhận» cho ít nhất một người, hoặc trả lại danh sách cho Công an xã.",
            ),
        ]
        for case, reasons, english, vietnamese in cases:
            with self.subTest(case=case):
                self.assertRefused(
                    lambda env, r=reasons: leave_out(env, r),
                    UserError,
                    english,
                    vietnamese,
                    models=("rehab.referral.slip", "mail.activity"),
                    records=record,
                    fnames=fnames,
                )
                self.assertEqual(
                    record.line_ids.read(line_fnames),
                    [
                        {
                            "id": line.id,
                            "excluded": False,
                            "exclusion_reason": False,
                            "person_name": line.person_name,
                        }
                        for line in record.line_ids
                    ],
                )
        # No reason at all: the server names the person and what to do.
        form = self._confirm_form(self.env, record)
        with form.line_ids.edit(0) as line:
            line.include = False
        with self.assertRaisesRegex(UserError, "or tick «Confirm» for them"):
            form.save().action_confirm()
        self.assertEqual(record.state, "submitted")
        self.assertLabel(
            "rehab.monthly.list.confirm.line", "exclusion_reason", "Lý do không đưa vào"
        )
        # A reason in any script and of any length is kept.
        form = self._confirm_form(self.env, record)
        with form.line_ids.edit(0) as line:
            line.include = False
            line.exclusion_reason = "Đã chuyển đi – 已搬走 – ย้ายแล้ว " + LONG_TEXT
        form.note = LONG_TEXT
        form.save().action_confirm()
        left_out = record.line_ids.filtered("excluded")
        self.assertEqual(
            left_out.exclusion_reason,
            "Đã chuyển đi – 已搬走 – ย้ายแล้ว " + LONG_TEXT.strip(),
        )

    def test_return_wizard(self):
        record = self._confirmed_list()
        record.action_send()
        line = record.line_ids.filtered(lambda li: li.person_id == self.person_a1)
        slip = self.env["rehab.referral.slip"].create({"line_id": line.id})

        def give_back(env, reason):
            form = Form(
                env["rehab.monthly.list.return"]
                .with_user(self.chairman_user)
                .with_context(default_list_id=record.id)
            )
            form.reason = reason
            return form.save().action_return()

        self.assertRefused(
            lambda env: give_back(env, " \n\t "),
            UserError,
            "Give the reason for returning the list.",
            "Ghi rõ lý do trả lại danh sách.",
            models=("mail.activity",),
            records=record,
            fnames=["state", "return_reason"],
        )
        with self.assertRaisesRegex(AssertionError, "reason is a required field"):
            give_back(self.env, False)
        self.assertLabel("rehab.monthly.list.return", "reason", "Lý do")
        self.assertEqual(slip.state, "valid")
        give_back(self.env, LONG_TEXT)
        self.assertEqual(record.state, "returned")
        self.assertEqual(record.return_reason, LONG_TEXT.strip())

    def test_revoke_wizard(self):
        record = self._confirmed_list()
        line = record.line_ids.filtered(lambda li: li.person_id == self.person_a1)
        slip = self.env["rehab.referral.slip"].create({"line_id": line.id})

        def revoke(env, reason):
            form = Form(
                env["rehab.referral.slip.revoke"]
                .with_user(self.police_user)
                .with_context(default_slip_id=slip.id)
            )
            form.reason = reason
            return form.save().action_revoke()

        self.assertRefused(
            lambda env: revoke(env, "    "),
            UserError,
            "Give the reason for revoking the slip.",
            "Ghi rõ lý do thu hồi phiếu giới thiệu.",
            records=slip,
            fnames=["state", "revoke_reason"],
        )
        with self.assertRaisesRegex(AssertionError, "reason is a required field"):
            revoke(self.env, False)
        revoke(self.env, "Cấp nhầm người – 发错人")
        self.assertEqual(slip.state, "revoked")
        self.assertEqual(slip.revoke_reason, "Cấp nhầm người – 发错人")
