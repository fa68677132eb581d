# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from ..tools import loan_rules, locks, rehab_rules
from ..tools.batching import batch_records, dispatch
from ..tools.roles import VBSP_MANAGER
from .rehab_workflow_mixin import Transition

_lt = LazyTranslate(__name__)
# The bounds of the terms (months), system parameters with these defaults.
TERM_PARAMS = {"short_term_max_months": 12, "medium_term_max_months": 60}
GROUP_KEYS = (
    "purpose",
    "term_class",
    "status",
    "capital_source",
    "organisation",
    "savings_group_id",
    "commune_id",
    "ethnic_group",
)


class RehabLoanClassification(models.Model):
    """The year-end debt classification (Decision 976/QĐ-TTg) of a province.

    A snapshot of the loans at the end of a day (31 December, or any day on
    demand), grouped by purpose, term, status, capital source, organisation
    and savings group, commune and ethnic group, from the figures recomputed
    from the ledger (rehab.loan._figures_as_of): rebuilt for a past year, it
    gives what it gave then. Approved by the VBSP branch manager, it is kept
    as it is: nobody changes or deletes it.
    """

    _name = "rehab.loan.classification"
    _description = "Debt classification (Decision 976/QĐ-TTg)"
    _inherit = [
        "rehab.workflow.mixin",
        "rehab.mail.mixin",
        "rehab.base.mixin",
    ]
    _order = "as_of_date desc, province_id"
    _workflow_open_states = ("draft",)
    _workflow_fixed_fields = frozenset({"province_id", "as_of_date"})
    _workflow = {
        "build": Transition(
            sources=("draft",),
            target=None,
            groups=(VBSP_MANAGER,),
            label=_lt("Build from the ledger"),
        ),
        "approve": Transition(
            sources=("draft",),
            target="approved",
            groups=(VBSP_MANAGER,),
            label=_lt("Approve (VBSP branch manager)"),
        ),
    }

    name = fields.Char(compute="_compute_name", store=True)
    province_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        domain="[('agency_type', '=', 'province_committee')]",
        default=lambda self: self.env.company.province_id,
    )
    company_id = fields.Many2one(related="province_id", string="Agency")
    currency_id = fields.Many2one(related="province_id.currency_id")
    as_of_date = fields.Date(
        string="As of (end of day)",
        required=True,
        default=lambda self: date(self._rehab_today().year - 1, 12, 31),
    )
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    built_on = fields.Datetime(readonly=True)
    approved_by_id = fields.Many2one("res.users", readonly=True)
    approved_on = fields.Date(readonly=True)
    line_ids = fields.One2many(
        "rehab.loan.classification.line",
        "classification_id",
        string="Lines",
        readonly=True,
    )
    loan_count = fields.Integer(string="Loans", compute="_compute_totals", store=True)
    outstanding_principal = fields.Monetary(compute="_compute_totals", store=True)
    overdue_principal = fields.Monetary(compute="_compute_totals", store=True)
    written_off_principal = fields.Monetary(compute="_compute_totals", store=True)

    _sql_constraints = [
        (
            "province_day_uniq",
            "unique(province_id, as_of_date)",
            "A province has one debt classification a day.",
        ),
    ]

    @api.depends("province_id", "as_of_date")
    def _compute_name(self):
        for record in self:
            record.name = _(
                "Debt classification %(province)s as of %(day)s",
                province=record.province_id.name or "",
                day=self._rehab_format_date(record.as_of_date),
            )

    @api.depends(
        "line_ids.loan_count",
        "line_ids.outstanding_principal",
        "line_ids.overdue_principal",
        "line_ids.written_off_principal",
    )
    def _compute_totals(self):
        for record in self:
            lines = record.line_ids
            record.loan_count = sum(lines.mapped("loan_count"))
            for name in (
                "outstanding_principal",
                "overdue_principal",
                "written_off_principal",
            ):
                record[name] = sum(lines.mapped(name))

    # Approved: kept as it is, whoever asks (in-process and superuser too).

    def _refuse_if_approved(self):
        if self.filtered(lambda r: r.state == "approved"):
            raise UserError(
                _(
                    "An approved debt classification is kept as it was approved: "
                    "it is neither changed nor deleted. Make a new one for "
                    "another day."
                )
            )

    def write(self, vals):
        if set(vals) - self._workflow_free_fields():
            self._refuse_if_approved()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never_approved(self):
        self._refuse_if_approved()

    # Building

    @api.model
    def _term_bounds(self):
        get = self.env["ir.config_parameter"].sudo().get_param
        bounds = []
        for key, default in TERM_PARAMS.items():
            try:
                bounds.append(int(get("post_rehab_credit.%s" % key) or default))
            except ValueError:
                bounds.append(default)
        return bounds

    @api.model
    def _lines_as_of(self, province, day, batch_size=2000):
        """The lines of the classification of ``province`` at the end of ``day``.

        Every loan of the province disbursed by then and not repaid, and the
        loans written off in the year of ``day``; its figures recomputed from
        the ledger, a fixed number of queries a batch.
        """
        Loan = self.env["rehab.loan"].sudo()
        loans = Loan.search(
            [
                ("company_id.province_id", "=", province.id),
                ("disbursement_ids.date", "<=", day),
            ],
            order="id",
        )
        allocations = (
            self.env["rehab.capital.allocation"]
            .sudo()
            .search_read(
                [("province_id", "=", province.id)], ["decision_date", "source"]
            )
        )
        sources = [(a["decision_date"], a["source"]) for a in allocations]
        bounds = self._term_bounds()
        groups = {}
        for start in range(0, len(loans), batch_size):
            batch = loans[start : start + batch_size]
            figures = batch._figures_as_of(day)
            for loan in batch:
                values = figures.get(loan.id)
                if not self._counted_as_of(values, day):
                    continue
                key = self._line_key(loan, values, sources, bounds)
                self._add_to_line(groups, key, values)
        return [groups[key] for key in sorted(groups, key=str)]

    @api.model
    def _counted_as_of(self, values, day):
        """Whether a loan's figures at ``day`` count: not repaid, and if
        written off, in the year of ``day``."""
        if not values or values["status"] == "closed":
            return False
        if values["status"] == "written_off" and (
            values["written_off_on"].year != day.year
        ):
            return False
        return True

    @api.model
    def _line_key(self, loan, values, sources, bounds):
        """The values of GROUP_KEYS of the line a loan counts in."""
        short_max, medium_max = bounds
        return (
            loan.purpose,
            loan_rules.term_class(loan.term_months, short_max, medium_max),
            values["status"],
            loan_rules.capital_source(sources, values["first_disbursed_on"]),
            loan.organisation or False,
            loan.savings_group_id.id,
            loan.company_id.id,
            (loan.person_id.ethnicity or "").strip()
            if loan.borrower_type == "person"
            else "",
        )

    @api.model
    def _add_to_line(self, groups, key, values):
        """Count a loan's figures in the line of ``key`` in ``groups``."""
        line = groups.setdefault(
            key,
            dict(
                zip(GROUP_KEYS, key, strict=True),
                loan_count=0,
                outstanding_principal=0,
                overdue_principal=0,
                overdue_interest=0,
                written_off_principal=0,
            ),
        )
        line["loan_count"] += 1
        for name in (
            "outstanding_principal",
            "overdue_principal",
            "overdue_interest",
            "written_off_principal",
        ):
            line[name] += values[name]

    def action_build(self):
        """(Re)build the draft's lines from the ledger."""
        records = self._workflow_start("build")
        for record in records:
            record.line_ids.unlink()
            lines = record._lines_as_of(record.province_id, record.as_of_date)
            record.write(
                {
                    "line_ids": [(0, 0, values) for values in lines],
                    "built_on": rehab_rules.agency_now(),
                }
            )
        return True

    def action_approve(self):
        records = self._workflow_start("approve")
        if records.filtered(lambda r: not r.built_on):
            raise UserError(_("Build the classification before approving it."))
        # Approved, a classification is kept and holds its province's day: not
        # before the day is over, or the year-end one could never be made.
        today = self._rehab_today()
        if records.filtered(lambda r: r.as_of_date >= today):
            raise UserError(
                _(
                    "A debt classification is approved only once its day is "
                    "over: build it again and approve it from the next day on."
                )
            )
        records._workflow_finish(
            "approve",
            {
                "approved_by_id": self.env.uid,
                "approved_on": self._rehab_today(),
            },
        )
        return True

    def action_print_xlsx(self):
        return self.env.ref(
            "post_rehab_credit.action_report_loan_classification_xlsx"
        ).report_action(self)

    @api.model
    def _cron_year_end(self):
        """On 31 December: the draft classification of every province, built.

        One job per province, for the agency's day of the run
        (tools/batching.dispatch). Idempotent: a province that has one for
        the day is left as it is.
        """
        today = self._rehab_today()
        if (today.month, today.day) != (12, 31):
            return
        dispatch(
            self.sudo(),
            "_job_year_end",
            today,
            records=self.env["res.company"].sudo(),
            domain=[("agency_type", "=", "province_committee")],
            province_path="province_id",
            size=1,
            label=_lt("Year-end debt classification"),
        )

    def _job_year_end(self, day, province_id, first_id, last_id):
        """The classification of one province as of ``day``, built."""
        provinces = batch_records(
            self.env["res.company"].sudo(),
            [("agency_type", "=", "province_committee")],
            "province_id",
            (province_id, first_id, last_id),
        )
        # The same province's job of another run at once: it waits for this
        # one, then finds its classification (tools/locks.py).
        locks.lock_rows(self.env.cr, "res_company", provinces.ids)
        done = (
            self.sudo()
            .search([("as_of_date", "=", day), ("province_id", "in", provinces.ids)])
            .province_id
        )
        for province in provinces - done:
            record = self.sudo().create({"province_id": province.id, "as_of_date": day})
            record.action_build()
