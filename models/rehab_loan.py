# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from . import loan_rules, rehab_rules
from .batching import iter_batches

LOAN_PURPOSES = [
    ("training", "Vocational training"),
    ("production", "Production, business and jobs"),
    ("expansion", "Expanding production (establishment)"),
]
OPEN_STATES = ("draft", "reviewed", "confirmed")
RUNNING_STATES = ("disbursing", "repaying")
BUCKETS = [
    ("current", "Current"),
    ("1_30", "1–30 days"),
    ("31_90", "31–90 days"),
    ("91_180", "91–180 days"),
    ("over_180", "Over 180 days"),
]
# Fields the mail machinery still writes on a decided loan.
FREE_FIELDS = {"message_main_attachment_id"}


class RehabLoan(models.Model):
    _name = "rehab.loan"
    _description = "Loan to a person after rehab or an establishment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    borrower_type = fields.Selection(
        [("person", "Person after rehab"), ("establishment", "Establishment")],
        required=True,
        default="person",
        tracking=True,
    )
    slip_id = fields.Many2one(
        "rehab.referral.slip",
        string="Referral slip",
        check_company=False,
        domain="[('state', '=', 'valid')]",
        tracking=True,
    )
    person_id = fields.Many2one(
        "rehab.person",
        compute="_compute_person_id",
        store=True,
        readonly=False,
        check_company=False,
        index=True,
    )
    establishment_id = fields.Many2one(
        "rehab.establishment", check_company=False, index=True, tracking=True
    )
    borrower_name = fields.Char(
        compute="_compute_borrower", store=True, string="Borrower"
    )
    company_id = fields.Many2one(
        "res.company",
        string="Commune",
        compute="_compute_borrower",
        store=True,
        index=True,
    )
    vbsp_office_id = fields.Many2one(
        "res.company",
        string="VBSP transaction office",
        compute="_compute_borrower",
        store=True,
        check_company=False,
        index=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    household_rep_name = fields.Char(
        string="Household representative (signs)",
        compute="_compute_household",
        store=True,
        readonly=False,
    )
    household_rep_relation = fields.Char(
        string="Relation", compute="_compute_household", store=True, readonly=False
    )
    household_rep_citizen_id = fields.Char(
        string="Representative's citizen ID",
        compute="_compute_household",
        store=True,
        readonly=False,
    )
    purpose = fields.Selection(LOAN_PURPOSES, required=True, tracking=True, index=True)
    amount_requested = fields.Monetary(required=True, tracking=True)
    amount_approved = fields.Monetary(readonly=True, tracking=True)
    term_months = fields.Integer(string="Term (months)", default=36, tracking=True)
    grace_months = fields.Integer(string="Grace (months)", default=0)
    frequency = fields.Selection(
        [("1", "Monthly"), ("3", "Quarterly")],
        string="Repayment frequency",
        default="1",
        required=True,
    )
    savings_group_id = fields.Many2one(
        "rehab.savings.group", string="Savings-and-loan group", tracking=True
    )
    organisation = fields.Selection(
        related="savings_group_id.organisation", store=True, string="Organisation"
    )
    interest_rate = fields.Float(string="Annual rate (%)", digits=(5, 3), readonly=True)
    overdue_multiplier = fields.Float(
        string="Overdue rate (%)", digits=(5, 1), readonly=True
    )
    state = fields.Selection(
        [
            ("draft", "Application"),
            ("reviewed", "Reviewed by the group"),
            ("confirmed", "Confirmed by the commune"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("disbursing", "Partly disbursed"),
            ("repaying", "Repaying"),
            ("closed", "Closed"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    review_date = fields.Date(string="Group meeting", readonly=True)
    review_members_present = fields.Integer(string="Members present", readonly=True)
    review_note = fields.Text(string="Group review", readonly=True)
    confirmed_by_id = fields.Many2one("res.users", string="Confirmed by", readonly=True)
    decision_date = fields.Date(readonly=True, tracking=True)
    decided_by_id = fields.Many2one("res.users", string="Decided by", readonly=True)
    decision_note = fields.Text(readonly=True)
    disbursement_ids = fields.One2many(
        "rehab.loan.disbursement", "loan_id", string="Disbursements"
    )
    installment_ids = fields.One2many(
        "rehab.loan.installment", "loan_id", string="Schedule"
    )
    repayment_ids = fields.One2many(
        "rehab.loan.repayment", "loan_id", string="Repayments"
    )
    extension_ids = fields.One2many(
        "rehab.loan.extension", "loan_id", string="Extensions"
    )
    risk_ids = fields.One2many("rehab.loan.risk", "loan_id", string="Risk handling")
    risk_action = fields.Selection(
        [
            ("freeze", "Frozen"),
            ("write_off_interest", "Interest written off"),
            ("write_off_principal", "Principal written off"),
        ],
        readonly=True,
        tracking=True,
        index=True,
    )
    disbursed_amount = fields.Monetary(compute="_compute_amounts", store=True)
    outstanding_principal = fields.Monetary(compute="_compute_amounts", store=True)
    overdue_principal = fields.Monetary(compute="_compute_amounts", store=True)
    overdue_interest = fields.Monetary(compute="_compute_amounts", store=True)
    is_extended = fields.Boolean(
        compute="_compute_flags", store=True, string="Extended"
    )
    days_past_due = fields.Integer(readonly=True, index=True)
    delinquency_bucket = fields.Selection(
        BUCKETS, default="current", readonly=True, index=True
    )
    is_overdue = fields.Boolean(compute="_compute_flags", store=True, index=True)
    par30_principal = fields.Monetary(
        string="Outstanding over 30 days past due", readonly=True
    )

    # Borrower

    @api.depends("slip_id")
    def _compute_person_id(self):
        for loan in self:
            if loan.slip_id:
                loan.person_id = loan.slip_id.sudo().person_id

    @api.depends("borrower_type", "person_id", "establishment_id")
    def _compute_borrower(self):
        for loan in self:
            borrower = (
                loan.person_id
                if loan.borrower_type == "person"
                else loan.establishment_id
            ).sudo()
            loan.borrower_name = borrower.name
            loan.company_id = borrower.company_id
            loan.vbsp_office_id = borrower.company_id.vbsp_office_ids[:1]

    @api.depends("person_id")
    def _compute_household(self):
        for loan in self:
            person = loan.person_id.sudo()
            loan.household_rep_name = person.household_rep_name
            loan.household_rep_relation = person.household_rep_relation
            loan.household_rep_citizen_id = person.household_rep_citizen_id

    @api.depends(
        "disbursement_ids.amount",
        "installment_ids.principal_remaining",
        "installment_ids.overdue_interest_remaining",
        "installment_ids.due_date",
    )
    def _compute_amounts(self):
        today = fields.Date.context_today(self)
        for loan in self:
            lines = loan.installment_ids
            loan.disbursed_amount = sum(loan.disbursement_ids.mapped("amount"))
            loan.outstanding_principal = sum(lines.mapped("principal_remaining"))
            due = lines.filtered(
                lambda i: i.due_date < today and i.principal_remaining > 0
            )
            loan.overdue_principal = sum(due.mapped("principal_remaining"))
            loan.overdue_interest = sum(lines.mapped("overdue_interest_remaining"))

    @api.depends("extension_ids", "days_past_due")
    def _compute_flags(self):
        for loan in self:
            loan.is_extended = bool(loan.extension_ids)
            loan.is_overdue = loan.days_past_due > 0

    # Locking

    def write(self, vals):
        if set(vals) - FREE_FIELDS and not self.env.context.get(
            "rehab_loan_transition"
        ):
            decided = self.filtered(lambda loan: loan.state not in OPEN_STATES)
            if decided:
                raise UserError(
                    _(
                        "The loan %s is decided: it changes only through its wizards.",
                        decided[0].name,
                    )
                )
        return super().write(vals)

    def _transition(self, vals):
        return self.with_context(rehab_loan_transition=True).write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        if any(loan.state not in OPEN_STATES for loan in self):
            raise UserError(_("A decided loan cannot be deleted."))

    @api.model_create_multi
    def create(self, vals_list):
        # The borrower is checked by its constraint within super().create():
        # a refused application uses up neither the slip nor a number.
        loans = super().create(vals_list)
        for loan in loans:
            if loan.slip_id:
                loan.slip_id.action_mark_used()
            loan.name = self.env["ir.sequence"].next_by_code("rehab.loan") or "/"
        return loans

    @api.constrains(
        "borrower_type", "slip_id", "person_id", "establishment_id", "purpose"
    )
    def _check_borrower(self):
        for loan in self:
            if loan.borrower_type == "person":
                if not loan.slip_id:
                    raise ValidationError(
                        _("A loan to a person is made from a referral slip.")
                    )
                if loan.slip_id.person_id != loan.person_id:
                    raise ValidationError(_("The referral slip is for another person."))
                if loan.purpose == "expansion":
                    raise ValidationError(
                        _("Expanding production is a purpose of establishments.")
                    )
            elif not loan.establishment_id:
                raise ValidationError(_("Choose the establishment that borrows."))
            elif loan.purpose != "expansion":
                raise ValidationError(
                    _("An establishment borrows to expand production.")
                )

    @api.constrains("amount_requested", "term_months", "grace_months")
    def _check_application(self):
        """What is asked for is possible; the decision checks it all again."""
        params = rehab_rules.params_from_env(self.env)
        for loan in self:
            errors = []
            if loan.amount_requested <= 0:
                errors.append(_("The amount requested must be positive."))
            errors += loan._term_errors(loan.term_months, loan.grace_months, params)
            if errors:
                raise ValidationError("\n".join(errors))

    @api.constrains("household_rep_citizen_id")
    def _check_household_rep_citizen_id(self):
        for loan in self:
            self.env["rehab.person"]._check_representative_citizen_id(
                loan.household_rep_citizen_id, loan.borrower_name
            )

    # Rules of the programme

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

    def _check_rules(self, amount, term_months, grace_months, frequency, on_date):
        """Every rule of the programme on a decision; raises with a clear reason."""
        self.ensure_one()
        params = rehab_rules.params_from_env(self.env)
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
        if amount > params["individual_ceiling"]:
            errors.append(
                _(
                    "A person may borrow at most %s đồng.",
                    loan_rules.format_vnd(params["individual_ceiling"]),
                )
            )
        eligible, reasons = self.person_id.eligibility_on(on_date)
        if not eligible:
            errors.append(
                _(
                    "The person is not eligible on %(day)s: %(why)s",
                    day=on_date.strftime("%d/%m/%Y"),
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
                        per=loan_rules.format_vnd(params["training_amount_per_month"]),
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
                    loan_rules.format_vnd(ceiling),
                )
            )
        return errors

    # Transitions

    def action_confirm_commune(self):
        if not self.env.user.has_group("post_rehab_credit.group_commune_chairman"):
            raise UserError(_("The commune chairman confirms a loan application."))
        for loan in self:
            if loan.state != "reviewed":
                raise UserError(
                    _("Only an application reviewed by the group is confirmed.")
                )
        self._transition({"state": "confirmed", "confirmed_by_id": self.env.uid})
        return True

    def _open_wizard(self, model, title):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_loan_id": self.id},
        }

    def action_open_review(self):
        return self._open_wizard("rehab.loan.review", _("Group review"))

    def action_open_decide(self):
        return self._open_wizard("rehab.loan.decide", _("Decide the loan"))

    def action_open_disburse(self):
        return self._open_wizard("rehab.loan.disburse", _("Disburse"))

    def action_open_repay(self):
        return self._open_wizard("rehab.loan.repay", _("Post a repayment"))

    def action_open_extend(self):
        return self._open_wizard("rehab.loan.extend", _("Extend the debt"))

    def action_open_risk(self):
        return self._open_wizard("rehab.loan.risk.handle", _("Handle a risk"))

    # Money

    def _build_schedule(self, start):
        """(Re)make the unpaid schedule over the principal disbursed so far."""
        self.ensure_one()
        self.installment_ids.unlink()
        rows = loan_rules.build_schedule(
            int(self.disbursed_amount),
            start,
            term_months=self.term_months,
            grace_months=self.grace_months,
            frequency=int(self.frequency),
            annual_rate=self.interest_rate,
        )
        self.env["rehab.loan.installment"].create(
            [
                dict(row, loan_id=self.id, original_due_date=row["due_date"])
                for row in rows
            ]
        )

    def _disburse(self, day, amount, place=False):
        self.ensure_one()
        if self.state not in ("approved", "disbursing"):
            raise UserError(_("Only an approved loan is disbursed."))
        if amount <= 0:
            raise UserError(_("The amount disbursed must be positive."))
        if self.disbursed_amount + amount > self.amount_approved:
            raise UserError(_("The disbursements would exceed the approved amount."))
        if self.repayment_ids:
            raise UserError(_("A loan already in repayment takes no new tranche."))
        first = self.disbursement_ids.sorted("date")[:1].date or day
        if day < first or day < self.decision_date:
            raise UserError(
                _("A tranche cannot be dated before the decision or the first tranche.")
            )
        self.env["rehab.loan.disbursement"].create(
            {"loan_id": self.id, "date": day, "amount": amount, "place": place}
        )
        self._build_schedule(first)
        full = self.disbursed_amount >= self.amount_approved
        self._transition({"state": "repaying" if full else "disbursing"})

    def _accrue_overdue(self, day):
        """Accrue overdue interest up to ``day`` unless the debt is frozen."""
        if self.risk_action == "freeze":
            return
        self.installment_ids.filtered(
            lambda i: i.due_date < day and i.principal_remaining > 0
        )._accrue(day)

    def _repay(self, day, amount):
        self.ensure_one()
        if self.state not in RUNNING_STATES:
            raise UserError(_("Only a disbursed loan is repaid."))
        if amount <= 0:
            raise UserError(_("The amount repaid must be positive."))
        if day < self.disbursement_ids.sorted("date")[:1].date:
            raise UserError(_("A repayment cannot be dated before the disbursement."))
        self._accrue_overdue(day)
        lines = self.installment_ids.sorted("sequence")
        dues = [
            {
                "due": line.due_date <= day,
                "overdue_interest": line.overdue_interest_remaining,
                "interest": line.interest_remaining,
                "principal": line.principal_remaining,
            }
            for line in lines
        ]
        allocations, left = loan_rules.allocate(int(amount), dues)
        if left:
            raise UserError(
                _(
                    "The payment is %s đồng more than the loan owes.",
                    loan_rules.format_vnd(left),
                )
            )
        for line, taken in zip(lines, allocations, strict=True):
            if any(taken.values()):
                line.write(
                    {
                        "overdue_interest_paid": line.overdue_interest_paid
                        + taken["overdue_interest"],
                        "interest_paid": line.interest_paid + taken["interest"],
                        "principal_paid": line.principal_paid + taken["principal"],
                    }
                )
        self.env["rehab.loan.repayment"].create(
            {
                "loan_id": self.id,
                "date": day,
                "amount": amount,
                "overdue_interest": sum(a["overdue_interest"] for a in allocations),
                "interest": sum(a["interest"] for a in allocations),
                "principal": sum(a["principal"] for a in allocations),
            }
        )
        self._close_if_paid()
        self._refresh_delinquency(day)

    def _close_if_paid(self):
        for loan in self:
            if loan.state == "repaying" and not loan.outstanding_principal:
                # Interest of periods not reached is not owed after a prepayment.
                for line in loan.installment_ids.filtered(
                    lambda i: i.interest_remaining
                ):
                    line.interest_waived = line.interest - line.interest_paid
                if not any(loan.installment_ids.mapped("overdue_interest_remaining")):
                    loan._transition({"state": "closed"})

    def _refresh_delinquency(self, day):
        """Days past due, bucket and PAR30 principal; writes only what changed.

        The oldest unpaid instalment already due is read for all the loans in
        one grouped query.
        """
        oldest = dict(
            self.env["rehab.loan.installment"]
            .sudo()
            ._read_group(
                [
                    ("loan_id", "in", self.ids),
                    ("due_date", "<", day),
                    ("is_paid", "=", False),
                ],
                ["loan_id"],
                ["due_date:min"],
            )
        )
        for loan in self:
            due_date = oldest.get(loan)
            days = (day - due_date).days if due_date else 0
            values = {
                "days_past_due": days,
                "delinquency_bucket": loan_rules.delinquency_bucket(days),
                "par30_principal": loan.outstanding_principal if days > 30 else 0,
            }
            changed = {k: v for k, v in values.items() if loan[k] != v}
            if changed:
                loan._transition(changed)

    @api.model
    def _cron_overdue(self, batch_size=2000):
        """Daily: overdue instalments, days past due, bucket, overdue interest.

        Overdue interest is accrued as principal × days up to today, so a second
        run the same day adds nothing. Only the instalments overdue and the
        loans behind (today or yesterday) are read: the loans paid on time are
        not touched.
        """
        today = fields.Date.context_today(self)
        Installment = self.env["rehab.loan.installment"].sudo()
        overdue = [
            ("loan_id.state", "in", RUNNING_STATES),
            ("loan_id.risk_action", "!=", "freeze"),
            ("due_date", "<", today),
            ("principal_remaining", ">", 0),
        ]
        for batch in iter_batches(Installment, overdue, batch_size):
            batch._accrue(today)
        behind = Installment._read_group(
            [
                ("loan_id.state", "in", RUNNING_STATES),
                ("due_date", "<", today),
                ("is_paid", "=", False),
            ],
            ["loan_id"],
        )
        loan_ids = {loan.id for (loan,) in behind}
        loan_ids.update(
            self.sudo()
            .search([("state", "in", RUNNING_STATES), ("days_past_due", ">", 0)])
            .ids
        )
        loans = self.sudo().browse(sorted(loan_ids))
        for start in range(0, len(loans), batch_size):
            batch = loans[start : start + batch_size]
            batch._refresh_delinquency(today)
            batch.flush_recordset()
            batch.invalidate_recordset()
