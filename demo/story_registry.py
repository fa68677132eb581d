# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo's registry and monthly lists: the set-up of the year, the
people registered by the commune police, each commune's list of each month."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from ..models.rehab_rule_value import DECISION_IN_FORCE
from .holidays import public_holidays
from .story_data import (
    COMMUNES,
    CONFIRMATION,
    FACILITIES,
    ISSUERS,
    LATE,
    LATE_LISTS,
    LOANS,
    ON_TIME,
    PEOPLE,
    PROVINCE_CODES,
    SPECIAL_LISTS,
)


class StoryRegistry:
    """The steps of the registry and the monthly lists (part of _Story)."""

    def setup(self):
        Rate = self.env["rehab.interest.rate"]
        if not Rate.search([("effective_date", "<=", self.start)], limit=1):
            Rate.create(
                {
                    "effective_date": self.start - relativedelta(months=1),
                    "annual_rate": 6.6,
                    "overdue_multiplier": 130,
                    "note": "Lãi suất cho vay hộ nghèo (0,55 %/tháng), dữ liệu mẫu",
                    "legal_number": "08/2026/QĐ-TTg",
                    "legal_date": self.start - relativedelta(months=2),
                    "legal_article": "Mẫu minh họa",
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

    def illustrative_rates(self):
        """The entrustment fee and the commission, from the day the Decision
        takes effect (the value of its first version of these rules, which
        is not yet in force when the story starts before it)."""
        admin = self.ref("user_programme_admin")
        # Illustrative rates only: each province's VBSP branch sets the real
        # ones (province rules, rehab.rule.value); the programme's default
        # (no province) by the national administrator, then each province's.
        for province in (False, "company_son_la", "company_lang_son"):
            self.env["rehab.settings"].with_user(admin).create(
                {
                    "rule_province_id": province and self.ref(province).id,
                    "rule_date_from": max(self.step_day, DECISION_IN_FORCE),
                    "rehab_entrustment_fee_rate": 10.0,
                    "rehab_leader_commission_rate": 20.0,
                    "rule_legal_number": "01/HD-NHCS",
                    "rule_legal_date": self.step_day,
                    "rule_legal_article": "Mục 2",
                }
            ).execute()

    def announce_rules(self):
        """On the install day, two rules change from a later day (the
        settings show today's values, the history the values to come): Sơn
        La's entrustment fee from the first day of next month, entered by
        the province's administrator; the ceiling per person from 1 January
        next year, entered by the national administrator on a sample text."""
        Settings = self.env["rehab.settings"]
        son_la = self.ref("user_programme_admin_son_la")
        Settings.with_user(son_la).create(
            {
                "rule_province_id": self.ref("company_son_la").id,
                "rule_date_from": self.month0 + relativedelta(months=1),
                "rehab_entrustment_fee_rate": 12.0,
                "rule_legal_number": "15/QĐ-NHCS",
                "rule_legal_date": self.today,
                "rule_legal_article": "Điều 1",
            }
        ).execute()
        national = self.ref("user_programme_admin")
        Settings.with_user(national).create(
            {
                "rule_date_from": date(self.today.year + 1, 1, 1),
                "rehab_individual_ceiling": 250_000_000,
                "rule_legal_number": "99/2026/QĐ-TTg",
                "rule_legal_date": self.today,
                "rule_legal_article": "Mẫu minh họa (văn bản giả định)",
            }
        ).execute()

    def register(self, key):
        commune = key.rstrip("0123456789")
        values = self.person_values(key)
        police = self.user(commune, "police")
        self.people[key] = (
            self.env["rehab.person"].with_user(police).create(values).sudo()
        )

    def person_values(self, key):
        """What the commune police type in for the person ``key`` of PEOPLE."""
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
        return values

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
