# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError

from ..models import rehab_rules


class RehabLoanExtend(models.TransientModel):
    _name = "rehab.loan.extend"
    _description = "Extend the debt of a loan"

    loan_id = fields.Many2one("rehab.loan", required=True, readonly=True)
    installment_ids = fields.Many2many(
        "rehab.loan.installment",
        string="Instalments",
        domain="[('loan_id', '=', loan_id), ('is_paid', '=', False)]",
    )
    months = fields.Integer(string="Extend by (months)", required=True, default=6)
    reason = fields.Text(required=True)

    def action_extend(self):
        self.ensure_one()
        loan = self.loan_id
        if not self.env.user.has_group("post_rehab_credit.group_vbsp_officer"):
            raise AccessError(_("Only an officer of the bank extends a debt."))
        if loan.state not in ("disbursing", "repaying"):
            raise UserError(_("Only a disbursed loan is extended."))
        if not self.installment_ids or self.installment_ids.loan_id != loan:
            raise UserError(_("Choose the instalments of this loan to extend."))
        if self.installment_ids.filtered("is_paid"):
            raise UserError(_("A paid instalment cannot be extended."))
        if not (self.reason or "").strip():
            raise UserError(_("Give the reason for the extension."))
        if self.months <= 0:
            raise UserError(_("The extension must be at least one month."))
        longest = rehab_rules.params_from_env(self.env)["max_extension_months"]
        # Every instalment is checked before any is moved.
        moves = []
        for line in self.installment_ids.sorted("sequence"):
            new_date = line.due_date + relativedelta(months=self.months)
            limit = line.original_due_date + relativedelta(months=longest)
            if new_date > limit:
                raise UserError(
                    _(
                        "An instalment may be extended by at most %s months in all.",
                        longest,
                    )
                )
            moves.append((line, new_date))
        detail = []
        for line, new_date in moves:
            detail.append(
                "%s: %s → %s"
                % (
                    line.sequence,
                    line.due_date.strftime("%d/%m/%Y"),
                    new_date.strftime("%d/%m/%Y"),
                )
            )
            line.due_date = new_date
        self.env["rehab.loan.extension"].create(
            {
                "loan_id": loan.id,
                "date": fields.Date.context_today(self),
                "months": self.months,
                "reason": self.reason.strip(),
                "detail": "\n".join(detail),
            }
        )
        loan.message_post(body=_("Debt extended: %s", "; ".join(detail)))
        loan._refresh_delinquency(fields.Date.context_today(self))
        return {"type": "ir.actions.act_window_close"}
