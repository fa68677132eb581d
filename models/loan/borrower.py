# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The loan's borrower: the person or establishment, its commune and household."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class RehabLoanBorrower(models.Model):
    _inherit = "rehab.loan"

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

    @api.constrains("savings_group_id", "company_id")
    def _check_savings_group(self):
        for loan in self.sudo():
            group = loan.savings_group_id
            if group and group.company_id != loan.company_id:
                raise ValidationError(
                    _(
                        "The savings-and-loan group %(group)s is not one of "
                        "%(commune)s.",
                        group=group.name,
                        commune=loan.company_id.name,
                    )
                )

    @api.constrains("household_rep_citizen_id")
    def _check_household_rep_citizen_id(self):
        for loan in self.sudo():
            self.env["rehab.person"]._check_representative_citizen_id(
                loan.household_rep_citizen_id, loan.borrower_name
            )
