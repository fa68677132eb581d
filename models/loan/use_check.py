# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Loan-use checks: how the money is used, and the recovery of a misused loan."""

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools.translate import LazyTranslate

from ...tools import rule_versions
from ...tools.guards import check_entry_date
from ...tools.roles import ADMIN, SAVINGS, VBSP
from .rehab_loan import RUNNING_STATES, USE_FINDINGS

_lt = LazyTranslate(__name__)
RECOVERY_ACTIVITY = "post_rehab_credit.mail_activity_type_recovery"


class RehabLoanUseCheck(models.Model):
    _inherit = "rehab.loan"

    use_check_ids = fields.One2many(
        "rehab.loan.use.check", "loan_id", string="Loan-use checks"
    )
    last_check_date = fields.Date(
        string="Last use check", compute="_compute_last_check", store=True
    )
    last_check_finding = fields.Selection(
        USE_FINDINGS,
        string="Last finding",
        compute="_compute_last_check",
        store=True,
        index=True,
    )
    use_check_base_date = fields.Date(
        string="Use checked from",
        compute="_compute_last_check",
        store=True,
        index=True,
        help="The last use check, else the first disbursement: the period "
        "between checks runs from this day.",
    )
    use_check_due_date = fields.Date(
        string="Next use check by",
        compute="_compute_use_check_due",
        search="_search_use_check_due_date",
    )
    is_use_check_due = fields.Boolean(
        string="Use not checked",
        compute="_compute_use_check_due",
        search="_search_is_use_check_due",
        help="Disbursed and not checked within the configured period.",
    )
    use_recovery = fields.Boolean(
        string="Recovery (misused)",
        compute="_compute_use_recovery",
        store=True,
        index=True,
        help="The last use check found the loan misused: the transaction office "
        "recovers it through its repayments and risk handling.",
    )

    @api.depends("use_check_ids.date", "use_check_ids.finding", "disbursement_ids.date")
    def _compute_last_check(self):
        for loan in self:
            last = loan.use_check_ids.sorted(lambda c: (c.date, c.id))[-1:]
            first = min(loan.disbursement_ids.mapped("date"), default=False)
            loan.last_check_date = last.date
            loan.last_check_finding = last.finding
            loan.use_check_base_date = last.date or first

    @api.model
    def _use_check_months(self, day=None):
        """(months of the programme's default, {province id: months} of the
        provinces with a value of their own) of the rule in force on ``day``
        (today when not given): read from the cached versions, no query."""
        day = day or self._rehab_today()
        Version = self.env["rehab.rule.value"].sudo()
        rows = Version._rule_rows()
        key = "use_check_months"
        default = rule_versions.resolve(rows, day)[0][key]
        own = {}
        for province_id in {row[2] for row in rows if row[1] == key and row[2]}:
            months = rule_versions.resolve(rows, day, province_id)[0][key]
            if months != default:
                own[province_id] = months
        return default, own

    def _use_check_domain(self, clause):
        """The loans whose use check base day satisfies ``clause(months)`` (a
        domain) for the months of their province's rule today."""
        default, own = self._use_check_months()
        if not own:
            return clause(default)
        domains = [
            expression.AND(
                [[("company_id.province_id", "not in", list(own))], clause(default)]
            )
        ]
        by_months = {}
        for province_id, months in own.items():
            by_months.setdefault(months, []).append(province_id)
        for months, province_ids in by_months.items():
            domains.append(
                expression.AND(
                    [[("company_id.province_id", "in", province_ids)], clause(months)]
                )
            )
        return expression.OR(domains)

    @api.depends("use_check_base_date", "state")
    def _compute_use_check_due(self):
        """Due the months of the rule in force today in the commune's
        province after the base day."""
        default, own = self._use_check_months()
        today = self._rehab_today()
        for loan in self:
            months = own.get(loan.sudo().company_id.province_id.id, default)
            due = False
            if loan.use_check_base_date and loan.state in RUNNING_STATES:
                due = loan.use_check_base_date + relativedelta(months=months)
            loan.use_check_due_date = due
            loan.is_use_check_due = bool(due and today > due)

    def _search_is_use_check_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search the loans not checked with yes or no only."))
        today = self._rehab_today()
        due = expression.AND(
            [
                [("state", "in", RUNNING_STATES)],
                self._use_check_domain(
                    lambda months: [
                        (
                            "use_check_base_date",
                            "<",
                            today - relativedelta(months=months),
                        )
                    ]
                ),
            ]
        )
        if (operator == "=") == value:
            return due
        return ["!", *due]

    def _search_use_check_due_date(self, operator, value):
        """The due day is the base day plus the period: search on the base."""
        if operator not in ("<", "<=", ">", ">=", "="):
            raise UserError(_("Search the next use check by a date only."))
        value = fields.Date.to_date(value)
        return expression.AND(
            [
                [("state", "in", RUNNING_STATES)],
                self._use_check_domain(
                    lambda months: [
                        (
                            "use_check_base_date",
                            operator,
                            value - relativedelta(months=months),
                        )
                    ]
                ),
            ]
        )

    @api.depends("last_check_finding", "state")
    def _compute_use_recovery(self):
        for loan in self:
            loan.use_recovery = (
                loan.last_check_finding == "misused" and loan.state in RUNNING_STATES
            )

    def _use_check_scope_error(self, checked_by):
        """Why the user may not record a check of ``checked_by`` on the loan."""
        self.ensure_one()
        user = self.env.user
        if user.has_group(ADMIN):
            return False
        if checked_by == "organisation":
            if user.has_group(SAVINGS) and (
                self.savings_group_id & user.rehab_savings_group_ids
            ):
                return False
            return _(
                "A check by the entrusted organisation is recorded by an officer "
                "of the loan's savings-and-loan group."
            )
        if checked_by == "bank":
            if user.has_group(VBSP) and (
                self.company_id & user.company_ids.served_commune_ids
            ):
                return False
            return _(
                "A check by the bank is recorded by an officer of the "
                "transaction office that serves the loan's commune."
            )
        return _("Say who checked: the entrusted organisation or the bank.")

    def _record_use_check(self, day, checked_by, finding, note):
        """Record a check of how the loan is used (append-only).

        The entrusted organisation (an officer of the loan's savings group) or
        the bank (an officer of the office serving the commune) checks a
        disbursed loan. A check is never changed or deleted: a correction is a
        new check. A misuse finding opens a recovery: a flag on the loan and a
        to-do for the office's bank officers; the money is recovered through
        the loan's repayments and risk handling.
        """
        self.ensure_one()
        loan = self._workflow_start("check_use")
        error = self._use_check_scope_error(checked_by)
        if error:
            raise AccessError(error)
        note = (note or "").strip()
        loan._check_use_check_values(day, finding, note)
        check = loan.env["rehab.loan.use.check"].create(
            {
                "loan_id": loan.id,
                "date": day,
                "checked_by": checked_by,
                "organisation": loan.organisation
                if checked_by == "organisation"
                else False,
                "finding": finding,
                "note": note or False,
            }
        )
        loan._follow_use_check(check)
        loan.message_post(
            body=_(
                "Loan-use check of %(day)s by %(who)s: %(finding)s.",
                day=self._rehab_format_date(day),
                who=check.checker_label,
                finding=check._finding_text(),
            )
        )
        return check

    def _check_use_check_values(self, day, finding, note):
        """Refuse a check without a finding, a note where it is needed, or a
        day outside the loan's life: after its first disbursement and its
        last check, not in the future."""
        if finding not in dict(USE_FINDINGS):
            raise UserError(_("Give the finding of the check."))
        if finding != "as_planned" and not note:
            raise UserError(
                _("Write what the check found when the loan is not used as planned.")
            )
        first = min(self.disbursement_ids.mapped("date"), default=False)
        check_entry_date(
            self.env,
            day,
            _("A loan-use check"),
            first,
            _("the first disbursement of %s", first and self._rehab_format_date(first)),
        )
        if self.last_check_date and day < self.last_check_date:
            raise UserError(
                _(
                    "The checks of a loan go forward: a check cannot be dated "
                    "before the last one (%s).",
                    self._rehab_format_date(self.last_check_date),
                )
            )

    def _follow_use_check(self, check):
        """A misuse opens the recovery (a to-do for the bank officers); a later
        check that finds the money in use again ends it."""
        recovery = self.activity_search([RECOVERY_ACTIVITY])
        if check.finding == "misused":
            if not recovery:
                for user in self._bank_officers():
                    self.activity_schedule(
                        RECOVERY_ACTIVITY,
                        date_deadline=self._rehab_today(),
                        summary=self._workflow_text(
                            _lt("Recover the misused loan"), user.lang
                        ),
                        user_id=user.id,
                    )
        elif recovery:
            # A later check finds the money in use again: the recovery ends.
            self.activity_feedback(
                [RECOVERY_ACTIVITY],
                feedback=_("A later loan-use check found: %s.", check._finding_text()),
            )
