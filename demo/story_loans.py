# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo's referral slips and loans: applications, group reviews, the
bank's decisions, disbursements, each borrower's repayments and risks."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from .story_data import (
    LATE,
    LATE_LISTS,
    LOAN_GROUPS,
    LOANS,
    ON_TIME,
    ROLES,
    SECRETARIES,
)


class StoryLoans:
    """The steps of the slips and loans (part of _Story)."""

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
        Loan = self.env["rehab.loan"].with_user(self.user(commune, "bank"))
        loan = Loan.create(
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
        self.loans[key] = Loan.browse(loan.ids).sudo()

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
        repayment = bank._repay(day, last.amount)
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
