# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import loan_rules


class RehabEntrustmentStatement(models.TransientModel):
    """The monthly statement of a transaction office: the entrustment fee of
    each organisation and the commission of each group leader, from the
    interest their groups collected in the month (rehab.entrustment.fee).

    Once the month is over, an officer of the office issues it
    (rehab.entrustment.statement.issue): from then on the statement shows
    and prints the issued figures, whatever rate is entered later."""

    _name = "rehab.entrustment.statement"
    _inherit = ["rehab.base.mixin"]
    _description = "Monthly statement of entrustment fees and commissions"

    vbsp_office_id = fields.Many2one(
        "res.company",
        string="VBSP transaction office",
        required=True,
        domain="[('agency_type', '=', 'vbsp_office')]",
        default=lambda self: self._default_office(),
    )
    month = fields.Date(
        required=True,
        default=lambda self: (
            self._rehab_today().replace(day=1) - relativedelta(months=1)
        ),
        help="Any day of the month: the statement covers the whole month.",
    )

    issue_id = fields.Many2one(
        "rehab.entrustment.statement.issue",
        string="Issued statement",
        compute="_compute_issue_id",
        help="The statement issued for this office and month, if any: its "
        "figures are those shown and printed.",
    )

    @api.depends("vbsp_office_id", "month")
    def _compute_issue_id(self):
        for statement in self:
            statement.issue_id = statement._issued()._filtered_access("read")

    def _issued(self):
        """The statement issued for the office and month (whether or not the
        user reads its header), or an empty recordset."""
        self.ensure_one()
        Issue = self.env["rehab.entrustment.statement.issue"]
        if not (self.vbsp_office_id and self.month):
            return Issue
        return Issue._issued(self.vbsp_office_id, self.month).with_env(self.env)

    @api.model
    def _default_office(self):
        offices = self.env.user.company_ids.filtered(
            lambda c: c.agency_type == "vbsp_office"
        )
        return offices[:1]

    def _first_day(self):
        return loan_rules.month_bounds(self.month)[0]

    def _domain(self):
        self.ensure_one()
        return [
            ("month", "=", self._first_day()),
            ("vbsp_office_id", "=", self.vbsp_office_id.id),
        ]

    def _rows(self):
        """The statement's rows the user reads (record rules apply): the
        lines of the issued statement when the month is issued, else the
        month's figures as they are now."""
        self.ensure_one()
        issued = self._issued()
        if issued:
            return self.env["rehab.entrustment.statement.issue.line"].search(
                [("statement_id", "=", issued.id)]
            )
        return self.env["rehab.entrustment.fee"].search(
            self._domain(), order="company_id, organisation, savings_group_id"
        )

    def _title(self):
        return _(
            "Entrustment fees and commissions of %(month)s, %(office)s",
            month=self._rehab_format_date(self._first_day(), "MM/yyyy"),
            office=self.vbsp_office_id.name,
        )

    def _open(self, group_by):
        """The month's rows grouped: the issued statement's lines once the
        month is issued, else the month's figures as they are now."""
        self.ensure_one()
        issued = self._issued()
        if issued:
            return {
                "type": "ir.actions.act_window",
                "name": self._title(),
                "res_model": "rehab.entrustment.statement.issue.line",
                "view_mode": "list",
                "domain": [("statement_id", "=", issued.id)],
                "context": {"group_by": group_by},
                "target": "current",
            }
        return {
            "type": "ir.actions.act_window",
            "name": self._title(),
            "res_model": "rehab.entrustment.fee",
            "view_mode": "list,pivot",
            "domain": self._domain(),
            "context": {"group_by": group_by},
            "target": "current",
        }

    def action_open_by_organisation(self):
        return self._open(["company_id", "organisation"])

    def action_open_by_leader(self):
        return self._open(["company_id", "savings_group_id"])

    def action_issue(self):
        """Issue the statement of the month (once, when the month is over)."""
        self.ensure_one()
        issued = self.env["rehab.entrustment.statement.issue"]._issue(
            self.vbsp_office_id, self.month
        )
        return issued._open_action()

    def action_open_issued(self):
        self.ensure_one()
        if not self.issue_id:
            raise UserError(_("The statement of this month is not issued yet."))
        return self.issue_id._open_action()

    def action_print_xlsx(self):
        self.ensure_one()
        if not self._rows():
            raise UserError(
                _(
                    "No interest was collected in %(month)s from the groups of "
                    "%(office)s that you see: there is nothing to print.",
                    month=self._rehab_format_date(self._first_day(), "MM/yyyy"),
                    office=self.vbsp_office_id.name,
                )
            )
        return self.env.ref(
            "post_rehab_credit.action_report_entrustment_statement_xlsx"
        ).report_action(self)
