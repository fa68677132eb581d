# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import loan_rules
from ..tools.roles import VBSP, VBSP_MANAGER


def issued_never_changes():
    """The refusal of any change to an issued statement or its lines."""
    return _(
        "A statement is issued from the monthly statement; once issued, it never "
        "changes and is never deleted."
    )


class RehabEntrustmentStatementIssue(models.Model):
    """A transaction office's monthly statement of entrustment fees and
    commissions, issued: the figures of every group of the month
    (rehab.entrustment.fee) copied on the day it is issued, with the rule
    versions they were computed with.

    The statement is paid from it: it never changes and is never deleted
    (whatever rate is entered later), one per office and month, issued by a
    VBSP officer of the office (or the province branch's manager) once the
    month is over.
    """

    _name = "rehab.entrustment.statement.issue"
    _inherit = ["rehab.step.lines.mixin", "rehab.mail.mixin", "rehab.base.mixin"]
    _description = "Issued monthly statement of entrustment fees"
    _order = "month desc, company_id"
    _mail_post_access = "read"

    company_id = fields.Many2one(
        "res.company",
        string="VBSP transaction office",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    province_id = fields.Many2one(
        "res.company",
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    month = fields.Date(required=True, readonly=True, help="First day of the month.")
    issued_on = fields.Datetime(string="Issued at", required=True, readonly=True)
    issued_by_id = fields.Many2one(
        "res.users",
        string="Issued by",
        required=True,
        readonly=True,
        ondelete="restrict",
    )
    rule_set_id = fields.Many2one(
        "rehab.rule.set",
        string="Rules applied",
        readonly=True,
        ondelete="restrict",
        help="The versions of the fee and commission rates the figures were "
        "computed with (each day's interest at the rates in force that day).",
    )
    currency_id = fields.Many2one("res.currency", readonly=True)
    line_ids = fields.One2many(
        "rehab.entrustment.statement.issue.line",
        "statement_id",
        string="Lines",
        readonly=True,
    )
    interest_collected = fields.Monetary(string="Interest collected", readonly=True)
    fee_amount = fields.Monetary(string="Entrustment fee", readonly=True)
    commission_amount = fields.Monetary(string="Leader's commission", readonly=True)

    _sql_constraints = [
        (
            "office_month_uniq",
            "unique(company_id, month)",
            "A transaction office issues one statement a month.",
        ),
    ]

    @api.depends("company_id", "month")
    def _compute_display_name(self):
        for statement in self:
            statement.display_name = _(
                "Statement of %(month)s, %(office)s",
                month=self._rehab_format_date(statement.month, "MM/yyyy"),
                office=statement.company_id.sudo().name or "",
            )

    # ------------------------------------------------------------------
    # Issuing
    # ------------------------------------------------------------------
    @api.model
    def _issued(self, office, month):
        """The statement of ``office`` issued for the month of ``month``
        (whoever may read it), or an empty recordset."""
        first = loan_rules.month_bounds(month)[0]
        return self.sudo().search(
            [("company_id", "=", office.id), ("month", "=", first)], limit=1
        )

    def _check_may_issue(self, office):
        """A VBSP officer of the office, or the manager of its province's
        branch, issues its statement."""
        user = self.env.user
        office = office.sudo()
        if self.env.su:
            return
        if office.agency_type != "vbsp_office":
            raise UserError(_("A statement is issued for a VBSP transaction office."))
        officer = user.has_group(VBSP) and office in user.company_ids
        manager = (
            user.has_group(VBSP_MANAGER)
            and office.province_id in user.company_ids.province_id
            and "vbsp_branch" in user.company_ids.mapped("agency_type")
        )
        if not (officer or manager):
            raise AccessError(
                _(
                    "The statement of %(office)s is issued by its VBSP officers "
                    "or the manager of the province's VBSP branch.",
                    office=office.name,
                )
            )

    @api.model
    def _issue(self, office, month):
        """Issue the statement of ``office`` (a transaction office) for the
        month of ``month``: copy the month's figures and record the rule
        versions used. Refused for a month not over, a second time, or to a
        user who is not of the office. Returns the issued statement."""
        if not office or not month:
            raise UserError(_("Choose the transaction office and the month."))
        office.ensure_one()
        self._check_may_issue(office)
        first = loan_rules.month_bounds(month)[0]
        if first >= self._rehab_today().replace(day=1):
            raise UserError(
                _(
                    "The statement of %(month)s is issued once the month is over.",
                    month=self._rehab_format_date(first, "MM/yyyy"),
                )
            )
        issued = self._issued(office, first)
        if issued:
            raise UserError(
                _(
                    "The statement of %(month)s of %(office)s was issued on "
                    "%(day)s by %(user)s: it is issued once and never changes.",
                    month=self._rehab_format_date(first, "MM/yyyy"),
                    office=office.sudo().name,
                    day=self._rehab_format_date(self._rehab_date(issued.issued_on)),
                    user=issued.issued_by_id.name,
                )
            )
        Fee = self.env["rehab.entrustment.fee"].sudo()
        rows = Fee.search(
            [("month", "=", first), ("vbsp_office_id", "=", office.id)],
            order="company_id, organisation, savings_group_id",
        )
        rule_set = self.env["rehab.rule.set"]._for_versions(
            Fee._versions_used(first, office)
        )
        # Each amount of a line rounded to the đồng as it is stored, and the
        # totals the sums of the lines: the issued statement adds up.
        line_vals = [
            {
                "company_id": row.company_id.id,
                "savings_group_id": row.savings_group_id.id,
                "organisation": row.organisation,
                "leader_name": row.leader_name,
                "interest_collected": loan_rules.round_vnd(row.interest_collected),
                "fee_rate": row.fee_rate,
                "fee_amount": loan_rules.round_vnd(row.fee_amount),
                "commission_rate": row.commission_rate,
                "commission_amount": loan_rules.round_vnd(row.commission_amount),
                "sequence": index,
            }
            for index, row in enumerate(rows)
        ]
        statement = self.sudo().create(
            {
                "company_id": office.id,
                "province_id": office.sudo().province_id.id,
                "month": first,
                "issued_on": fields.Datetime.now(),
                "issued_by_id": self.env.uid,
                "rule_set_id": rule_set.id,
                "currency_id": office.sudo().currency_id.id,
                "interest_collected": sum(v["interest_collected"] for v in line_vals),
                "fee_amount": sum(v["fee_amount"] for v in line_vals),
                "commission_amount": sum(v["commission_amount"] for v in line_vals),
                "line_ids": [fields.Command.create(vals) for vals in line_vals],
            }
        )
        statement.message_post(
            body=_(
                "Statement issued: %(count)s groups, interest collected "
                "%(interest)s đồng, entrustment fees %(fee)s đồng, leaders' "
                "commissions %(commission)s đồng.",
                count=len(line_vals),
                interest=self._rehab_format_amount(statement.interest_collected),
                fee=self._rehab_format_amount(statement.fee_amount),
                commission=self._rehab_format_amount(statement.commission_amount),
            )
        )
        return statement.with_env(self.env)

    def _refuse_change(self):
        raise UserError(issued_never_changes())

    def _open_action(self):
        """The form of the issued statement (as the user: record rules)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.display_name,
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }
