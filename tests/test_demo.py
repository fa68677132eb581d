from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools.safe_eval import safe_eval

from ..tools.rehab_rules import agency_date


@tagged("post_install", "-at_install")
class TestDemoProvinceAtWork(TransactionCase):
    """The demo shows a province at work: a year of every step, made by the steps.

    Read from the demo database as installed (demo/story_engine.py).
    """

    def count(self, model, domain):
        return self.env[model].search_count(domain)

    def states(self, model, field="state"):
        groups = self.env[model]._read_group([], [field], ["__count"])
        return {value: count for value, count in groups}

    def test_twelve_months_of_lists_in_every_state(self):
        today = self.env.user._rehab_today()
        first = today.replace(day=1)
        lists = self.env["rehab.monthly.list"].search([])
        months = set(lists.mapped("month_date"))
        self.assertGreaterEqual(len(months), 13)
        self.assertLessEqual(min(months), first.replace(year=first.year - 1))
        self.assertEqual(
            set(self.states("rehab.monthly.list")),
            {"draft", "submitted", "returned", "confirmed", "sent", "received"},
        )
        self.assertTrue(lists.filtered("is_late"))
        self.assertTrue(lists.filtered(lambda x: not x.is_late))
        # Each commune has its list of every month.
        communes = self.env["res.company"].search([("agency_type", "=", "commune")])
        self.assertEqual(len(lists), len(communes) * len(months))

    def test_slips_and_loans_in_every_state(self):
        self.assertEqual(
            set(self.states("rehab.referral.slip")),
            {"valid", "used", "expired", "revoked"},
        )
        self.assertEqual(
            set(self.states("rehab.loan")),
            {
                "draft",
                "reviewed",
                "confirmed",
                "approved",
                "rejected",
                "disbursing",
                "repaying",
                "closed",
            },
        )
        running = [("state", "in", ("disbursing", "repaying"))]
        buckets = {
            bucket
            for (bucket,) in self.env["rehab.loan"]._read_group(
                running, ["delinquency_bucket"]
            )
        }
        self.assertEqual(buckets, {"current", "1_30", "31_90", "91_180", "over_180"})
        Loan = self.env["rehab.loan"]
        self.assertTrue(Loan.search(running + [("risk_action", "=", "freeze")]))
        self.assertTrue(Loan.search([("risk_action", "=", "write_off_principal")]))
        self.assertTrue(Loan.search(running + [("is_extended", "=", True)]))
        closed = Loan.search([("state", "=", "closed")])
        self.assertGreaterEqual(len(closed), 2)
        # A closed loan owes nothing past due.
        self.assertFalse(closed.filtered("days_past_due"))
        self.assertTrue(self.env["rehab.loan.reversal"].search_count([]))
        self.assertTrue(
            Loan.search(running).disbursement_ids.filtered(
                lambda d: len(d.loan_id.disbursement_ids) > 1
            )
            or Loan.search([("state", "=", "disbursing")])
        )

    def test_repayments_on_time_and_late(self):
        repayments = self.env["rehab.loan.repayment"].search([])
        late = repayments.filtered("overdue_interest")
        self.assertTrue(late)
        self.assertGreater(len(repayments - late), len(late))
        # Every repayment balances: its parts make its amount.
        for repayment in repayments:
            self.assertEqual(
                repayment.amount,
                repayment.overdue_interest + repayment.interest + repayment.principal,
            )

    def test_capital_activities_surveys_reports_and_audit(self):
        self.assertGreaterEqual(self.count("rehab.capital.allocation", []), 4)
        shares = self.env["rehab.coverage"].search([]).mapped("share")
        self.assertIn(100.0, shares)
        self.assertTrue([share for share in shares if share < 100])
        self.assertEqual(
            set(self.states("rehab.support.activity", "activity_type"))
            >= {"communication", "training", "job_placement"},
            True,
        )
        self.assertEqual(set(self.states("rehab.demand.survey")), {"draft", "done"})
        reports = self.env["rehab.report"].search([])
        self.assertTrue(reports.filtered(lambda r: r.state == "accepted"))
        self.assertTrue(reports.filtered(lambda r: r.state == "submitted"))
        self.assertTrue(reports.filtered(lambda r: r.is_late and r.state == "draft"))
        accepted = reports.filtered(lambda r: r.state == "accepted")
        self.assertTrue(sum(accepted.mapped("amount_disbursed")))
        self.assertTrue(
            self.count("auditlog.log", [("model_id.model", "=", "rehab.loan")])
        )
        self.assertTrue(self.count("mail.activity", [("res_model", "=", "rehab.loan")]))
        # The year-end classification of each province, approved by its branch.
        classifications = self.env["rehab.loan.classification"].search(
            [("state", "=", "approved")]
        )
        self.assertEqual(len(classifications.province_id), 2)
        self.assertTrue(classifications.line_ids)

    def test_made_by_the_users_of_each_role(self):
        """The steps were taken by the demo users, on their own dates."""
        ref = self.env.ref
        loans = self.env["rehab.loan"].search(
            [("company_id", "=", ref("post_rehab_credit.company_chau_son").id)]
        )
        self.assertEqual(
            loans.mapped("create_uid"), ref("post_rehab_credit.user_vbsp_dinh_lap")
        )
        decided = loans.filtered("decided_by_id")
        self.assertEqual(
            decided.decided_by_id, ref("post_rehab_credit.user_vbsp_dinh_lap")
        )
        lists = self.env["rehab.monthly.list"].search(
            [("company_id", "=", ref("post_rehab_credit.company_chau_son").id)]
        )
        self.assertEqual(
            lists.filtered("confirmed_by_id").confirmed_by_id,
            ref("post_rehab_credit.user_chairman_chau_son"),
        )
        # The chatter keeps the dates of the story, not of the installation.
        today = self.env.user._rehab_today()
        oldest = self.env["mail.message"].search(
            [("model", "=", "rehab.loan"), ("res_id", "in", loans.ids)],
            order="date",
            limit=1,
        )
        self.assertLess(oldest.date.date(), today - timedelta(days=300))

    def test_every_role_opens_on_its_own_work(self):
        """The landing screen of each demo user has records to work on."""
        ref = self.env.ref
        for xmlid in (
            "user_police_chau_son",
            "user_chairman_chau_son",
            "user_officer_chau_son",
            "user_savings_chau_son",
            "user_vbsp_dinh_lap",
            "user_police_to_hieu",
            "user_vbsp_manager_son_la",
            "user_province_son_la",
            "user_department_son_la",
            "user_programme_admin",
        ):
            user = ref("post_rehab_credit.%s" % xmlid)
            with self.subTest(user=user.login):
                env = self.env(user=user)
                action = env["res.users"]._rehab_home_action()
                domain = action.get("domain") or []
                if isinstance(domain, str):
                    domain = safe_eval(domain, {"uid": user.id})
                self.assertTrue(
                    env[action["res_model"]].search_count(domain),
                    "%s lands on an empty screen" % user.login,
                )

    def test_branch_manager_reads_what_the_offices_were_sent(self):
        """The VBSP branch manager follows the lists its province's offices got."""
        manager = self.env.ref("post_rehab_credit.user_vbsp_manager_son_la")
        son_la = self.env.ref("post_rehab_credit.company_son_la")
        env = self.env(user=manager)
        lists = env["rehab.monthly.list"].search([])
        self.assertTrue(lists)
        self.assertEqual(set(lists.mapped("state")), {"sent", "received"})
        self.assertEqual(lists.company_id.province_id, son_la)
        everything = self.env["rehab.monthly.list"].search(
            [
                ("company_id", "child_of", son_la.id),
                ("state", "in", ("sent", "received")),
            ]
        )
        self.assertEqual(lists, everything)
        lines = env["rehab.monthly.list.line"].search([])
        self.assertFalse(lines.filtered("excluded"))
        people = env["rehab.person"].search([])
        self.assertEqual(people, lines.person_id)
        with self.assertRaises(AccessError):
            lists.check_access("write")

    # Issue 15: the commune transaction day, the group review, the decision
    # clock, loan-use checks and entrustment fees, played at Châu Sơn.

    def _team(self):
        ref = self.env.ref
        return (
            ref("post_rehab_credit.user_vbsp_dinh_lap"),
            ref("post_rehab_credit.user_vbsp_controller_dinh_lap"),
            ref("post_rehab_credit.user_vbsp_teller_dinh_lap"),
        )

    def test_the_lists_show_who_already_borrows(self):
        """Châu Sơn's list of this month: the borrowers with what they owe and
        the room left; the one whose loan is recovered for misuse apart."""
        chau_son = self.env.ref("post_rehab_credit.company_chau_son")
        latest = self.env["rehab.monthly.list"].search(
            [("company_id", "=", chau_son.id)], order="month_date desc", limit=1
        )
        recovering = self.env["rehab.loan"].search(
            [("company_id", "=", chau_son.id), ("use_recovery", "=", True)]
        )
        self.assertTrue(recovering)
        lines = latest.line_ids.filtered(lambda x: x.person_id in recovering.person_id)
        self.assertTrue(lines)
        self.assertEqual(set(lines.mapped("no_new_loan")), {"recovery"})
        self.assertTrue(
            latest.line_ids.filtered(lambda x: x.programme_owed and not x.no_new_loan)
        )
        self.assertFalse(latest.apart_line_ids & latest.included_line_ids)
        self.assertEqual(
            latest.amount_total, sum(latest.included_line_ids.mapped("amount_needed"))
        )

    def test_loans_fall_due_on_the_transaction_day(self):
        """The loans of Châu Sơn disbursed since its transaction point was set
        up fall due on its day, the 17th (or the day a session moved to)."""
        point = self.env["rehab.transaction.point"].search(
            [("company_id", "=", self.env.ref("post_rehab_credit.company_chau_son").id)]
        )
        aligned = self.env["rehab.loan"].search(
            [("company_id", "=", point.company_id.id), ("due_day", "!=", 0)]
        )
        self.assertTrue(aligned)
        self.assertEqual(set(aligned.mapped("due_day")), {point.session_day})
        moved = set(point.session_ids.filtered("is_moved").mapped("date"))
        for due in aligned.installment_ids.mapped("due_date"):
            self.assertTrue(due.day == point.session_day or due in moved, due)

    def test_transaction_sessions_of_chau_son(self):
        ref = self.env.ref
        leader, controller, teller = self._team()
        for user in (controller, teller):
            self.assertEqual(user.lang, "vi_VN")
            self.assertTrue(user.has_group("post_rehab_credit.group_vbsp_officer"))
        point = self.env["rehab.transaction.point"].search(
            [
                ("company_id", "=", ref("post_rehab_credit.company_chau_son").id),
                (
                    "vbsp_office_id",
                    "=",
                    ref("post_rehab_credit.company_dinh_lap_vbsp_office").id,
                ),
            ]
        )
        self.assertEqual(len(point), 1)
        self.assertEqual(point.name, "Trụ sở UBND xã Châu Sơn")
        self.assertEqual(
            (point.leader_id, point.controller_id, point.teller_id), self._team()
        )
        first = agency_date().replace(day=1)
        sessions = {s.period_month: s for s in point.session_ids}
        # The sessions of the two months before this one were held and closed.
        held = [sessions[first - relativedelta(months=n)] for n in (2, 1)]
        for session in held:
            with self.subTest(session=session.display_name):
                self.assertEqual(session.state, "closed")
                self.assertEqual(session.opened_by_id, leader)
                self.assertEqual(session.closed_by_id, leader)
                self.assertFalse(session.activity_ids)
                posted = session.sheet_ids.filtered(lambda s: s.state == "posted")
                self.assertTrue(posted)
                self.assertEqual(posted.counted_by_id, controller)
                self.assertEqual(posted.posted_by_id, teller)
                self.assertTrue(session.amount_posted)
                self.assertEqual(session.amount_posted, session.cash_counted)
                lines = session.sheet_ids.line_ids
                repayments = lines.repayment_id
                self.assertEqual(set(repayments.mapped("date")), {session.date})
                self.assertEqual(repayments.create_uid, teller)
                # Its report: per group and in total, what the session posted.
                figures = session._report_figures()
                self.assertEqual(figures["total"]["amount"], session.amount_posted)
                # Châu Sơn's loans paid nothing at the bank's desk that month:
                # every repayment of the month was posted at the session.
                month = session.period_month
                desk = self.env["rehab.loan.repayment"].search(
                    [
                        ("loan_id", "in", lines.loan_id.ids),
                        ("date", ">=", month),
                        ("date", "<", month + relativedelta(months=1)),
                    ]
                )
                self.assertEqual(desk, repayments)
        lines = held[0].sheet_ids.line_ids | held[1].sheet_ids.line_ids
        # The teller kept what was due for most; a late borrower paid less
        # and is still late; a frozen loan paid nothing.
        self.assertTrue(lines.filtered(lambda x: x.due_total and not x.differs))
        less = lines.filtered(lambda x: 0 < x.amount_total < x.due_total)
        self.assertTrue(less)
        self.assertTrue(all(less.loan_id.mapped("days_past_due")))
        self.assertTrue(
            lines.filtered(
                lambda x: x.loan_id.risk_action == "freeze" and not x.amount_total
            )
        )
        # A borrower repaid the whole loan at a session and the loan closed.
        self.assertTrue(
            lines.filtered(
                lambda x: x.amount_total > x.due_total and x.loan_id.state == "closed"
            )
        )
        # The group leader's receipts, recorded by the savings-group officer
        # between sessions, were handed over and posted at the session.
        receipts = lines.receipt_ids
        self.assertTrue(receipts)
        self.assertEqual(set(receipts.mapped("state")), {"handed_over"})
        self.assertEqual(
            receipts.create_uid, ref("post_rehab_credit.user_savings_chau_son")
        )
        self.assertTrue(
            all(r.date < r.session_id.date for r in receipts),
        )
        # Next month's session is planned, with its team leader's to-do.
        planned = sessions[first + relativedelta(months=1)]
        self.assertEqual(planned.state, "planned")
        self.assertEqual(planned.activity_ids.user_id, self._team()[0])
        self.assertEqual(len(planned.activity_ids), 1)
        self.assertEqual(
            set(planned.activity_ids.mapped("date_deadline")), {planned.date}
        )

    def test_group_review_meetings_of_chau_son(self):
        ref = self.env.ref
        officer = ref("post_rehab_credit.user_savings_chau_son")
        chau_son = ref("post_rehab_credit.company_chau_son")
        reviews = self.env["rehab.group.review"].search(
            [("company_id", "=", chau_son.id)]
        )
        self.assertGreaterEqual(len(reviews), 2)
        self.assertEqual(set(reviews.mapped("state")), {"confirmed"})
        self.assertEqual(reviews.create_uid, officer)
        self.assertEqual(reviews.confirmed_by_id, officer)
        # Several applications moved together at one meeting.
        self.assertTrue(reviews.filtered(lambda r: len(r.line_ids) > 1))
        # The group disagreed with one: the application is refused.
        disagree = reviews.line_ids.filtered(lambda x: x.opinion == "disagree")
        self.assertTrue(disagree)
        self.assertEqual(set(disagree.loan_id.mapped("state")), {"rejected"})
        self.assertTrue(all(disagree.mapped("reason")))
        # Every application of Châu Sơn the group reviewed went through a
        # meeting, on the meeting's day.
        reviewed = self.env["rehab.loan"].search(
            [("company_id", "=", chau_son.id), ("review_date", "!=", False)]
        )
        self.assertEqual(reviewed, reviews.line_ids.loan_id)
        for line in reviews.line_ids:
            self.assertEqual(line.loan_id.review_date, line.review_id.meeting_date)

    def test_holidays_and_the_decision_clock(self):
        holidays = self.env["rehab.public.holiday"].search([])
        today = agency_date()
        years = {day.year for day in holidays.mapped("date")}
        self.assertLessEqual({today.year - 1, today.year, today.year + 1}, years)
        Loan = self.env["rehab.loan"]
        clocked = Loan.search([("decision_due_date", "!=", False)])
        self.assertTrue(clocked)
        for loan in clocked:
            self.assertGreater(loan.decision_due_date, loan.file_complete_date)
        # A file waiting past its day, and a decision taken after its day.
        late = Loan.search([("is_decision_late", "=", True)])
        self.assertTrue(late.filtered(lambda x: x.state == "confirmed"))
        self.assertTrue(
            late.filtered(
                lambda x: x.decision_date and x.decision_date > x.decision_due_date
            )
        )

    def test_loan_use_checks(self):
        ref = self.env.ref
        checks = self.env["rehab.loan.use.check"].search([])
        planned = checks.filtered(lambda c: c.finding == "as_planned")
        self.assertTrue(planned)
        self.assertEqual(
            planned.create_uid, ref("post_rehab_credit.user_savings_chau_son")
        )
        misused = checks.filtered(lambda c: c.finding == "misused")
        self.assertTrue(misused)
        self.assertEqual(
            misused.create_uid, ref("post_rehab_credit.user_vbsp_dinh_lap")
        )
        # A misuse still standing: the loan is flagged and the bank officers
        # have a to-do to recover it.
        flagged = misused.loan_id.filtered("use_recovery")
        self.assertTrue(flagged)
        recovery = self.env["mail.activity"].search(
            [
                ("res_model", "=", "rehab.loan"),
                ("res_id", "in", flagged.ids),
                (
                    "activity_type_id",
                    "=",
                    ref("post_rehab_credit.mail_activity_type_recovery").id,
                ),
            ]
        )
        self.assertIn(ref("post_rehab_credit.user_vbsp_dinh_lap"), recovery.user_id)
        # A misuse corrected by a later check: the recovery ended.
        corrected = misused.loan_id - flagged
        self.assertTrue(corrected)
        self.assertNotEqual(corrected[:1].last_check_finding, "misused")
        # Loans not checked within the period are listed.
        self.assertTrue(
            self.env["rehab.loan"].search_count([("is_use_check_due", "=", True)])
        )

    def test_entrustment_fees_at_illustrative_rates(self):
        fees = self.env["rehab.entrustment.fee"].search([])
        self.assertTrue(fees.filtered("fee_amount"))
        self.assertTrue(fees.filtered("commission_amount"))
        # Both organisations of Châu Sơn's groups are paid.
        chau_son = self.env.ref("post_rehab_credit.company_chau_son")
        self.assertEqual(
            set(
                fees.filtered(lambda f: f.company_id == chau_son).mapped("organisation")
            ),
            {"women", "farmers"},
        )

    def test_every_open_todo_still_asks_for_something(self):
        """No stale to-do: each asks for the step its record waits for, of
        the user whose step it is, once; the administrators get none of
        another role's work."""
        Activity = self.env["mail.activity"]
        step = self.env.ref("post_rehab_credit.mail_activity_type_step")
        recovery = self.env.ref("post_rehab_credit.mail_activity_type_recovery")
        models = {
            name
            for name in self.env
            if name.startswith("rehab.")
            and hasattr(self.env[name], "_workflow_stale_todos")
            and "activity_ids" in self.env[name]._fields
        }
        self.assertIn("rehab.loan", models)
        todos = Activity.search([("res_model", "in", list(models))])
        self.assertTrue(todos.filtered(lambda a: a.activity_type_id == step))
        for model in models:
            records = self.env[model].browse(
                todos.filtered(lambda a, m=model: a.res_model == m).mapped("res_id")
            )
            stale = records._workflow_stale_todos()
            self.assertFalse(
                stale,
                "%s: %s"
                % (model, [(a.res_name, a.summary, a.user_id.login) for a in stale]),
            )
        misused = self.env["rehab.loan"].browse(
            todos.filtered(lambda a: a.activity_type_id == recovery).mapped("res_id")
        )
        self.assertTrue(misused)
        self.assertTrue(all(misused.mapped("use_recovery")))
        # Never twice for one user.
        keys = [(a.res_model, a.res_id, a.user_id.id, a.summary) for a in todos]
        self.assertEqual(len(keys), len(set(keys)))
        # The administrators hold none of the roles' steps.
        admins = self.env.ref("post_rehab_credit.group_programme_admin").users
        self.assertFalse(
            todos.filtered(
                lambda a: (
                    a.user_id in admins and a.activity_type_id in (step | recovery)
                )
            )
        )
        # The transaction team's steps go to the officer whose step it is: the
        # leader, not the three members alike.
        team = [
            self.env.ref("post_rehab_credit.%s" % xmlid)
            for xmlid in ("user_vbsp_dinh_lap", "user_vbsp_controller_dinh_lap")
        ]
        self.assertTrue(todos.filtered(lambda a: a.user_id == team[0]))
        self.assertFalse(todos.filtered(lambda a: a.user_id == team[1]))

    def test_the_chairman_lands_on_lists_and_loans_to_confirm(self):
        chairman = self.env.ref("post_rehab_credit.user_chairman_chau_son")
        env = self.env(user=chairman)
        action = env["res.users"]._rehab_home_action()
        domain = safe_eval(action["domain"], {"uid": chairman.id})
        todos = env[action["res_model"]].search(domain)
        self.assertEqual(
            set(todos.mapped("res_model")), {"rehab.monthly.list", "rehab.loan"}
        )
        lists = self.env["rehab.monthly.list"].browse(
            todos.filtered(lambda a: a.res_model == "rehab.monthly.list").mapped(
                "res_id"
            )
        )
        loans = self.env["rehab.loan"].browse(
            todos.filtered(lambda a: a.res_model == "rehab.loan").mapped("res_id")
        )
        self.assertEqual(set(lists.mapped("state")), {"submitted"})
        self.assertEqual(set(loans.mapped("state")), {"reviewed"})

    def test_the_access_log_shows_who_opened_the_people(self):
        """The police open their registry and a person's file, the province
        officer the province's registry: entries on their days, ids only."""
        Log = self.env["rehab.access.log"]
        police = self.env.ref("post_rehab_credit.user_police_chau_son")
        officer = self.env.ref("post_rehab_credit.user_province_son_la")
        entries = Log.search([("user_id", "=", police.id)])
        self.assertEqual(set(entries.mapped("channel")), {"list", "form"})
        self.assertGreaterEqual(len(set(entries.mapped("access_day"))), 3)
        people = self.env["rehab.person"].search(
            [("company_id", "=", self.env.ref("post_rehab_credit.company_chau_son").id)]
        )
        for entry in entries:
            ids = {int(res_id) for res_id in entry.res_ids.split(",")}
            self.assertLessEqual(ids, set(people.ids))
            self.assertEqual(entry.record_count, len(ids))
            self.assertNotIn(people[0].citizen_id, entry.res_ids)
        self.assertTrue(
            Log.search(
                [("user_id", "=", officer.id), ("channel", "=", "list")], limit=1
            )
        )
        chairman = self.env.ref("post_rehab_credit.user_chairman_chau_son")
        reveal = Log.search([("user_id", "=", chairman.id), ("channel", "=", "reveal")])
        self.assertEqual(len(reveal), 1)
        self.assertEqual(reveal.field_names, "citizen_id")
        self.assertEqual(reveal.record_count, 1)
        # The province officer reads the log of the province.
        self.assertTrue(Log.with_user(officer).search_count([]))

    def test_the_retention_run_archived_a_person(self):
        """Vi Văn Cũ of Châu Sơn: window closed, nothing binds, archived by
        the daily retention run with its note; nothing erased yet."""
        person = (
            self.env["rehab.person"]
            .with_context(active_test=False)
            .search([("citizen_id", "=", "020080999001")])
        )
        self.assertEqual(len(person), 1)
        self.assertFalse(person.active)
        self.assertTrue(person.archived_date)
        self.assertFalse(person.erased_date)
        notes = self.env["mail.message"].search(
            [("model", "=", "rehab.person"), ("res_id", "=", person.id)]
        )
        self.assertIn("lưu trữ", " ".join(notes.mapped("body")))
