# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class RehabEstablishmentWorker(models.Model):
    _name = "rehab.establishment.worker"
    _description = "Post-rehab worker of an establishment"
    _inherit = ["rehab.access.logged.mixin", "rehab.base.mixin"]
    # Read by a user: written to the access log (who works there after rehab).
    _rehab_logged_fields = ("person_id",)
    _order = "contract_start desc, id"
    _check_company_auto = True

    establishment_id = fields.Many2one(
        "rehab.establishment", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="establishment_id.company_id", store=True, index=True
    )
    person_id = fields.Many2one(
        "rehab.person",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=False,
    )
    contract_number = fields.Char(string="Labour contract number", required=True)
    contract_start = fields.Date(
        required=True, default=lambda self: self._rehab_today()
    )
    contract_end = fields.Date(help="Empty for a contract without a fixed term.")

    _sql_constraints = [
        (
            "person_contract_uniq",
            "unique(establishment_id, person_id, contract_number)",
            "This contract of this person is already recorded.",
        ),
    ]

    def write(self, vals):
        """The establishment and the person of a contract are fixed: another
        person is another worker (a new line), not this one edited."""
        if not self.env.su:
            fixed = [
                name
                for name in ("establishment_id", "person_id")
                if name in vals
                and any(worker[name].id != vals[name] for worker in self)
            ]
            if fixed:
                raise UserError(
                    _(
                        "%s of a worker are fixed when the worker is recorded: "
                        "record another worker instead.",
                        ", ".join(
                            "«%s»" % self._fields[name]._description_string(self.env)
                            for name in fixed
                        ),
                    )
                )
        return super().write(vals)

    @api.constrains("person_id", "establishment_id")
    def _check_person(self):
        """A worker is a person of the establishment's province whom the user
        recording it may read (the person is named through the worker)."""
        user_people = self.person_id.with_user(self.env.user)
        readable = user_people._filtered_access("read")
        for worker in self.sudo():
            person, establishment = worker.person_id, worker.establishment_id
            if (
                person not in readable
                or person.company_id.province_id != establishment.company_id.province_id
            ):
                raise ValidationError(
                    _(
                        "%(establishment)s can record as its worker only a person "
                        "of its province whom you may read.",
                        establishment=establishment.name,
                    )
                )

    def _in_force(self, on_date):
        self.ensure_one()
        return bool(
            self.contract_number
            and self.contract_start
            and self.contract_start <= on_date
            and (not self.contract_end or self.contract_end >= on_date)
        )

    @api.constrains("contract_start", "contract_end")
    def _check_dates(self):
        for worker in self:
            if worker.contract_end and worker.contract_end < worker.contract_start:
                raise ValidationError(
                    _(
                        "The labour contract %s ends before it starts.",
                        worker.contract_number,
                    )
                )
