# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError


class RehabLoanReview(models.TransientModel):
    _name = "rehab.loan.review"
    _description = "Group review of a loan application"

    loan_id = fields.Many2one("rehab.loan", required=True, readonly=True)
    meeting_date = fields.Date(required=True, default=fields.Date.context_today)
    members_present = fields.Integer(required=True)
    result = fields.Selection(
        [("agreed", "Agreed to lend"), ("refused", "Refused")],
        required=True,
        default="agreed",
    )
    note = fields.Text(string="Minutes", required=True)

    def action_record(self):
        self.ensure_one()
        if not self.env.user.has_group("post_rehab_credit.group_savings_group_officer"):
            raise AccessError(
                _("Only a savings-group officer records the group review.")
            )
        loan = self.loan_id
        if loan.state != "draft":
            raise UserError(_("Only a new application is reviewed by the group."))
        if not loan.savings_group_id:
            raise UserError(
                _("Choose the savings-and-loan group of the borrower first.")
            )
        if self.members_present <= 0:
            raise UserError(_("Give the number of members present at the meeting."))
        if self.members_present > loan.savings_group_id.member_count:
            raise UserError(_("More members present than the group has."))
        if self.meeting_date > fields.Date.context_today(self):
            raise UserError(_("The meeting cannot be in the future."))
        if not (self.note or "").strip():
            raise UserError(_("Write the minutes of the group meeting."))
        loan._transition(
            {
                "state": "reviewed" if self.result == "agreed" else "rejected",
                "review_date": self.meeting_date,
                "review_members_present": self.members_present,
                "review_note": self.note,
            }
        )
        loan.message_post(
            body=_(
                "Group review on %(day)s, %(count)s members present: %(result)s.",
                day=self.meeting_date.strftime("%d/%m/%Y"),
                count=self.members_present,
                result=dict(self._fields["result"]._description_selection(self.env))[
                    self.result
                ],
            )
        )
        return {"type": "ir.actions.act_window_close"}
