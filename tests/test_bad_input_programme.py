# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bad input over plans, reports, activities, surveys, supervision,
commendations and agencies.

How each bad value is tried: tests/common_bad_input.py.
"""

from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from ..tools import rehab_rules
from .common import PREFIX, PostRehabCreditCase, RegistryCase
from .common_bad_input import LONG_TEXT, NEW, BadInputMixin, tomorrow


@tagged("post_install", "-at_install")
class TestBadInputProgramme(BadInputMixin, PostRehabCreditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.system_user = new_test_user(
            cls.env,
            login="t_system_bad",
            groups="base.group_user,base.group_system,base.group_erp_manager,"
            "base.group_partner_manager,%sprogramme_admin" % PREFIX,
            company_id=cls.province_a.id,
            company_ids=[(6, 0, (cls.province_a | cls.province_b).ids)],
        )
        cls.plan_b = cls.env["rehab.plan"].create(
            {"name": "Kế hoạch tỉnh B", "company_id": cls.province_b.id}
        )

    def _plan_form(self, env, record=None, **values):
        user = values.pop("user", self.province_user)
        model = env["rehab.plan"].with_user(user)
        form = Form(model.browse(record.id) if record else model)
        if not record:
            values = {"name": "Kế hoạch triển khai Quyết định 08/2026/QĐ-TTg", **values}
        tasks = values.pop("tasks", [])
        deadlines = values.pop("deadlines", [])
        for name, value in values.items():
            setattr(form, name, value)
        for task in tasks:
            with form.task_ids.new() as line:
                line.name = "Rà soát đối tượng"
                line.company_id = self.police_a
                for name, value in task.items():
                    setattr(line, name, value)
        for deadline in deadlines:
            with form.deadline_ids.new() as line:
                line.name = "Báo cáo sáu tháng"
                line.period = "half"
                for name, value in deadline.items():
                    setattr(line, name, value)
        return form

    def test_plan_form(self):
        models = ("rehab.plan", "rehab.plan.task", "rehab.plan.deadline")
        not_a_day = (
            "Báo cáo sáu tháng is not a day of the year.",
            "Báo cáo sáu tháng không phải là một ngày trong năm.",
            False,
        )
        reminder = (
            "The reminder is between 0 and 60 days ahead.",
            "Thời gian nhắc trước phải từ 0 đến 60 ngày.",
            False,
        )
        cases = [
            (
                "a plan of another province",
                # Seen by an administrator of both provinces only.
                {"user": self.admin_user, "parent_id": self.plan_b},
                "A plan implements a plan of its own province only.",
                "Kế hoạch chỉ thực hiện kế hoạch của tỉnh mình.",
                False,
            ),
            ("month 13", {"deadlines": [{"due_month": 13, "due_day": 15}]}, *not_a_day),
            ("month 0", {"deadlines": [{"due_month": 0, "due_day": 15}]}, *not_a_day),
            ("day 0", {"deadlines": [{"due_month": 6, "due_day": 0}]}, *not_a_day),
            ("31 April", {"deadlines": [{"due_month": 4, "due_day": 31}]}, *not_a_day),
            (
                "29 February",
                {"deadlines": [{"due_month": 2, "due_day": 29}]},
                *not_a_day,
            ),
            (
                "negative reminder",
                {"deadlines": [{"due_month": 6, "due_day": 15, "lead_days": -1}]},
                *reminder,
            ),
            (
                "reminder of 61 days",
                {"deadlines": [{"due_month": 6, "due_day": 15, "lead_days": 61}]},
                *reminder,
            ),
            (
                "a task due by a date without its date",
                {"tasks": [{"timing": "date"}]},
                "A task due by a date needs its due date.",
                "Nhiệm vụ có thời hạn theo ngày phải ghi ngày hạn.",
                NEW,
            ),
        ]
        for case, values, english, vietnamese, new in cases:
            with self.subTest(case=case):
                self.assertRefused(
                    lambda env, v=values: self._plan_form(env, **dict(v)).save(),
                    ValidationError,
                    english,
                    vietnamese,
                    new=new,
                    models=models,
                )
        self.assertRequiredFields(
            self._plan_form,
            "rehab.plan",
            {"name": "Tên kế hoạch"},
            models=models,
        )
        form = self._plan_form(self.env)
        with self.assertRaisesRegex(AssertionError, "required"):
            with form.task_ids.new() as line:
                line.company_id = self.police_a
        self.assertLabel("rehab.plan.task", "name", "Nhiệm vụ")
        # A plan may not implement itself.
        plan = self._plan_form(self.env).save()
        self.assertRefused(
            lambda env: (
                plan.with_env(env)
                .with_user(self.province_user)
                .write({"parent_id": plan.id})
            ),
            ValidationError,
            "A plan cannot implement itself.",
            "Kế hoạch không thể thực hiện chính nó.",
            records=plan,
            fnames=["parent_id"],
        )
        # Long tasks in any script are kept.
        plan = self._plan_form(
            self.env,
            name="Kế hoạch 李 – แผน",
            tasks=[
                {"name": LONG_TEXT},
                {"timing": "date", "deadline": date(2027, 6, 30)},
            ],
            deadlines=[{"due_month": 12, "due_day": 15}],
        ).save()
        self.assertEqual(plan.name, "Kế hoạch 李 – แผน")
        self.assertIn(LONG_TEXT, plan.task_ids.mapped("name"))

    def test_report_keeps_long_text(self):
        plan = self._plan_form(
            self.env,
            reporting_company_ids=self.commune_a1,
            deadlines=[{"due_month": 12, "due_day": 15}],
        ).save()
        plan.action_prepare_next_reports()
        report = plan.report_ids
        self.assertEqual(len(report), 1)
        officer = new_test_user(
            self.env,
            login="t_reporter_a1",
            groups="base.group_user,%scommune_officer" % PREFIX,
            company_id=self.commune_a1.id,
            company_ids=[(6, 0, self.commune_a1.ids)],
        )
        form = Form(report.with_user(officer))
        texts = {
            "results": LONG_TEXT,
            "difficulties": "Thiếu vốn – 资金不足 – ขาดทุน – نقص",
            "proposals": "Đề nghị bổ sung nguồn vốn 😀\n" * 50,
        }
        for name, value in texts.items():
            setattr(form, name, value)
        form.save()
        self.env.invalidate_all()
        for name, value in texts.items():
            self.assertEqual(report[name], value)

    def _activity_form(self, env, **values):
        form = Form(env["rehab.support.activity"].with_user(self.commune_officer_user))
        form.name = "Tuyên truyền tại nhà văn hóa bản Nà Phặc"
        form.activity_type = "communication"
        for name, value in values.items():
            setattr(form, name, value)
        return form

    def test_support_activity_form(self):
        models = ("rehab.support.activity",)
        cases = [
            (
                {"other_participants": -1},
                "The number of participants cannot be negative.",
                "Số người tham dự không được âm.",
            ),
            (
                {"activity_type": "training", "date": tomorrow()},
                "An enrolment or a placement is recorded once it happened.",
                "Chỉ ghi nhận học nghề hoặc giới thiệu việc làm khi đã diễn ra.",
            ),
            (
                {"activity_type": "job_placement", "date": tomorrow()},
                "An enrolment or a placement is recorded once it happened.",
                "Chỉ ghi nhận học nghề hoặc giới thiệu việc làm khi đã diễn ra.",
            ),
        ]
        for values, english, vietnamese in cases:
            with self.subTest(values=values):
                self.assertRefused(
                    lambda env, v=values: self._activity_form(env, **v).save(),
                    ValidationError,
                    english,
                    vietnamese,
                    models=models,
                )
        self.assertRequiredFields(
            self._activity_form,
            "rehab.support.activity",
            {"name": "Tiêu đề", "activity_type": "Loại"},
            models=models,
        )
        activity = self._activity_form(
            self.env, note=LONG_TEXT, place="Nhà văn hóa – 文化屋"
        ).save()
        self.env.invalidate_all()
        self.assertEqual(activity.note, LONG_TEXT)
        self.assertEqual(activity.place, "Nhà văn hóa – 文化屋")

    def test_informing_needs_a_session_held(self):
        person = (
            self.env["rehab.person"]
            .sudo()
            .create(RegistryCase.person_vals(self.commune_a1))
        )
        planned = self._activity_form(self.env, date=tomorrow()).save()
        planned.participant_ids = person
        self.assertRefused(
            lambda env: (
                planned.with_env(env)
                .with_user(self.commune_officer_user)
                .action_mark_informed()
            ),
            UserError,
            "The session Tuyên truyền tại nhà văn hóa bản Nà Phặc has not taken "
            "place yet.",
            "Buổi Tuyên truyền tại nhà văn hóa bản Nà Phặc chưa diễn ra.",
            new=NEW,
            records=person,
            fnames=["informed_date", "informed_channel"],
        )
        counselling = self._activity_form(self.env, activity_type="counselling").save()
        counselling.participant_ids = person
        self.assertRefused(
            lambda env: (
                counselling.with_env(env)
                .with_user(self.commune_officer_user)
                .action_mark_informed()
            ),
            UserError,
            "Only a communication session informs of the policy.",
            "Chỉ buổi tuyên truyền mới ghi nhận việc được tuyên truyền chính sách.",
            records=person,
            fnames=["informed_date", "informed_channel"],
        )

    def test_demand_survey(self):
        Survey = self.env["rehab.demand.survey"]
        survey = Survey.create({"company_id": self.commune_a1.id, "year": 2026})
        cases = [
            (
                lambda env: self._survey_adjust(env, survey, -1),
                "The capital demand of Test commune A1 cannot be negative.",
                "Nhu cầu vốn của Test commune A1 không được âm.",
                NEW,
            ),
            (
                lambda env: (
                    env["rehab.demand.survey"]
                    .with_user(self.system_user)
                    .create({"company_id": self.commune_a2.id, "year": 1900})
                ),
                "The year of a survey must be between 2000 and 2100.",
                "Năm rà soát phải từ 2000 đến 2100.",
                NEW,
            ),
            (
                lambda env: (
                    env["rehab.demand.survey"]
                    .with_user(self.system_user)
                    .create({"company_id": self.commune_a2.id, "year": 20260})
                ),
                "The year of a survey must be between 2000 and 2100.",
                "Năm rà soát phải từ 2000 đến 2100.",
                NEW,
            ),
            (
                lambda env: (
                    env["rehab.demand.survey"]
                    .with_user(self.system_user)
                    .create({"company_id": self.commune_a1.id, "year": 2026})
                ),
                "The operation cannot be completed: One survey per commune and year.",
                "Không thể hoàn tất thao tác: Mỗi xã chỉ có một bản rà soát mỗi năm.",
                False,
            ),
        ]
        for call, english, vietnamese, new in cases:
            with self.subTest(english=english):
                self.assertRefused(
                    call,
                    ValidationError,
                    english,
                    vietnamese,
                    new=new,
                    models=("rehab.demand.survey",),
                    records=survey,
                    fnames=["adjustment", "total_amount", "year"],
                )
        form = Form(survey.with_user(self.commune_officer_user))
        form.adjustment = 300_000_000
        form.note = LONG_TEXT
        form.save()
        self.assertEqual(survey.total_amount, 300_000_000)
        self.assertEqual(survey.note, LONG_TEXT)

    def _survey_adjust(self, env, survey, adjustment):
        form = Form(survey.with_env(env).with_user(self.commune_officer_user))
        form.adjustment = adjustment
        return form.save()

    def test_a_parameter_typed_by_hand_changes_no_rule(self):
        """System Parameters accept any text: the rules read their dated
        versions only, and a version's value is checked."""
        self.env["ir.config_parameter"].set_param("post_rehab_credit.min_age", "abc")
        params = rehab_rules.params_from_env(self.env)
        self.assertEqual(params["min_age"], 12)
        Version = self.env["rehab.rule.value"]
        base = {
            "key": "min_age",
            "date_from": "2027-01-01",
            "legal_number": "01/2026/QĐ-TTg",
            "legal_date": "2026-01-01",
        }
        for value, message in ((12.5, "whole number"), (0, "between 1 and 100")):
            with self.assertRaisesRegex(ValidationError, message):
                Version.create(dict(base, value=value))
        self.assertFalse(
            Version.search([("key", "=", "min_age"), ("date_from", "=", "2027-01-01")])
        )
        person = self.env["rehab.person"].search([], limit=1)
        eligible, __ = person._eligible_on(date(2026, 6, 1))
        self.assertIsInstance(eligible, bool)

    def test_supervision_and_commendation(self):
        def supervision(env):
            form = Form(env["rehab.supervision"].with_user(self.department_user))
            form.name = "Giám sát việc lập danh sách hằng tháng"
            return form

        def commendation(env):
            form = Form(env["rehab.commendation"].with_user(self.province_user))
            form.name = "Công an xã Châu Sơn"
            form.reason = "Lập danh sách đúng hạn"
            return form

        self.assertRequiredFields(
            supervision,
            "rehab.supervision",
            {"name": "Tiêu đề", "date": "Ngày"},
            models=("rehab.supervision",),
        )
        self.assertRequiredFields(
            commendation,
            "rehab.commendation",
            {"name": "Tập thể, cá nhân được khen", "reason": "Thành tích"},
            models=("rehab.commendation",),
        )
        form = supervision(self.env)
        form.findings = LONG_TEXT
        form.recommendations = "Khắc phục ngay – 立即纠正 – แก้ไขทันที – فوراً"
        form.follow_up = "😀" * 1000
        record = form.save()
        self.env.invalidate_all()
        self.assertEqual(record.findings, LONG_TEXT)
        self.assertEqual(
            record.recommendations, "Khắc phục ngay – 立即纠正 – แก้ไขทันที – فوراً"
        )
        self.assertEqual(record.follow_up, "😀" * 1000)
        form = commendation(self.env)
        form.name = "Nguyễn Thị Ánh Tuyết – 阮氏映雪"
        form.reason = LONG_TEXT
        record = form.save()
        self.env.invalidate_all()
        self.assertEqual(record.name, "Nguyễn Thị Ánh Tuyết – 阮氏映雪")
        self.assertEqual(record.reason, LONG_TEXT)

    def test_agencies(self):
        Company = "res.company"

        def agency(env, **values):
            form = Form(env[Company].with_user(self.system_user))
            form.name = "UBND xã Mới"
            for name, value in values.items():
                setattr(form, name, value)
            return form.save()

        commune = {"agency_type": "commune", "parent_id": self.province_a}
        cases = [
            (
                lambda env: agency(env, agency_type="commune"),
                "The agency UBND xã Mới must belong to a province People's "
                "Committee (set it as the parent company).",
                "Cơ quan UBND xã Mới phải thuộc một UBND tỉnh",
                False,
            ),
            (
                # The form hides the parent of a province: only by the ORM.
                lambda env: (
                    env[Company]
                    .with_user(self.system_user)
                    .create(
                        {
                            "name": "UBND tỉnh Mới",
                            "agency_type": "province_committee",
                            "parent_id": self.province_a.id,
                        }
                    )
                ),
                "The province People's Committee UBND tỉnh Mới cannot belong to "
                "another agency.",
                "UBND tỉnh UBND tỉnh Mới không thể trực thuộc một cơ quan khác.",
                False,
            ),
            (
                lambda env: agency(env, **commune, admin_code="T11"),
                "The operation cannot be completed: Another agency already has this "
                "administrative code.",
                "Không thể hoàn tất thao tác: Mã đơn vị hành chính này đã được",
                False,
            ),
            (
                lambda env: agency(env, **commune, admin_code="50%"),
                "The administrative code 50% may contain only letters, digits, dots "
                "and hyphens.",
                "Mã đơn vị hành chính 50% chỉ được gồm chữ cái, chữ số",
                NEW,
            ),
            (
                lambda env: agency(env, **commune, admin_code="031 17"),
                "The administrative code 031 17 may contain only letters, digits, "
                "dots and hyphens.",
                "Mã đơn vị hành chính 031 17 chỉ được gồm chữ cái, chữ số",
                NEW,
            ),
        ]
        for call, english, vietnamese, new in cases:
            with self.subTest(english=english):
                self.assertRefused(
                    call,
                    ValidationError,
                    english,
                    vietnamese,
                    new=new,
                    models=(Company, "res.partner"),
                )
        # Serving communes: only an office, only of its province.
        cases = [
            (
                self.branch_a,
                self.commune_a3,
                "Only a VBSP transaction office serves communes; Test VBSP branch A "
                "is not one.",
                "Chỉ phòng giao dịch NHCSXH mới phục vụ các xã; Test VBSP branch A",
            ),
            (
                self.office_a,
                self.commune_b1,
                "The transaction office Test VBSP office A can only serve communes "
                "of its own province: Test commune B1.",
                "Phòng giao dịch Test VBSP office A chỉ được phục vụ các xã trong "
                "tỉnh của mình: Test commune B1.",
            ),
        ]
        for office, commune, english, vietnamese in cases:
            with self.subTest(office=office.name):
                self.assertRefused(
                    lambda env, o=office, c=commune: (
                        o.with_env(env)
                        .with_user(self.system_user)
                        .write({"served_commune_ids": [(4, c.id)]})
                    ),
                    ValidationError,
                    english,
                    vietnamese,
                    records=office,
                    fnames=["served_commune_ids"],
                )
        commune = agency(
            self.env,
            name="UBND xã Chiềng Cơi – 清溪",
            agency_type="commune",
            parent_id=self.province_a,
            admin_code="03646-Đ",
        )
        self.assertEqual(commune.name, "UBND xã Chiềng Cơi – 清溪")
        self.assertEqual(commune.admin_code, "03646-Đ")

    def test_settings(self):
        ceilings = (
            "Ceilings, the training amount, the term and the extension must be "
            "positive.",
            "Mức vay tối đa, mức vay học nghề, thời hạn vay và thời hạn gia hạn phải",
        )
        day = (
            "The monthly list is due on a day between 1 and 28.",
            "Hạn lập danh sách hằng tháng phải là một ngày từ 1 đến 28.",
        )
        validity = (
            "A referral slip is valid between 1 and 3650 days.",
            "Thời hạn của phiếu giới thiệu phải từ 1 đến 3650 ngày.",
        )
        age = (
            "The minimum age must be between 1 and 100.",
            "Tuổi tối thiểu phải từ 1 đến 100.",
        )
        years = (
            "The years after the management decision must be between 1 and 100.",
            "Số năm kể từ quyết định quản lý phải từ 1 đến 100.",
        )
        warning = (
            "The warning days must be between 0 and 3650.",
            "Số ngày cảnh báo phải từ 0 đến 3650.",
        )
        share = (
            "The minimum share of post-rehab workers must be between 0 and 100 %.",
            "Tỷ lệ tối thiểu lao động sau cai nghiện phải lớn hơn 0",
        )
        cases = [
            ("rehab_individual_ceiling", 0, *ceilings),
            ("rehab_individual_ceiling", -200_000_000, *ceilings),
            ("rehab_establishment_ceiling", 0, *ceilings),
            ("rehab_training_amount_per_month", -1, *ceilings),
            ("rehab_max_term_months", 0, *ceilings),
            ("rehab_max_extension_months", -12, *ceilings),
            ("rehab_per_worker_ceiling", -1, *ceilings),
            ("rehab_list_deadline_day", 0, *day),
            ("rehab_list_deadline_day", 29, *day),
            ("rehab_list_deadline_day", 31, *day),
            ("rehab_slip_validity_days", 0, *validity),
            ("rehab_slip_validity_days", 3651, *validity),
            ("rehab_min_age", 0, *age),
            ("rehab_min_age", 101, *age),
            ("rehab_window_years", 0, *years),
            ("rehab_window_years", 101, *years),
            ("rehab_closing_soon_days", -1, *warning),
            ("rehab_closing_soon_days", 3651, *warning),
            ("rehab_establishment_min_share", 0, *share),
            ("rehab_establishment_min_share", 100.01, *share),
            ("rehab_establishment_min_share", -10, *share),
        ]
        Version = self.env["rehab.rule.value"].sudo()
        before = Version.search([])
        for fname, value, english, vietnamese in cases:
            with self.subTest(field=fname, value=value):

                def save(env, f=fname, v=value):
                    # National rules among them: the national administrator.
                    form = Form(
                        env["rehab.settings"].with_user(self.national_admin_user)
                    )
                    setattr(form, f, v)
                    form.save().execute()

                self.assertRefused(save, ValidationError, english, vietnamese)
        self.assertEqual(Version.search([]), before)
