from datetime import date

from freezegun import freeze_time

from odoo import fields
from odoo.tests import Form, tagged
from odoo.tools.translate import code_translations

from .test_loan import LoanCase

STEP = "post_rehab_credit.mail_activity_type_step"


@tagged("post_install", "-at_install")
class TestWorkflowTodos(LoanCase):
    """Each step closes its to-do and opens one for the next step's users."""

    def tr(self, summary):
        """A to-do is written in its user's language: Vietnamese here."""
        self.assertEqual(self.police_user.lang, "vi_VN")
        translations = code_translations.get_python_translations(
            "post_rehab_credit", "vi_VN"
        )
        self.assertIn(summary, translations)
        return translations[summary]

    def todos(self, record):
        self.env.invalidate_all()
        return {
            (a.user_id.login, a.summary)
            for a in self.env["mail.activity"].search(
                [("res_model", "=", record._name), ("res_id", "=", record.id)]
            )
        }

    def test_list_chain(self):
        record = self.List.create(
            {"company_id": self.commune_a1.id, "month_date": "2027-01-01"}
        )
        record.action_fill()
        record._workflow_open_todo(
            self.police_user, "Draw up and submit the monthly list"
        )
        police, chairman, bank = self.police_user, self.chairman_user, self.vbsp_user
        record.with_user(police).action_submit()
        self.assertEqual(
            self.todos(record), {(chairman.login, self.tr("Confirm the monthly list"))}
        )
        wizard = Form(
            self.env["rehab.monthly.list.return"]
            .with_user(chairman)
            .with_context(default_list_id=record.id)
        )
        wizard.reason = "Thiếu người"
        wizard.save().action_return()
        self.assertEqual(
            self.todos(record),
            {(police.login, self.tr("Correct and submit the returned list"))},
        )
        record.with_user(police).action_submit()
        self.assertEqual(
            self.todos(record), {(chairman.login, self.tr("Confirm the monthly list"))}
        )
        Form(
            self.env["rehab.monthly.list.confirm"]
            .with_user(chairman)
            .with_context(default_list_id=record.id)
        ).save().action_confirm()
        self.assertEqual(
            self.todos(record),
            {(police.login, self.tr("Send the confirmed list to the bank"))},
        )
        record.with_user(police).action_send()
        self.assertEqual(
            self.todos(record), {(bank.login, self.tr("Receive the monthly list"))}
        )
        record.with_user(bank).action_receive()
        self.assertEqual(self.todos(record), set())
        # Done to-dos are kept as done, of the workflow's own type.
        done = (
            self.env["mail.message"]
            .search([("model", "=", record._name), ("res_id", "=", record.id)])
            .filtered("mail_activity_type_id")
        )
        # Drawn up, submitted, returned, submitted again, confirmed, sent.
        self.assertEqual(len(done), 6)
        self.assertEqual(done.mail_activity_type_id, self.env.ref(STEP))

    def test_loan_chain(self):
        bank, chairman, savings = self.vbsp_user, self.chairman_user, self.savings_user
        loan = self._application()
        self.assertEqual(
            self.todos(loan),
            {
                (
                    savings.login,
                    self.tr("Review the loan application in the savings group"),
                )
            },
        )
        self._wizard(
            "rehab.loan.review",
            loan,
            savings,
            meeting_date=date(2026, 5, 20),
            members_present=4,
            note="Cả tổ nhất trí",
        ).action_record()
        self.assertEqual(
            self.todos(loan),
            {(chairman.login, self.tr("Confirm the loan application for the commune"))},
        )
        with freeze_time(self.CONFIRM_DAY):
            loan.with_user(chairman).action_confirm_commune()
        self.assertEqual(
            self.todos(loan), {(bank.login, self.tr("Decide the loan application"))}
        )
        self._wizard(
            "rehab.loan.decide", loan, bank, decision_date=date(2026, 6, 1)
        ).action_decide()
        self.assertEqual(self.todos(loan), {(bank.login, self.tr("Disburse the loan"))})
        self._wizard(
            "rehab.loan.disburse", loan, bank, date=date(2026, 6, 1), amount=4_000_000
        ).action_disburse()
        self.assertEqual(
            self.todos(loan), {(bank.login, self.tr("Disburse the next tranche"))}
        )
        self._wizard(
            "rehab.loan.disburse", loan, bank, date=date(2026, 6, 2), amount=6_000_000
        ).action_disburse()
        self.assertEqual(loan.state, "repaying")
        self.assertEqual(self.todos(loan), set())
        loan.with_user(bank)._repay(fields.Date.today(), 1_000_000)
        self.assertEqual(self.todos(loan), set())

    def test_report_todo_goes_to_its_writers_only(self):
        plan = self.env["rehab.plan"].create(
            {
                "name": "KH xã",
                "company_id": self.commune_a1.id,
                "recipient_id": self.police_a.id,
                "reporting_company_ids": [(6, 0, self.commune_a1.ids)],
                "deadline_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Báo cáo năm",
                            "period": "year",
                            "due_day": 20,
                            "due_month": 12,
                        },
                    )
                ],
            }
        )
        deadline = plan.deadline_ids
        report = self.env["rehab.report"]._ensure_reports(
            [(deadline, date(2026, 12, 20))]
        )
        self.assertEqual(
            self.todos(report),
            {(self.police_user.login, self.tr("Write the periodic report"))},
        )
        report.with_user(self.police_user).action_submit()
        self.assertEqual(
            self.todos(report),
            {
                (self.province_user.login, self.tr("Accept the periodic report")),
            },
        )
        report.with_user(self.province_user).action_reset_draft()
        self.assertEqual(
            self.todos(report),
            {
                (
                    self.police_user.login,
                    self.tr("Correct and submit the periodic report"),
                )
            },
        )
        report.with_user(self.police_user).action_submit()
        report.with_user(self.province_user).action_accept()
        self.assertEqual(self.todos(report), set())
