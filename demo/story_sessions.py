# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo's commune transaction day at Châu Sơn, the loan-use checks and
who opened the people's data (the access log)."""

from datetime import timedelta

from ..models.loan import RUNNING_STATES
from ..models.rehab_access_logged_mixin import access_scope
from .holidays import public_holidays
from .story_data import (
    COMMUNES,
    LEADER_RECEIPTS,
    SESSION_DAY,
    SESSION_INTEREST_ONLY,
    SESSION_POINT_MONTH,
    SESSION_TEAM,
)


class StorySessions:
    """The steps of the transaction sessions, the checks and the access log
    (part of _Story)."""

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
