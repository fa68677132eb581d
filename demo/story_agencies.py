# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo's agencies at work: communication sessions, trainings and
placements, the June survey, capital, reports, the year-end classification,
establishments and supervision."""

from datetime import date, timedelta

from .story_data import COMMUNES


class StoryAgencies:
    """The steps of the agencies' other work (part of _Story)."""

    def schedule_activities(self):
        self.at(
            self.day(-11, 12),
            self.session,
            "cs",
            ["cs1", "cs3", "cs5", "cs6", "cs10", "cs12", "cs2", "cs9", "cs11", "cs17"],
            "Nhà văn hóa bản Khòn Pổ",
        )
        self.at(
            self.day(-6, 15),
            self.session,
            "cs",
            ["cs7", "cs8", "cs4", "cs13"],
            "Nhà văn hóa bản Nà Làng",
        )
        self.at(self.day(-1, 15), self.session, "cs", None, "Nhà văn hóa bản Pắc Cuổi")
        self.at(
            self.day(-9, 8),
            self.session,
            "th",
            ["th1", "th3", "th4", "th5"],
            "Nhà văn hóa tổ 3",
        )
        self.at(
            self.day(-8, 18),
            self.session,
            "cc",
            ["cc1", "cc2", "cc5"],
            "Nhà văn hóa bản Hài",
        )
        self.at(
            self.day(-10, 20),
            self.session,
            "ms",
            ["ms1", "ms2", "ms3"],
            "Hội trường UBND xã Mai Sơn",
        )
        self.at(self.day(-2, 22), self.training, "cs", "cs2")
        self.at(self.day(-4, 10), self.training, "cc", "cc4")
        self.at(self.day(-3, 5), self.placement, "cs", "cs7")

    def session(self, commune, keys, place):
        officer = (
            self.ref("user_officer_chau_son")
            if commune == "cs"
            else self.user(commune, "police")
        )
        if keys is None:
            people = self.env["rehab.person"].search(
                [
                    ("company_id", "=", self.ref(COMMUNES[commune]).id),
                    ("informed_date", "=", False),
                ]
            )
        else:
            people = self.env["rehab.person"].browse(
                [self.people[k].id for k in keys if k in self.people]
            )
        activity = (
            self.env["rehab.support.activity"]
            .with_user(officer)
            .create(
                {
                    "name": "Tuyên truyền chính sách tín dụng theo Quyết định "
                    "08/2026/QĐ-TTg",
                    "activity_type": "communication",
                    "company_id": self.ref(COMMUNES[commune]).id,
                    "place_type": "village",
                    "place": place,
                    "participant_ids": [(6, 0, people.ids)],
                    "other_participants": 12 + len(place) % 9,
                }
            )
        )
        activity.action_mark_informed()

    def training(self, commune, key):
        person = self.people[key]
        officer = (
            self.ref("user_officer_chau_son")
            if commune == "cs"
            else self.user(commune, "police")
        )
        self.env["rehab.support.activity"].with_user(officer).create(
            {
                "name": "Nhập học lớp %s" % person.training_course,
                "activity_type": "training",
                "company_id": person.company_id.id,
                "place_type": "other",
                "place": person.training_institution,
                "participant_ids": [(6, 0, person.ids)],
                "institution": person.training_institution,
                "course": person.training_course,
                "confirmation_issued": True,
            }
        )

    def placement(self, commune, key):
        person = self.people[key]
        self.env["rehab.support.activity"].with_user(
            self.ref("user_officer_chau_son")
        ).create(
            {
                "name": "Giới thiệu việc làm tại Hợp tác xã Nông lâm nghiệp Châu Sơn",
                "activity_type": "job_placement",
                "company_id": person.company_id.id,
                "participant_ids": [(6, 0, person.ids)],
                "institution": "Hợp tác xã Nông lâm nghiệp Châu Sơn",
                "course": "Công nhân trồng rừng",
            }
        )

    def schedule_planning(self):
        june = next(
            (index for index in range(-12, 1) if self.month(index).month == 6), None
        )
        if june is not None:
            self.at(self.day(june, 20), self.survey, "cs", "user_officer_chau_son")
            self.at(self.day(june, 24), self.survey, "th", "user_chairman_to_hieu")
            self.at(self.day(june, 26), self.survey, "cc", "user_chairman_chieng_coi")
            self.at(self.day(june + 1, 2), self.capital_budget)
        for index in range(-12, 1):
            self.at(self.day(index, 12), self.write_reports)
        self.at(self.day(-2, 10), self.supervision)
        for year in range(self.start.year, self.today.year):
            self.at(date(year, 12, 31), self.year_end)
            self.at(date(year + 1, 1, 6), self.approve_classification)
        self.at(self.day(-9, 2), self.establishment)

    def year_end(self):
        self.env["rehab.loan.classification"]._cron_year_end()

    def approve_classification(self):
        """Each branch manager approves the province's year-end classification."""
        drafts = self.env["rehab.loan.classification"].search([("state", "=", "draft")])
        for login in ("user_vbsp_manager_son_la", "user_vbsp_manager_lang_son"):
            manager = self.ref(login)
            mine = drafts.filtered(
                lambda c, m=manager: c.province_id == m.company_id.province_id
            )
            if mine:
                mine.with_user(manager).action_approve()

    def survey(self, commune, login):
        survey = self.env["rehab.demand.survey"].search(
            [("company_id", "=", self.ref(COMMUNES[commune]).id)],
            order="year desc",
            limit=1,
        )
        if survey and survey.state == "draft":
            survey.with_user(self.ref(login)).action_done()

    def capital_budget(self):
        for manager, unit, source, number, amount in (
            (
                "user_vbsp_manager_son_la",
                "company_son_la_vbsp",
                "province",
                "1520/QĐ-UBND",
                1_500_000_000,
            ),
            (
                "user_vbsp_manager_lang_son",
                "company_lang_son_vbsp",
                "province",
                "987/QĐ-UBND",
                1_000_000_000,
            ),
        ):
            self.env["rehab.capital.allocation"].with_user(self.ref(manager)).create(
                {
                    "source": source,
                    "decision_number": number,
                    "decision_date": self.env.user._rehab_today() - timedelta(days=3),
                    "company_id": self.ref(unit).id,
                    "amount": amount,
                    "note": "Ngân sách tỉnh ủy thác qua Ngân hàng Chính sách xã hội",
                }
            )

    def write_reports(self):
        """Each agency that has a writer submits its reports on the 12th."""
        today = self.env.user._rehab_today()
        reports = self.env["rehab.report"].search([("state", "=", "draft")])
        for report in reports:
            writers = report._writers()
            # The Sơn La police division and Mai Sơn are behind.
            if not writers or report.company_id == self.ref("company_mai_son"):
                continue
            if report.due_date - today > timedelta(days=12):
                continue
            mine = report.with_user(writers[0])
            mine.write(
                {
                    "results": "Đã rà soát, lập danh sách hằng tháng đúng hạn; "
                    "phối hợp với Ngân hàng Chính sách xã hội giải ngân kịp thời.",
                    "difficulties": "Một số người vay ở xa điểm giao dịch, đi lại "
                    "khó khăn.",
                    "proposals": "Đề nghị bổ sung nguồn vốn ngân sách tỉnh ủy thác.",
                }
            )
            mine.action_submit()
            acceptors = report._acceptors()
            if acceptors and report.company_id != self.ref("company_chieng_coi"):
                report.with_user(acceptors[0]).action_accept()

    def establishment(self):
        self.env["rehab.establishment"].with_user(self.user("th", "police")).create(
            {
                "name": "Hộ kinh doanh Lò Văn Thiện (sửa chữa xe máy)",
                "establishment_type": "household_business",
                "registration_number": "14A8001234",
                "registration_date": date(2021, 8, 2),
                "company_id": self.ref("company_to_hieu").id,
                "street": "Tổ 3, phường Tô Hiệu",
                "total_workers": 5,
                "worker_ids": [
                    (
                        0,
                        0,
                        {
                            "person_id": self.people["th3"].id,
                            "contract_number": "02/HĐLĐ",
                            "contract_start": self.month(-11),
                        },
                    )
                ],
            }
        )
        police = self.user("cs", "police")
        self.env["rehab.establishment"].with_user(police).create(
            {
                "name": "Hợp tác xã Nông lâm nghiệp Châu Sơn",
                "establishment_type": "cooperative",
                "registration_number": "4900123456",
                "registration_date": date(2019, 3, 12),
                "company_id": self.ref("company_chau_son").id,
                "street": "Bản Khòn Pổ, xã Châu Sơn",
                "total_workers": 15,
                "worker_ids": [
                    (
                        0,
                        0,
                        {
                            "person_id": self.people[key].id,
                            "contract_number": number,
                            "contract_start": self.month(-10),
                        },
                    )
                    for key, number in (("cs7", "07/HĐLĐ"), ("cs17", "11/HĐLĐ"))
                ],
            }
        )

    def supervision(self):
        admin = self.ref("user_programme_admin")
        self.env["rehab.supervision"].with_user(admin).create(
            {
                "name": "Giám sát việc cho vay tại xã Châu Sơn",
                "company_id": self.ref("company_lang_son_police").id,
                "supervised_ids": [
                    (
                        6,
                        0,
                        [
                            self.ref("company_chau_son").id,
                            self.ref("company_dinh_lap_vbsp_office").id,
                        ],
                    )
                ],
                "findings": "Cho vay đúng đối tượng; còn khoản vay quá hạn trên 180 "
                "ngày chưa có phương án thu hồi.",
                "recommendations": "Phòng giao dịch phối hợp Công an xã đôn đốc thu "
                "hồi nợ quá hạn.",
            }
        )
        self.env["rehab.commendation"].with_user(admin).create(
            {
                "name": "Tổ TK&VV Hội Phụ nữ bản Khòn Pổ",
                "kind": "group",
                "company_id": self.ref("company_lang_son_police").id,
                "reason": "Bình xét công khai, thu lãi đầy đủ, không có nợ quá hạn "
                "phát sinh trong tổ.",
            }
        )
        province = self.ref("user_province_son_la")
        self.env["rehab.supervision"].with_user(province).create(
            {
                "name": "Kiểm tra việc lập danh sách và cho vay tại phường Tô Hiệu",
                "company_id": self.ref("company_son_la_police").id,
                "supervised_ids": [(6, 0, [self.ref("company_to_hieu").id])],
                "findings": "Danh sách lập đúng đối tượng; có tháng nộp muộn.",
                "recommendations": "Lập danh sách trước ngày 05 hằng tháng.",
            }
        )
        self.env["rehab.commendation"].with_user(province).create(
            {
                "name": "Công an xã Châu Sơn",
                "kind": "group",
                "company_id": self.ref("company_son_la_police").id,
                "reason": "Lập danh sách đúng hạn, 100 % người sau cai nghiện được "
                "tiếp cận thông tin về chính sách.",
            }
        )
