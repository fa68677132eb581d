# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo's province at work: a year of the programme, made by its own steps.

Demo data only. Every record below is made the way the users make it: the
commune police register people and draw up the monthly lists, the chairmen
confirm or return them, the bank receives them, checks the slips and lends
through the savings groups, the scheduled actions run on their days. Each step
runs as the demo user of its role, on its own date (time is frozen at that
date while it runs), in the order of the dates. The story is told relative to
the day the demo is installed, so the demo always shows the last twelve
months, whatever the day.

At Châu Sơn the savings groups review their members at meetings (form
03/TD), and for the last months the borrowers repay at the commune's monthly
transaction session instead of the bank's desk: the Đình Lập office sets up
its transaction point three months before the install day, the daily run
plans the sessions, the team prepares the groups' collection sheets, the
group leader's receipts are handed over, the teller types what each borrower
paid, the controller counts the cash, the teller posts each group and the
leader closes the session (see schedule_transaction_day and pay).
"""

import base64
import heapq
import itertools
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, models

from ..tools import loan_rules
from .loan import RUNNING_STATES
from .rehab_access_logged_mixin import access_scope

# A training institution's confirmation, as scanned.
CONFIRMATION = base64.b64encode(
    b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PROVINCE_CODES = {"cs": "020", "th": "014", "cc": "014", "ms": "014"}
COMMUNES = {
    "cs": "company_chau_son",
    "th": "company_to_hieu",
    "cc": "company_chieng_coi",
    "ms": "company_mai_son",
}
ROLES = {
    "cs": {
        "police": "user_police_chau_son",
        "chairman": "user_chairman_chau_son",
        "savings": "user_savings_chau_son",
        "bank": "user_vbsp_dinh_lap",
        "group": "savings_group_chau_son_1",
    },
    "th": {
        "police": "user_police_to_hieu",
        "chairman": "user_chairman_to_hieu",
        "savings": "user_savings_to_hieu",
        "bank": "user_vbsp_son_la_office",
        "group": "savings_group_to_hieu_1",
    },
    "cc": {
        "police": "user_police_chieng_coi",
        "chairman": "user_chairman_chieng_coi",
        "savings": "user_savings_chieng_coi",
        "bank": "user_vbsp_son_la_office",
        "group": "savings_group_chieng_coi_1",
    },
    "ms": {
        "police": "user_police_mai_son",
        "chairman": "user_chairman_mai_son",
        "savings": "user_savings_mai_son",
        "bank": "user_vbsp_son_la_office",
        "group": "savings_group_mai_son_1",
    },
}
FACILITIES = {
    "cs": "Cơ sở cai nghiện ma túy tỉnh Lạng Sơn",
    "th": "Cơ sở cai nghiện ma túy tỉnh Sơn La",
    "cc": "Cơ sở cai nghiện ma túy tỉnh Sơn La",
    "ms": "Cơ sở cai nghiện ma túy tỉnh Sơn La",
}
ISSUERS = {
    "cs": "UBND xã Châu Sơn",
    "th": "UBND phường Tô Hiệu",
    "cc": "UBND phường Chiềng Cơi",
    "ms": "UBND xã Mai Sơn",
}

# The people of the registry: (key, name, gender, birth year, ethnicity,
# village, rehab route, months since the management decision, purpose,
# amount needed, extra values).
PEOPLE = [
    (
        "cs1",
        "Hoàng Văn Sáng",
        "male",
        1990,
        "Tày",
        "Bản Khòn Pổ",
        "voluntary",
        30,
        "production",
        80_000_000,
        {
            "household_rep_name": "Hoàng Văn Lục",
            "household_rep_relation": "Bố",
            "phone": "0912 345 601",
        },
    ),
    (
        "cs2",
        "Lăng Thị Mến",
        "female",
        1995,
        "Nùng",
        "Bản Pắc Cuổi",
        "substitution",
        36,
        "training",
        12_000_000,
        {
            "training_institution": "Trường Cao đẳng nghề Lạng Sơn",
            "training_course": "May công nghiệp (sơ cấp, 3 tháng)",
        },
    ),
    (
        "cs3",
        "Vi Văn Thắng",
        "male",
        1986,
        "Tày",
        "Bản Khòn Pổ",
        "compulsory",
        50,
        "production",
        100_000_000,
        {"former_soldier": True},
    ),
    (
        "cs4",
        "Nông Văn Hải",
        "male",
        1980,
        "Dao",
        "Bản Nà Làng",
        "voluntary",
        None,
        "production",
        50_000_000,
        {},
    ),
    (
        "cs5",
        "Lục Văn Bảo",
        "male",
        1988,
        "Tày",
        "Bản Khòn Pổ",
        "voluntary",
        40,
        "production",
        60_000_000,
        {},
    ),
    (
        "cs6",
        "Triệu Văn Sinh",
        "male",
        1984,
        "Dao",
        "Bản Nà Làng",
        "compulsory",
        70,
        "production",
        100_000_000,
        {},
    ),
    (
        "cs7",
        "Hoàng Văn Khánh",
        "male",
        1992,
        "Tày",
        "Bản Pắc Cuổi",
        "voluntary",
        26,
        "production",
        70_000_000,
        {},
    ),
    (
        "cs8",
        "Lăng Văn Đức",
        "male",
        1991,
        "Nùng",
        "Bản Pắc Cuổi",
        "substitution",
        44,
        "production",
        50_000_000,
        {},
    ),
    (
        "cs9",
        "Bàn Văn Tài",
        "male",
        1987,
        "Dao",
        "Bản Nà Làng",
        "compulsory",
        60,
        "production",
        90_000_000,
        {},
    ),
    (
        "cs10",
        "Chu Văn Lợi",
        "male",
        1983,
        "Tày",
        "Bản Khòn Pổ",
        "voluntary",
        84,
        "production",
        120_000_000,
        {},
    ),
    (
        "cs11",
        "Lý Văn Cường",
        "male",
        1989,
        "Dao",
        "Bản Nà Làng",
        "compulsory",
        33,
        "production",
        80_000_000,
        {},
    ),
    (
        "cs12",
        "Nông Văn Toàn",
        "male",
        1978,
        "Tày",
        "Bản Nà Làng",
        "voluntary",
        96,
        "production",
        60_000_000,
        {},
    ),
    (
        "cs13",
        "Vi Thị Hằng",
        "female",
        1994,
        "Tày",
        "Bản Khòn Pổ",
        "voluntary",
        20,
        "production",
        40_000_000,
        {},
    ),
    (
        "cs14",
        "Hoàng Văn Thái",
        "male",
        1993,
        "Nùng",
        "Bản Pắc Cuổi",
        "compulsory",
        14,
        "production",
        70_000_000,
        {},
    ),
    (
        "cs15",
        "Lăng Văn Hòa",
        "male",
        1985,
        "Nùng",
        "Bản Pắc Cuổi",
        "voluntary",
        9,
        "production",
        50_000_000,
        {},
    ),
    (
        "cs16",
        "Triệu Văn Kiên",
        "male",
        1997,
        "Dao",
        "Bản Nà Làng",
        "compulsory",
        11,
        "production",
        150_000_000,
        {},
    ),
    (
        "cs17",
        "Lục Văn Phong",
        "male",
        1990,
        "Tày",
        "Bản Khòn Pổ",
        "voluntary",
        28,
        "production",
        30_000_000,
        {},
    ),
    (
        "cs18",
        "Chu Thị Nhung",
        "female",
        1996,
        "Tày",
        "Bản Khòn Pổ",
        "substitution",
        5,
        "production",
        40_000_000,
        {},
    ),
    (
        "th1",
        "Lò Văn Chiến",
        "male",
        1992,
        "Thái",
        "Tổ 3",
        "compulsory",
        22,
        "production",
        120_000_000,
        {},
    ),
    (
        "th2",
        "Cầm Thị Ngọc",
        "female",
        2009,
        "Thái",
        "Tổ 7",
        "voluntary",
        14,
        "training",
        0,
        {"other_training_debt": True},
    ),
    (
        "th3",
        "Quàng Văn Lả",
        "male",
        1985,
        "Thái",
        "Tổ 7",
        "voluntary",
        38,
        "production",
        60_000_000,
        {},
    ),
    (
        "th4",
        "Tòng Văn Hoan",
        "male",
        1990,
        "Thái",
        "Tổ 7",
        "compulsory",
        27,
        "production",
        80_000_000,
        {},
    ),
    (
        "th5",
        "Nguyễn Văn Hùng",
        "male",
        1982,
        "Kinh",
        "Tổ 5",
        "compulsory",
        64,
        "production",
        100_000_000,
        {},
    ),
    (
        "th6",
        "Lường Văn Bình",
        "male",
        1994,
        "Thái",
        "Tổ 3",
        "substitution",
        18,
        "production",
        50_000_000,
        {},
    ),
    (
        "th7",
        "Trần Văn Quý",
        "male",
        1987,
        "Kinh",
        "Tổ 5",
        "voluntary",
        8,
        "production",
        70_000_000,
        {},
    ),
    (
        "th8",
        "Cầm Văn Pọm",
        "male",
        1979,
        "Thái",
        "Tổ 3",
        "compulsory",
        100,
        "production",
        40_000_000,
        {},
    ),
    (
        "cc1",
        "Lò Văn Khoa",
        "male",
        1991,
        "Thái",
        "Bản Hài",
        "voluntary",
        32,
        "production",
        90_000_000,
        {},
    ),
    (
        "cc2",
        "Cà Văn Tươi",
        "male",
        1988,
        "Thái",
        "Bản Hẹo",
        "compulsory",
        46,
        "production",
        60_000_000,
        {},
    ),
    (
        "cc3",
        "Quàng Văn Sinh",
        "male",
        1995,
        "Thái",
        "Bản Hài",
        "voluntary",
        16,
        "production",
        50_000_000,
        {},
    ),
    (
        "cc4",
        "Lò Thị Duyên",
        "female",
        1998,
        "Thái",
        "Bản Hẹo",
        "substitution",
        12,
        "training",
        12_000_000,
        {
            "training_institution": "Trường Cao đẳng Sơn La",
            "training_course": "Chế biến món ăn (sơ cấp, 3 tháng)",
        },
    ),
    (
        "cc5",
        "Đặng Văn Long",
        "male",
        1983,
        "Kinh",
        "Bản Hài",
        "compulsory",
        74,
        "production",
        80_000_000,
        {},
    ),
    (
        "cc6",
        "Lò Văn Xuân",
        "male",
        1990,
        "Thái",
        "Bản Hẹo",
        "voluntary",
        7,
        "production",
        40_000_000,
        {},
    ),
    (
        "ms1",
        "Đinh Văn Chung",
        "male",
        1986,
        "Mường",
        "Bản Nà Sản",
        "compulsory",
        42,
        "production",
        100_000_000,
        {},
    ),
    (
        "ms2",
        "Mùa A Sử",
        "male",
        1993,
        "H'Mông",
        "Bản Hin Phẳng",
        "voluntary",
        29,
        "production",
        70_000_000,
        {},
    ),
    (
        "ms3",
        "Hà Văn Lực",
        "male",
        1984,
        "Thái",
        "Bản Nà Sản",
        "compulsory",
        55,
        "production",
        50_000_000,
        {},
    ),
    (
        "ms4",
        "Sồng A Chả",
        "male",
        1996,
        "H'Mông",
        "Bản Hin Phẳng",
        "substitution",
        19,
        "production",
        60_000_000,
        {},
    ),
    (
        "ms5",
        "Vì Văn Kiên",
        "male",
        1989,
        "Thái",
        "Bản Nà Sản",
        "voluntary",
        24,
        "production",
        80_000_000,
        {},
    ),
    (
        "ms6",
        "Lò Thị Hương",
        "female",
        1992,
        "Thái",
        "Bản Nà Sản",
        "voluntary",
        10,
        "production",
        30_000_000,
        {},
    ),
]

# Loans: person, month of the list (0 is this month, -12 a year ago), amount,
# term, how the borrower repays. Profiles: "good" pays each instalment on its
# day; "late" pays ten days late; "stop:N" pays only the instalments due more
# than N days before today; "prepay:M" repays everything M months ago;
# "extend", "freeze", "write_off" meet a risk; "tranches" is a training loan
# paid out in two tranches; the others stop at a step of the application.
LOANS = [
    ("cs1", -11, 80_000_000, 36, "good", {"reverse": -4}),
    ("cs5", -12, 60_000_000, 24, "prepay:-2", {}),
    ("cs6", -11, 100_000_000, 36, "stop:240", {}),
    ("cs7", -9, 70_000_000, 36, "stop:150", {}),
    ("cs8", -7, 50_000_000, 24, "stop:75", {}),
    ("cs9", -5, 90_000_000, 36, "stop:31", {}),
    ("cs10", -10, 120_000_000, 48, "extend", {}),
    ("cs11", -9, 80_000_000, 36, "freeze", {}),
    ("cs12", -11, 60_000_000, 36, "write_off", {}),
    ("cs2", -1, 12_000_000, 12, "tranche1", {}),
    ("cs13", -1, 40_000_000, 24, "reviewed", {}),
    ("cs18", -1, 40_000_000, 24, "refused", {}),
    ("cs14", -2, 70_000_000, 36, "confirmed", {}),
    ("cs15", -2, 50_000_000, 36, "approved", {"decide_late": True}),
    ("cs16", -6, 150_000_000, 36, "rejected", {}),
    ("cs4", -1, 50_000_000, 24, "draft", {}),
    ("th1", -10, 120_000_000, 36, "late", {}),
    ("th3", -8, 60_000_000, 24, "good", {}),
    ("th4", -6, 80_000_000, 36, "stop:75", {}),
    ("th5", -4, 100_000_000, 36, "stop:31", {}),
    ("th6", -2, 50_000_000, 24, "draft", {}),
    ("cc1", -10, 90_000_000, 36, "good", {}),
    ("cc2", -12, 60_000_000, 12, "prepay:-3", {}),
    ("cc5", -7, 80_000_000, 36, "late", {}),
    ("cc3", -2, 50_000_000, 24, "approved", {}),
    ("cc4", -5, 12_000_000, 12, "tranches", {}),
    ("ms1", -11, 100_000_000, 36, "stop:240", {}),
    ("ms2", -9, 70_000_000, 36, "good", {}),
    ("ms3", -6, 50_000_000, 24, "refused", {}),
    ("ms5", -3, 80_000_000, 36, "good", {}),
]
# Slips that never make a loan: "expired" (never used), "revoked", "valid".
SLIPS = [
    ("cs17", -6, "expired"),
    ("cs3", -5, "revoked"),
    ("th7", -2, "valid"),
    ("th8", -7, "expired"),
    ("cc6", -1, "valid"),
    ("ms4", -2, "valid"),
]

# The savings group of a loan when it is not the commune's first group (the
# members of the farmers' group of Nà Làng).
LOAN_GROUPS = {
    "cs4": "savings_group_chau_son_2",
    "cs7": "savings_group_chau_son_2",
    "cs8": "savings_group_chau_son_2",
    "cs9": "savings_group_chau_son_2",
}
# The secretary of each group's review meetings (form 03/TD); the group
# leader chairs them.
SECRETARIES = {
    "savings_group_chau_son_1": "Vi Thị Lan",
    "savings_group_chau_son_2": "Lý Thị Sen",
}

# The commune transaction day of Châu Sơn. The Đình Lập office holds its
# session at the commune on the 17th, the day the instalments of Châu Sơn's
# loans fall due (those disbursed before the point was set up are disbursed
# on the 17th, see slip_day; those disbursed after fall due on the point's
# day, rehab.loan._align_to_session). The
# transaction point is set up in the month SESSION_POINT_MONTH, on the 20th:
# its first session is the next month's. Every session whose day has come is
# held (the one of the install day is open, the earlier ones closed); the
# sessions to come are planned.
SESSION_DAY = 17
SESSION_POINT_MONTH = -3
SESSION_TEAM = (
    "user_vbsp_dinh_lap",
    "user_vbsp_controller_dinh_lap",
    "user_vbsp_teller_dinh_lap",
)
# What a borrower brings to a session when the profile would not repay: at
# these sessions (month, loan) the borrower pays the interest fallen due and
# none of the principal, and stays late.
SESSION_INTEREST_ONLY = {(-1, "cs8")}
# Interest a group leader collects at the members' homes between two
# sessions, on the 12th, and hands over at the session: (loan, month).
LEADER_RECEIPTS = [("cs1", -2), ("cs1", -1), ("cs10", -1), ("cs1", 0)]

# Loan-use checks: (loan, month, day, checked for, finding, what was found).
USE_CHECKS = [
    (
        "cs1",
        -8,
        20,
        "organisation",
        "as_planned",
        "Hộ đã mua 02 con trâu sinh sản, làm chuồng đúng phương án.",
    ),
    (
        "cs10",
        -7,
        22,
        "organisation",
        "as_planned",
        "Đã trồng 2 ha quế và mua phân bón như phương án.",
    ),
    (
        "cs7",
        -6,
        24,
        "bank",
        "misused",
        "Người vay dùng phần lớn tiền vay mua xe máy, không đầu tư trồng rừng "
        "như phương án; đề nghị thu hồi.",
    ),
    (
        "cs9",
        -3,
        20,
        "organisation",
        "as_planned",
        "",
    ),
    (
        "cs7",
        -2,
        24,
        "bank",
        "partly",
        "Người vay đã bán xe máy, dùng tiền trồng 1 ha keo; phần còn lại gửi "
        "tiết kiệm chờ mua cây giống vụ sau.",
    ),
    (
        "cs1",
        -2,
        20,
        "organisation",
        "as_planned",
        "Đàn trâu phát triển tốt, đã sinh thêm 01 con.",
    ),
    (
        "cs6",
        -1,
        24,
        "bank",
        "misused",
        "Người vay dùng tiền vay trả nợ cá nhân, không đầu tư chăn nuôi; đã lập "
        "biên bản, đề nghị thu hồi nợ trước hạn.",
    ),
]

# Vietnam's public holidays (Labour Code 2019, art. 112): the New Year, Tết
# (the last day of the lunar year and the first four of the new), the Hùng
# Kings' day (10th day of the 3rd lunar month), 30 April, 1 May and the
# National Day (2 September and the day before). The lunar dates are those
# of the calendar; years outside the table get the solar holidays only.
TET = {
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
}
HUNG_KINGS = {
    2024: date(2024, 4, 18),
    2025: date(2025, 4, 7),
    2026: date(2026, 4, 26),
    2027: date(2027, 4, 16),
    2028: date(2028, 4, 4),
    2029: date(2029, 4, 23),
    2030: date(2030, 4, 12),
}


def public_holidays(year):
    """[(day, name)] of the public holidays of ``year``, with the days in
    lieu of those that fall on a Saturday or a Sunday."""
    days = [
        (date(year, 1, 1), "Tết Dương lịch"),
        (date(year, 4, 30), "Ngày Chiến thắng"),
        (date(year, 5, 1), "Ngày Quốc tế Lao động"),
        (date(year, 9, 1), "Quốc khánh"),
        (date(year, 9, 2), "Quốc khánh"),
    ]
    if year in TET:
        days += [
            (TET[year] + timedelta(days=offset), "Tết Nguyên đán")
            for offset in range(-1, 4)
        ]
    if year in HUNG_KINGS:
        days.append((HUNG_KINGS[year], "Giỗ Tổ Hùng Vương"))
    taken = {day for day, __ in days}
    in_lieu = []
    for day, name in sorted(days):
        if day.weekday() < 5:
            continue
        other = day + timedelta(days=1)
        while other.weekday() >= 5 or other in taken:
            other += timedelta(days=1)
        taken.add(other)
        in_lieu.append((other, "Nghỉ bù %s" % name))
    return sorted(days + in_lieu)


# How each commune's list goes, by month: (submitted, confirmed, sent,
# received) days of the month, or the state it stops in this month.
ON_TIME = (3, 4, 4, 5)
LATE = (8, 9, 10, 11)
SPECIAL_LISTS = {
    ("cs", 0): "submitted_after_return",
    ("th", 0): "draft",
    ("cc", 0): "confirmed",
    ("ms", 0): "sent",
    ("th", -1): "returned",
    ("cs", -3): "returned_then_confirmed",
    ("th", -6): "returned_then_confirmed",
}
LATE_LISTS = {
    ("cs", -8),
    ("th", -9),
    ("th", -4),
    ("cc", -6),
    ("ms", -10),
    ("ms", -5),
    ("ms", -2),
    ("cc", -1),
}


class RehabDemo(models.AbstractModel):
    _name = "rehab.demo"
    _description = "Demo of a province at work"

    @api.model
    def _build_province_at_work(self):
        """Play the last twelve months of the programme (demo data only)."""
        # Demo only: freezegun comes with Odoo's own requirements.
        from freezegun import freeze_time  # noqa: PLC0415

        today = self._rehab_today()
        # The demo runs in Vietnamese (demo/res_users_demo.xml). The terms of
        # the models, activity types and mail's templates are loaded now, not
        # only at the end of the installation, so that what the story writes
        # (the chatter, the to-dos, the tracked values) reads in Vietnamese.
        self.env["ir.module.module"]._load_module_terms(
            ["mail", "post_rehab_credit"], ["vi_VN"]
        )
        env = self.env(su=True, context=dict(self.env.context, lang="vi_VN"))
        story = _Story(env, today)
        with freeze_time(datetime.combine(story.start, time(2, 0))) as frozen:
            story.play(frozen)
        return True


class _Story:
    def __init__(self, env, today):
        self.env = env
        self.today = today
        self.month0 = today.replace(day=1)
        self.start = self.month0 - relativedelta(months=12)
        self.queue = []
        self.counter = itertools.count()
        self.people = {}
        self.slips = {}
        self.loans = {}
        # Châu Sơn's group review meetings: {(group, day): [(loan, agreed)]}.
        self.meetings = {}
        # The sessions held by the install day: {month: its day}; what each
        # borrower brings to them: {month: {loan: "due" or "everything"}}.
        self.held_sessions = {
            index: day
            for index in range(SESSION_POINT_MONTH + 1, 1)
            if (day := self.session_day(index)) <= today
        }
        self.collections = {}

    def ref(self, xmlid):
        return self.env.ref("post_rehab_credit.%s" % xmlid)

    def user(self, commune, role):
        return self.ref(ROLES[commune][role])

    def month(self, index):
        return self.month0 + relativedelta(months=index)

    def day(self, index, day):
        """Day ``day`` of month ``index``, never after today."""
        return min(self.month(index) + timedelta(days=day - 1), self.today)

    def month_index(self, day):
        """The month of ``day``, counted from this month (0)."""
        return (day.year - self.month0.year) * 12 + day.month - self.month0.month

    def session_day(self, index, calendar=False):
        """The day the session of month ``index`` is held: the point's day of
        the month, or, when that is a public holiday, the next working day
        (the team leader moves it a week before)."""
        day = loan_rules.session_date(self.month(index), SESSION_DAY)
        if calendar:
            return day
        holidays = {holiday for holiday, __ in public_holidays(day.year)}
        if day in holidays:
            while day.weekday() >= 5 or day in holidays:
                day += timedelta(days=1)
        return day

    def at(self, day, action, *args):
        if day > self.today:
            return
        heapq.heappush(self.queue, (day, next(self.counter), action, args))

    def play(self, frozen):
        self.frozen = frozen
        self.schedule()
        while self.queue:
            day, __, action, args = heapq.heappop(self.queue)
            frozen.move_to(datetime.combine(day, time(2, 0)))
            action(*args)
            # What the step tracked is written now, on its own date, as at the
            # end of the user's request.
            self.env.flush_all()
            self.env.cr.precommit.run()
        frozen.move_to(datetime.combine(self.today, time(2, 0)))
        self.daily_crons()
        self.env.flush_all()

    # The year, scheduled

    def schedule(self):
        self.at(self.start - timedelta(days=20), self.setup)
        self.schedule_transaction_day()
        day = self.start
        while day < self.today:
            self.at(day, self.daily_run)
            day += timedelta(days=1)
        for key, *values in PEOPLE:
            self.at(self.registration_date(values[6]), self.register, key)
        for index in range(-12, 1):
            first = self.month(index)
            self.at(first, self.month_start, index)
            self.at(first + timedelta(days=5), self.month_late_check)
            for commune in COMMUNES:
                self.schedule_list(commune, index)
            self.at(first + timedelta(days=14), self.expire_slips)
            self.at(first + timedelta(days=27), self.overdue_run)
            for day in (1, 10, 20):
                self.at(first + timedelta(days=day - 1), self.reporting_calendar)
        for loan in LOANS:
            self.schedule_loan(*loan[:5])
        for key, index, fate in SLIPS:
            self.schedule_slip(key, index, fate)
        self.at(self.today, self.old_file)
        self.schedule_activities()
        self.schedule_planning()
        for key, index, day, checker, finding, note in USE_CHECKS:
            self.at(self.day(index, day), self.use_check, key, checker, finding, note)
        for index in range(-2, 1):
            for commune in COMMUNES:
                self.at(self.day(index, 3), self.look_at_people, commune)
            self.at(self.day(index, 17), self.province_looks_at_people)
        self.at(self.day(-1, 9), self.chairman_reveals, "cs")

    def registration_date(self, months):
        decision = self.decision_date(months)
        return max(self.start - timedelta(days=15), decision + timedelta(days=20))

    def decision_date(self, months):
        if months is None:
            # The window of ten years closes next month.
            return self.today - relativedelta(years=10) + timedelta(days=30)
        return self.today - relativedelta(months=months, day=1) + timedelta(days=9)

    # Set-up: capital, the lending rate in force, the establishment

    def setup(self):
        Rate = self.env["rehab.interest.rate"]
        if not Rate.search([("effective_date", "<=", self.start)], limit=1):
            Rate.create(
                {
                    "effective_date": self.start - relativedelta(months=1),
                    "annual_rate": 6.6,
                    "overdue_multiplier": 130,
                    "note": "Lãi suất cho vay hộ nghèo (0,55 %/tháng), dữ liệu mẫu",
                }
            )
        Capital = self.env["rehab.capital.allocation"]
        for manager, unit, source, number, amount in (
            (
                "user_vbsp_manager_lang_son",
                "company_lang_son_vbsp",
                "central",
                "215/QĐ-NHCS",
                3_000_000_000,
            ),
            (
                "user_vbsp_manager_son_la",
                "company_son_la_vbsp",
                "central",
                "216/QĐ-NHCS",
                3_000_000_000,
            ),
        ):
            Capital.with_user(self.ref(manager)).create(
                {
                    "source": source,
                    "decision_number": number,
                    "decision_date": self.start - timedelta(days=20),
                    "company_id": self.ref(unit).id,
                    "amount": amount,
                    "note": "Vốn Trung ương giao thực hiện chương trình",
                }
            )
        admin = self.ref("user_programme_admin")
        self.env["rehab.public.holiday"].with_user(admin).create(
            [
                {"date": day, "name": name}
                for year in range(self.start.year, self.today.year + 2)
                for day, name in public_holidays(year)
            ]
        )
        # Illustrative rates only: the VBSP branch sets the real ones.
        self.env["rehab.settings"].with_user(admin).create(
            {
                "rehab_entrustment_fee_rate": 10.0,
                "rehab_leader_commission_rate": 20.0,
            }
        ).execute()

    def register(self, key):
        row = next(r for r in PEOPLE if r[0] == key)
        (
            key,
            name,
            gender,
            year,
            ethnicity,
            village,
            route,
            months,
            purpose,
            amount,
            extra,
        ) = row
        commune = key.rstrip("0123456789")
        company = self.ref(COMMUNES[commune])
        decision = self.decision_date(months)
        number = [r[0] for r in PEOPLE].index(key)
        birth = date(year, 1 + number * 5 % 12, 1 + number * 7 % 28)
        century = 2 if year >= 2000 else 0
        serial = "%06d" % (104_729 + number * 7_919)
        values = {
            "name": name,
            "birth_date": birth,
            "gender": gender,
            "ethnicity": ethnicity,
            "citizen_id": "%s%d%02d%s"
            % (
                PROVINCE_CODES[commune],
                century + (gender == "female"),
                year % 100,
                serial,
            ),
            "company_id": company.id,
            "village": village,
            "address": "%s, %s" % (village, company.name.replace("UBND ", "")),
            "rehab_route": route,
            "rehab_facility": "Tại gia đình và cộng đồng"
            if route == "voluntary" and len(name) % 2
            else FACILITIES[commune],
            "completion_date": decision - timedelta(days=14),
            "decision_number": "%02d/QĐ-UBND" % (1 + sum(map(ord, name)) % 90),
            "decision_date": decision,
            "decision_issuer": ISSUERS[commune],
            "purpose": purpose,
            "amount_needed": amount,
        }
        values.update(extra)
        if purpose == "training" and not extra.get("other_training_debt"):
            index = next(loan[1] for loan in LOANS if loan[0] == key)
            start = self.month(index) + timedelta(days=20)
            values.update(
                {
                    "training_start": start,
                    "training_end": start + timedelta(days=90),
                    "training_confirmation": CONFIRMATION,
                    "training_confirmation_name": "giay-xac-nhan-hoc-nghe.pdf",
                }
            )
        police = self.user(commune, "police")
        self.people[key] = (
            self.env["rehab.person"].with_user(police).create(values).sudo()
        )

    def old_file(self):
        """A file taken from the paper registry whose window has closed and
        who never borrowed: tonight's retention run archives it."""
        decision = self.today - relativedelta(years=10, months=2)
        self.env["rehab.person"].with_user(self.user("cs", "police")).create(
            {
                "name": "Vi Văn Cũ",
                "birth_date": date(1980, 3, 15),
                "gender": "male",
                "ethnicity": "Tày",
                "citizen_id": "020080999001",
                "company_id": self.ref(COMMUNES["cs"]).id,
                "village": "Bản Pò Màn",
                "rehab_route": "compulsory",
                "rehab_facility": FACILITIES["cs"],
                "completion_date": decision - timedelta(days=14),
                "decision_number": "07/QĐ-UBND",
                "decision_date": decision,
                "decision_issuer": ISSUERS["cs"],
            }
        )

    # Monthly lists

    def month_start(self, index):
        """The 1st: eligibility moves with the date, the lists are drawn up."""
        People = self.env["rehab.person"]
        People._cron_refresh_eligibility()
        self.env["rehab.monthly.list"]._cron_monthly_lists()
        self.env["rehab.demand.survey"]._cron_june_survey()

    def month_late_check(self):
        self.env["rehab.monthly.list"]._cron_monthly_lists()

    def the_list(self, commune, index):
        return self.env["rehab.monthly.list"].search(
            [
                ("company_id", "=", self.ref(COMMUNES[commune]).id),
                ("month_date", "=", self.month(index)),
            ]
        )

    def schedule_list(self, commune, index):
        special = SPECIAL_LISTS.get((commune, index))
        submit, confirm, send, receive = (
            LATE
            if (commune, index) in LATE_LISTS
            or special in ("draft", "submitted_after_return")
            else ON_TIME
        )
        do = self.list_step
        if special == "draft":
            return
        if special == "submitted_after_return":
            self.at(self.day(index, 3), do, commune, index, "submit")
            self.at(self.day(index, 4), do, commune, index, "return")
            self.at(self.today, do, commune, index, "submit")
            return
        if special == "returned":
            self.at(self.day(index, 3), do, commune, index, "submit")
            self.at(self.day(index, 5), do, commune, index, "return")
            return
        self.at(self.day(index, submit), do, commune, index, "submit")
        if special == "returned_then_confirmed":
            self.at(self.day(index, submit), do, commune, index, "return")
            self.at(self.day(index, submit + 1), do, commune, index, "submit")
            confirm, send, receive = confirm + 1, send + 1, receive + 1
        self.at(self.day(index, confirm), do, commune, index, "confirm")
        if special == "confirmed":
            return
        self.at(self.day(index, send), do, commune, index, "send")
        if special == "sent":
            return
        self.at(self.day(index, receive), do, commune, index, "receive")

    def list_step(self, commune, index, step):
        record = self.the_list(commune, index)
        police = record.with_user(self.user(commune, "police"))
        chairman = record.with_user(self.user(commune, "chairman"))
        if step == "submit":
            police.action_refresh_lines()
            police.action_fill()
            police.action_submit()
        elif step == "return":
            chairman._return(
                "Đề nghị Công an xã bổ sung xác nhận nơi cư trú hiện tại của "
                "người có tên trong danh sách trước khi xác nhận."
            )
        elif step == "confirm":
            chairman._confirm({}, "Đã rà soát, đúng đối tượng.")
        elif step == "send":
            police.action_send()
        elif step == "receive":
            record.with_user(self.user(commune, "bank")).action_receive()

    # Referral slips and loans

    def slip_day(self, commune, index):
        """The day a slip is issued from the month's list: after it is sent."""
        late = (commune, index) in LATE_LISTS
        return self.day(index, (LATE if late else ON_TIME)[3] + 2)

    def issue_slip(self, key, index):
        commune = key.rstrip("0123456789")
        record = self.the_list(commune, index)
        line = record.line_ids.filtered(lambda x: x.person_id == self.people[key])
        action = line.with_user(self.user(commune, "police")).action_issue_slip()
        self.slips[key] = self.env["rehab.referral.slip"].browse(action["res_id"])

    def schedule_slip(self, key, index, fate):
        commune = key.rstrip("0123456789")
        day = self.slip_day(commune, index)
        self.at(day, self.issue_slip, key, index)
        if fate == "revoked":
            self.at(day + timedelta(days=20), self.relapse_and_revoke, key)

    def relapse_and_revoke(self, key):
        commune = key.rstrip("0123456789")
        police = self.user(commune, "police")
        self.env["rehab.person.conduct"].with_user(police).create(
            {
                "person_id": self.people[key].id,
                "kind": "relapse",
                "note": "Tái sử dụng ma túy, đã lập biên bản",
            }
        )
        self.slips[key].with_user(police)._revoke(
            "Người được giới thiệu tái sử dụng ma túy: không còn đủ điều kiện vay."
        )

    def schedule_loan(self, key, index, amount, term, profile):
        commune = key.rstrip("0123456789")
        day = self.slip_day(commune, index)
        self.at(day, self.issue_slip, key, index)
        self.at(day + timedelta(days=1), self.apply, key, amount, term, profile)
        if profile == "draft":
            return
        self.schedule_review(key, day + timedelta(days=5), profile != "refused")
        if profile in ("refused", "reviewed"):
            return
        self.at(day + timedelta(days=6), self.confirm_commune, key)
        if profile == "confirmed":
            return
        if not self.extra(key).get("decide_late"):
            self.at(day + timedelta(days=8), self.decide, key, profile != "rejected")
        if profile in ("rejected", "approved"):
            return
        disbursed = day + timedelta(days=10)
        if profile.startswith("tranche"):
            self.at(disbursed, self.disburse, key, amount // 2)
            if profile == "tranches":
                self.at(disbursed + timedelta(days=20), self.disburse, key, amount // 2)
        else:
            self.at(disbursed, self.disburse, key, amount)
        self.at(disbursed + timedelta(days=1), self.plan_repayments, key, profile)

    def extra(self, key):
        return next(loan[5] for loan in LOANS if loan[0] == key)

    def group_xmlid(self, key):
        commune = key.rstrip("0123456789")
        return LOAN_GROUPS.get(key, ROLES[commune]["group"])

    def apply(self, key, amount, term, profile):
        commune = key.rstrip("0123456789")
        slip = self.slips[key]
        training = slip.purpose == "training"
        group = self.ref(self.group_xmlid(key))
        self.loans[key] = (
            self.env["rehab.loan"]
            .with_user(self.user(commune, "bank"))
            .create(
                {
                    "borrower_type": "person",
                    "slip_id": slip.id,
                    "purpose": slip.purpose,
                    "amount_requested": amount,
                    "term_months": term,
                    "grace_months": 3 if training else 0,
                    "savings_group_id": group.id,
                }
            )
            .sudo()
        )

    def review(self, key, agreed):
        commune = key.rstrip("0123456789")
        loan = self.loans[key]
        members = loan.savings_group_id.member_count
        note = (
            "Tổ họp bình xét công khai, thống nhất đề nghị cho vay; người vay có "
            "phương án sản xuất rõ ràng."
            if agreed
            else "Tổ họp bình xét: người vay chưa có phương án sử dụng vốn khả "
            "thi, đề nghị hoàn thiện phương án rồi bình xét lại."
        )
        loan.with_user(self.user(commune, "savings"))._review(
            agreed, loan._rehab_today(), members - 1, note
        )

    def schedule_review(self, key, day, agreed):
        """Châu Sơn's group reviews its members at a meeting (form 03/TD), one
        a group and day; the other communes review loan by loan."""
        commune = key.rstrip("0123456789")
        if commune != "cs":
            self.at(day, self.review, key, agreed)
            return
        slot = (self.group_xmlid(key), day)
        if slot not in self.meetings:
            self.meetings[slot] = []
            self.at(day, self.meeting, slot)
        self.meetings[slot].append((key, agreed))

    def meeting(self, slot):
        """The group's review meeting: its list of members proposed for a
        loan, confirmed by the savings-group officer (the applications move
        together)."""
        xmlid, __ = slot
        group = self.ref(xmlid)
        officer = self.user("cs", "savings")
        entries = [
            (self.loans[key], agreed)
            for key, agreed in self.meetings[slot]
            if key in self.loans and self.loans[key].state == "draft"
        ]
        if not entries:
            return
        village = group.village[:1].lower() + group.village[1:]
        review = (
            self.env["rehab.group.review"]
            .with_user(officer)
            .create(
                {
                    "savings_group_id": group.id,
                    "meeting_date": group._rehab_today(),
                    "place": "Nhà văn hóa %s" % village,
                    "members_present": group.member_count - 1,
                    "chair_name": group.leader_name,
                    "secretary_name": SECRETARIES[xmlid],
                    "note": "Tổ họp bình xét công khai các thành viên đề nghị vay "
                    "vốn theo Quyết định 08/2026/QĐ-TTg; các thành viên có mặt "
                    "biểu quyết từng người.",
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "loan_id": loan.id,
                                "opinion": "agree" if agreed else "disagree",
                                "reason": self.meeting_reason(loan, agreed),
                            },
                        )
                        for loan, agreed in entries
                    ],
                }
            )
        )
        review.action_confirm()

    @staticmethod
    def meeting_reason(loan, agreed):
        if not agreed:
            return (
                "Chưa có phương án sử dụng vốn khả thi, chưa xác định nơi chăn "
                "nuôi; đề nghị hoàn thiện phương án rồi bình xét lại."
            )
        if loan.purpose == "training":
            return (
                "Có giấy xác nhận của cơ sở đào tạo nghề; gia đình cam kết hỗ "
                "trợ trả nợ."
            )
        return "Có phương án sản xuất rõ ràng, gia đình cam kết hỗ trợ trả nợ."

    def confirm_commune(self, key):
        commune = key.rstrip("0123456789")
        loan = self.loans[key]
        loan.with_user(self.user(commune, "chairman")).action_confirm_commune()
        if self.extra(key).get("decide_late") and loan.decision_due_date:
            # The bank decides two days after its clock ran out («Decision
            # late» stays on the loan).
            self.at(loan.decision_due_date + timedelta(days=2), self.decide, key, True)

    def decide(self, key, approve):
        commune = key.rstrip("0123456789")
        loan = self.loans[key]
        day = loan._rehab_today()
        bank = loan.with_user(self.user(commune, "bank"))
        if not approve:
            bank._decide(
                False,
                day,
                "Số tiền đề nghị vượt nhu cầu thực tế của phương án; đề nghị "
                "lập lại hồ sơ với số tiền phù hợp.",
            )
            return
        bank._decide(
            True,
            day,
            "Đủ điều kiện theo Quyết định 08/2026/QĐ-TTg.",
            amount=loan.review_amount,
            term=loan.term_months,
            grace=loan.grace_months,
            frequency="1",
        )

    def disburse(self, key, amount):
        commune = key.rstrip("0123456789")
        loan = self.loans[key]
        place = "Điểm giao dịch %s" % loan.company_id.name
        loan.with_user(self.user(commune, "bank"))._disburse(
            loan._rehab_today(), amount, place
        )

    def plan_repayments(self, key, profile):
        """Once the money is out, the borrower's year of repayments."""
        loan = self.loans[key]
        dues = loan.installment_ids.sorted("sequence").mapped("due_date")
        kind, __, arg = profile.partition(":")
        if kind in ("prepay", "write_off", "freeze", "extend"):
            self.plan_risky_repayments(key, dues, kind, arg)
            return
        stop = self.today - timedelta(days=int(arg)) if kind == "stop" else self.today
        delay = timedelta(days=10) if kind == "late" else timedelta()
        for due in dues:
            if due < stop and due + delay < self.today:
                self.pay(due + delay, key)
        extra = self.extra(key)
        if extra.get("reverse"):
            when = self.month(extra["reverse"])
            paid = [due for due in dues if when <= due < self.today]
            if paid:
                # After that day's repayment, posted once more by mistake.
                self.at(paid[0], self.mistake, key)

    def plan_risky_repayments(self, key, dues, kind, arg):
        if kind == "prepay":
            when = self.month(int(arg)) + timedelta(days=14)
            for due in dues:
                if due < when:
                    self.pay(due, key)
            self.pay(when, key, True)
            return
        if kind == "write_off":
            paid = dues[:3]
            for due in paid:
                self.pay(due, key)
            death = dues[4] + timedelta(days=20)
            self.at(death, self.risk, key, "death", "write_off_principal")
            return
        if kind == "freeze":
            for due in dues[:4]:
                self.pay(due, key)
            self.at(dues[5] + timedelta(days=5), self.risk, key, "disaster", "freeze")
            return
        if kind == "extend":
            for due in dues[:5]:
                self.pay(due, key)
            self.at(dues[5] - timedelta(days=10), self.extend, key)
            # Three instalments move six months later; the others stay.
            moved = [due + relativedelta(months=6) for due in dues[5:8]]
            for due in sorted(set(moved + dues[8:])):
                self.pay(due, key)

    def pay(self, day, key, everything=False):
        """The borrower repays on ``day``: at the bank's desk, or, for a loan
        of Châu Sơn in a month whose transaction session is held, at that
        session (what the profile pays that month is paid there, on the
        session's day: the ledger of a loan only goes forward)."""
        if day > self.today:
            return
        index = self.month_index(day)
        if key.rstrip("0123456789") == "cs" and index in self.held_sessions:
            paid = self.collections.setdefault(index, {})
            if everything:
                paid[key] = "everything"
            else:
                paid.setdefault(key, "due")
            return
        self.at(day, self.repay, key, everything)

    def due_now(self, loan, everything=False):
        day = loan._rehab_today()
        loan._accrue_overdue(day)
        total = 0
        for line in loan.installment_ids:
            if line.due_date <= day:
                total += (
                    line.principal_remaining
                    + line.interest_remaining
                    + line.overdue_interest_remaining
                )
            elif everything:
                total += line.principal_remaining
        return int(total)

    def repay(self, key, everything=False):
        commune = key.rstrip("0123456789")
        loan = self.loans[key]
        if loan.state not in ("disbursing", "repaying") or loan.risk_action:
            return
        amount = self.due_now(loan, everything)
        if amount > 0:
            loan.with_user(self.user(commune, "bank"))._repay(
                loan._rehab_today(), amount
            )

    def mistake(self, key):
        """A repayment typed twice: the second is reversed the same day."""
        commune = key.rstrip("0123456789")
        loan = self.loans[key]
        bank = loan.with_user(self.user(commune, "bank"))
        day = loan._rehab_today()
        last = loan.repayment_ids.sorted(lambda r: (r.date, r.id))[-1:]
        if not last:
            return
        bank._repay(day, last.amount)
        repayment = loan.repayment_ids.sorted(lambda r: (r.date, r.id))[-1:]
        bank._reverse(
            repayment,
            "Nhập trùng phiếu thu của tổ trưởng; số tiền chỉ nộp một lần.",
        )

    def risk(self, key, cause, action):
        commune = key.rstrip("0123456789")
        loan = self.loans[key]
        notes = {
            "death": "Người vay chết; gia đình không còn khả năng trả nợ, có "
            "xác nhận của UBND xã.",
            "disaster": "Lũ quét làm mất trắng diện tích nuôi trồng; UBND xã "
            "xác nhận thiệt hại.",
        }
        loan.with_user(self.user(commune, "bank"))._handle_risk(
            loan._rehab_today(), cause, action, notes[cause]
        )

    def extend(self, key):
        commune = key.rstrip("0123456789")
        loan = self.loans[key]
        lines = loan.installment_ids.filtered(lambda i: not i.is_paid).sorted(
            "sequence"
        )[:3]
        loan.with_user(self.user(commune, "bank"))._extend(
            lines,
            6,
            "Người vay ốm dài ngày, có giấy ra viện; tổ đề nghị gia hạn ba kỳ.",
        )

    # The commune transaction day (Châu Sơn)

    def schedule_transaction_day(self):
        self.at(self.day(SESSION_POINT_MONTH, 20), self.set_up_point)
        for index in range(SESSION_POINT_MONTH + 1, 1):
            # A week before, the team prepares the groups' collection sheets.
            before = self.session_day(index, calendar=True) - timedelta(days=7)
            self.at(before, self.prepare_sheets, index)
            self.at(self.session_day(index), self.hold_session, index)
        for key, index in LEADER_RECEIPTS:
            day = self.session_day(index, calendar=True) - timedelta(days=5)
            self.at(day, self.receipt, key, index)

    def team(self):
        return [self.ref(xmlid) for xmlid in SESSION_TEAM]

    def the_session(self, index):
        return self.env["rehab.transaction.session"].search(
            [
                ("company_id", "=", self.ref("company_chau_son").id),
                ("period_month", "=", self.month(index)),
            ]
        )

    def set_up_point(self):
        """The Đình Lập office sets up its transaction point at Châu Sơn."""
        leader, controller, teller = self.team()
        point = (
            self.env["rehab.transaction.point"]
            .with_user(leader)
            .create(
                {
                    "name": "Trụ sở UBND xã Châu Sơn",
                    "vbsp_office_id": self.ref("company_dinh_lap_vbsp_office").id,
                    "company_id": self.ref("company_chau_son").id,
                    "session_day": SESSION_DAY,
                    "leader_id": leader.id,
                    "controller_id": controller.id,
                    "teller_id": teller.id,
                    "note": "Giao dịch từ 8 giờ đến 11 giờ; niêm yết lãi suất, "
                    "hộp thư góp ý tại điểm giao dịch.",
                }
            )
        )
        point.action_plan_sessions()

    def prepare_sheets(self, index):
        session = self.the_session(index)
        if session.state != "planned":
            return
        leader = session.with_user(self.team()[0])
        day = self.session_day(index)
        if session.date != day:
            names = {holiday: name for holiday, name in public_holidays(day.year)}
            leader._move(
                day,
                "Ngày %s là ngày nghỉ %s; phiên giao dịch chuyển sang ngày làm "
                "việc tiếp theo, đã thông báo cho các tổ trưởng."
                % (session.date.strftime("%d/%m/%Y"), names.get(session.date, "lễ")),
            )
        leader.action_prepare_sheets()

    def receipt(self, key, index):
        """The group leader collected a member's interest at home: the
        savings-group officer records it, to be handed over at the session."""
        loan = self.loans.get(key)
        month = self.month(index)
        if not loan or loan.state not in RUNNING_STATES:
            return
        if self.session_day(index) < self.today and key not in self.collections.get(
            index, {}
        ):
            return
        interest = sum(
            loan.installment_ids.filtered(
                lambda i, m=month: i.due_date.replace(day=1) == m
            ).mapped("interest_remaining")
        )
        if interest > 0:
            self.env["rehab.leader.receipt"].with_user(
                self.user("cs", "savings")
            ).create(
                {
                    "loan_id": loan.id,
                    "date": loan._rehab_today(),
                    "amount": interest,
                    "note": "Tổ trưởng thu lãi tại nhà thành viên, có ký nhận.",
                }
            )

    def hold_session(self, index):
        """The session on its day: the leader opens it, the teller types what
        each borrower paid, the controller counts each group's cash, the
        teller posts the group, the leader closes the session. The session of
        the install day stays open: the team is at work."""
        session = self.the_session(index)
        if session.state != "planned":
            return
        leader, controller, teller = self.team()
        session.with_user(leader).action_open()
        if session.date >= self.today:
            return
        keys = {loan.id: key for key, loan in self.loans.items()}
        paying = self.collections.get(index, {})
        for sheet in session.sheet_ids.sorted(lambda s: s.savings_group_id.name):
            for line in sheet.line_ids:
                key = keys.get(line.loan_id.id)
                how = paying.get(key)
                if how == "everything":
                    later = line.loan_id.installment_ids.filtered(
                        lambda i, d=session.date: i.due_date > d
                    )
                    amount = line.due_total + sum(later.mapped("principal_remaining"))
                elif how == "due":
                    amount = line.due_total
                elif (index, key) in SESSION_INTEREST_ONLY:
                    amount = line.due_overdue_interest + line.due_interest
                else:
                    amount = 0
                paid = max(amount - line.receipt_amount, 0)
                if paid != line.amount_paid:
                    line.with_user(teller).write({"amount_paid": paid})
            if not sheet.amount_total:
                sheet.with_user(teller).action_skip()
                continue
            sheet.with_user(controller).write({"cash_counted": sheet.amount_total})
            sheet.with_user(teller).action_post()
        session.with_user(leader).action_close()

    # Loan-use checks

    def use_check(self, key, checker, finding, note):
        loan = self.loans.get(key)
        if not loan or loan.state not in RUNNING_STATES:
            return
        commune = key.rstrip("0123456789")
        user = self.user(commune, "savings" if checker == "organisation" else "bank")
        loan.with_user(user)._record_use_check(
            loan._rehab_today(), checker, finding, note
        )

    # Scheduled actions

    def daily_run(self):
        """The daily scheduled actions the steps do not run themselves."""
        self.env["rehab.transaction.session"]._cron_plan_sessions()
        self.env["rehab.loan"]._cron_decision_clock()

    def expire_slips(self):
        self.env["rehab.referral.slip"]._cron_expire_slips()

    def overdue_run(self):
        self.env["rehab.loan"]._cron_overdue()

    def reporting_calendar(self):
        plans = self.env["rehab.plan"].search([])
        if plans and plans._rehab_today() >= max(plans.mapped("date")):
            self.env["rehab.report"]._cron_reporting_calendar()

    def daily_crons(self):
        self.env["rehab.person"]._cron_refresh_eligibility()
        self.env["rehab.person"]._cron_retention()
        self.env["rehab.monthly.list"]._cron_monthly_lists()
        self.env["rehab.referral.slip"]._cron_expire_slips()
        self.env["rehab.loan"]._cron_overdue()
        self.reporting_calendar()
        self.daily_run()

    # Who saw the people's data (the access log of sensitive data)

    def look_at_people(self, commune):
        """The commune police open the registry and one person's file, as in
        the web client: one entry of the access log each."""
        police = self.user(commune, "police")
        People = self.env["rehab.person"].with_user(police)
        env = People.env
        with access_scope(env, "list", "web_search_read"):
            page = People.web_search_read(
                [("company_id", "=", self.ref(COMMUNES[commune]).id)],
                {"name": {}, "citizen_id": {}, "village": {}, "is_eligible": {}},
                limit=80,
            )
        if page["records"]:
            person = People.browse(page["records"][0]["id"])
            with access_scope(env, "form", "web_read"):
                person.web_read(
                    {
                        "name": {},
                        "citizen_id": {},
                        "rehab_route": {},
                        "decision_date": {},
                        "conduct": {},
                    }
                )

    def chairman_reveals(self, commune):
        """The chairman, who reads citizen IDs masked on the person's file,
        shows one in full to check it against the person's card: an entry
        of the access log ("Full value revealed")."""
        chairman = self.user(commune, "chairman")
        person = self.env["rehab.person"].search(
            [("company_id", "=", self.ref(COMMUNES[commune]).id)], limit=1
        )
        person.with_user(chairman).action_rehab_reveal("citizen_id")

    def province_looks_at_people(self):
        """The province officer opens the registry of Sơn La."""
        People = self.env["rehab.person"].with_user(self.ref("user_province_son_la"))
        with access_scope(People.env, "list", "web_search_read"):
            People.web_search_read(
                [],
                {"name": {}, "village": {}, "rehab_route": {}, "window_end_date": {}},
                limit=80,
            )

    # Activities, surveys, reports, supervision

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
