# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class RehabLoanEvent(models.AbstractModel):
    """What happens to a loan on a date, recorded by a user: its ledger.

    Entries are append-only. They are made by the loan's steps (which check
    the caller's role and the loan's state, then write in-process), and never
    changed or deleted afterwards by anyone: a mistake is corrected by a new,
    reasoned entry (a reversal).
    """

    _name = "rehab.loan.event"
    _description = "Event in the life of a loan"
    _order = "date, ledger_sequence, id"

    loan_id = fields.Many2one(
        "rehab.loan", required=True, readonly=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(related="loan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="loan_id.currency_id")
    date = fields.Date(required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Recorded by",
        readonly=True,
        default=lambda self: self.env.user,
    )
    # One counter for every kind of entry (ir.sequence rehab.loan.ledger): the
    # order in which the server recorded them, across the ledger's tables.
    ledger_sequence = fields.Integer(
        string="Ledger sequence", readonly=True, copy=False, index=True
    )

    def _refuse_change(self):
        raise UserError(
            _(
                "%(entry)s is an entry of the loan's ledger: it is never changed or "
                "deleted. Record a new entry on the loan instead (for a repayment "
                "posted by mistake: «Reverse a repayment»).",
                entry=self.env["ir.model"]._get(self._name).name,
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(
                _(
                    "%s is recorded only through the loan's steps (its buttons), "
                    "not created directly.",
                    self.env["ir.model"]._get(self._name).name,
                )
            )
        sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            vals["ledger_sequence"] = int(sequence.next_by_code("rehab.loan.ledger"))
        return super().create(vals_list)

    def _ledger_key(self):
        """Where the entry stands in the loan's ledger: its date, then the
        order the server recorded it in (never the ids of two tables)."""
        self.ensure_one()
        return (self.date, self.ledger_sequence or 0)

    # A ledger entry is never written: no super() on purpose.
    def write(self, vals):  # pylint: disable=method-required-super
        self._refuse_change()

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        self._refuse_change()
