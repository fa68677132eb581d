# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Rules of the programme: what an application and a decision may ask for."""

from dateutil.relativedelta import relativedelta

from odoo import _, api, models
from odoo.exceptions import ValidationError

from ...tools import rehab_rules
from .rehab_loan import RUNNING_STATES


class RehabLoanProgrammeRules(models.Model):
    _inherit = "rehab.loan"

    @api.constrains("amount_requested", "slip_id")
    def _check_amount_on_slip(self):
        for loan in self:
            slip = loan.slip_id.sudo()
            if slip.amount and loan.amount_requested > slip.amount:
                raise ValidationError(
                    _(
                        "The application asks for %(asked)s đồng, more than the "
                        "%(slip)s đồng confirmed on the referral slip %(number)s.",
                        asked=self._rehab_format_amount(loan.amount_requested),
                        slip=self._rehab_format_amount(slip.amount),
                        number=slip.name,
                    )
                )

    def _rules_on(self, day=None):
        """(rule set, params) in force on ``day`` (today when not given) in
        the province of the loan's commune."""
        self.ensure_one()
        return (
            self.env["rehab.rule.set"]
            .sudo()
            ._for_day(day, self.sudo().company_id or None)
        )

    def _programme_params(self):
        """The rules a loan is judged by: those its decision recorded once
        decided, else those in force on its application's day (today for a
        new application) in its commune's province."""
        self.ensure_one()
        if self.decision_rule_set_id:
            return self.decision_rule_set_id._params()
        return rehab_rules.params_from_env(
            self.env,
            day=self._application_day() or None,
            province=self.sudo().company_id or None,
        )

    @api.constrains("amount_requested", "term_months", "grace_months")
    def _check_application(self):
        """What is asked for is possible; the decision checks it all again."""
        for loan in self:
            params = loan._programme_params()
            errors = []
            if loan.amount_requested <= 0:
                errors.append(_("The amount requested must be positive."))
            errors += loan._term_errors(loan.term_months, loan.grace_months, params)
            if errors:
                raise ValidationError("\n".join(errors))

    def _term_errors(self, term_months, grace_months, params):
        errors = []
        if not 0 < term_months <= params["max_term_months"]:
            errors.append(
                _(
                    "The term must be between 1 and %s months.",
                    params["max_term_months"],
                )
            )
        if grace_months < 0:
            errors.append(_("The grace cannot be negative."))
        elif grace_months >= term_months:
            errors.append(_("The grace must be shorter than the term."))
        return errors

    def _training_months(self):
        person = self.person_id.sudo()
        if not (person.training_start and person.training_end):
            return 0
        delta = relativedelta(person.training_end, person.training_start)
        return delta.years * 12 + delta.months + (1 if delta.days else 0)

    def _check_rules(
        self, amount, term_months, grace_months, frequency, on_date, *, params=None
    ):
        """Every rule of the programme on a decision; raises with a clear
        reason. ``params``: the rules in force on ``on_date`` in the loan's
        province when not given."""
        self.ensure_one()
        params = params or rehab_rules.params_from_env(
            self.env, day=on_date, province=self.sudo().company_id or None
        )
        errors = []
        if amount <= 0:
            errors.append(_("The approved amount must be positive."))
        errors += self._term_errors(term_months, grace_months, params)
        if term_months % frequency or grace_months % frequency:
            errors.append(_("Term and grace must be whole repayment periods."))
        if self.borrower_type == "person":
            errors += self._person_rule_errors(amount, on_date, params)
        else:
            errors += self._establishment_rule_errors(amount, params)
        if errors:
            raise ValidationError("\n".join(errors))

    def _person_rule_errors(self, amount, on_date, params):
        errors = []
        # The ceiling is for the person, whatever the number of loans.
        others = self.sudo().search(
            [
                ("person_id", "=", self.person_id.id),
                ("id", "!=", self.id),
                ("state", "in", ("approved",) + RUNNING_STATES),
            ]
        )
        # What the person owes, and what was approved but not paid out yet.
        owed = sum(
            loan.outstanding_principal + loan.amount_approved - loan.disbursed_amount
            for loan in others
        )
        if amount + owed > params["individual_ceiling"]:
            errors.append(
                _(
                    "A person may borrow at most %s đồng.",
                    self._rehab_format_amount(params["individual_ceiling"]),
                )
            )
        eligible, reasons = self.person_id._eligible_on(on_date)
        if not eligible:
            errors.append(
                _(
                    "The person is not eligible on %(day)s: %(why)s",
                    day=self._rehab_format_date(on_date),
                    why=reasons,
                )
            )
        if self.purpose == "training":
            person = self.person_id.sudo()
            if not person.training_confirmation:
                errors.append(
                    _("A training loan needs the training institution's confirmation.")
                )
            months = self._training_months()
            ceiling = months * params["training_amount_per_month"]
            if amount > ceiling:
                errors.append(
                    _(
                        "A training loan is at most %(per)s đồng a month of study "
                        "(%(months)s months).",
                        per=self._rehab_format_amount(
                            params["training_amount_per_month"]
                        ),
                        months=months,
                    )
                )
        return errors

    def _establishment_rule_errors(self, amount, params):
        errors = []
        establishment = self.establishment_id.sudo()
        if not establishment.is_eligible:
            errors.append(
                _(
                    "The establishment does not have %s %% of its workers after "
                    "rehab with a labour contract.",
                    params["establishment_min_share"],
                )
            )
        ceiling = params["establishment_ceiling"]
        if params["per_worker_ceiling"]:
            ceiling = min(
                ceiling,
                params["per_worker_ceiling"] * establishment.rehab_worker_count,
            )
        if amount > ceiling:
            errors.append(
                _(
                    "The establishment may borrow at most %s đồng.",
                    self._rehab_format_amount(ceiling),
                )
            )
        return errors
