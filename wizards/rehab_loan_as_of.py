# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models

from ..models.loan import RUNNING_STATES


class RehabLoanAsOf(models.TransientModel):
    """The portfolio as it stood at the end of a day: asks the day, then prints
    the portfolio or the overdue register, or opens PAR30 by commune, with the
    figures recomputed from the ledger."""

    _name = "rehab.loan.as.of"
    _inherit = ["rehab.base.mixin"]
    _description = "Loan figures as of a day"

    as_of_date = fields.Date(
        string="As of (end of day)",
        required=True,
        default=lambda self: self._rehab_today(),
    )

    def _loans(self):
        """The loans the user sees that were disbursed by the day."""
        self.ensure_one()
        return self.env["rehab.loan"].search(
            [
                ("state", "in", RUNNING_STATES + ("closed",)),
                ("disbursement_ids.date", "<=", self.as_of_date),
            ],
            order="company_id, name",
        )

    def _print(self, xmlid):
        self.ensure_one()
        return self.env.ref(xmlid).report_action(
            self._loans(), data={"as_of": fields.Date.to_string(self.as_of_date)}
        )

    def action_print_portfolio(self):
        return self._print("post_rehab_credit.action_report_loan_portfolio_xlsx")

    def action_print_overdue(self):
        return self._print("post_rehab_credit.action_report_loan_overdue_xlsx")

    def action_open_par(self):
        self.ensure_one()
        lines = self.env["rehab.loan.par.as.of"]._make(self._loans(), self.as_of_date)
        return {
            "type": "ir.actions.act_window",
            "name": _(
                "PAR30 by commune as of %s", self._rehab_format_date(self.as_of_date)
            ),
            "res_model": "rehab.loan.par.as.of",
            "view_mode": "list",
            "domain": [("id", "in", lines.ids)],
            "target": "current",
        }
