# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from ..tools.roles import PROVINCE
from .rehab_workflow_mixin import Transition

_lt = LazyTranslate(__name__)


class RehabCommendation(models.Model):
    _name = "rehab.commendation"
    _description = "Commendation of a group or a person"
    # The workflow first: it sees every write and post before mail does.
    _inherit = [
        "rehab.workflow.mixin",
        "rehab.mail.mixin",
        "rehab.base.mixin",
    ]
    _order = "date desc, id desc"
    _workflow_open_states = ("proposed",)
    _workflow_fixed_fields = frozenset({"company_id"})
    _workflow = {
        "grant": Transition(
            sources=("proposed",),
            target="granted",
            groups=(PROVINCE,),
            label=_lt("Granted"),
        ),
    }

    name = fields.Char(string="Commended", required=True, tracking=True)
    kind = fields.Selection(
        [("group", "Group"), ("person", "Person")], required=True, default="group"
    )
    date = fields.Date(required=True, default=lambda self: self._rehab_today())
    company_id = fields.Many2one(
        "res.company",
        string="Proposing agency",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    province_id = fields.Many2one(
        related="company_id.province_id", store=True, index=True
    )
    reason = fields.Text(string="Achievements", required=True)
    decision_number = fields.Char()
    state = fields.Selection(
        [("proposed", "Proposed"), ("granted", "Granted")],
        default="proposed",
        required=True,
        readonly=True,
        tracking=True,
    )

    def action_grant(self):
        records = self._workflow_start("grant")
        for record in records:
            if not (record.decision_number or "").strip():
                raise UserError(
                    _(
                        "Give the number of the decision that grants the commendation "
                        "of %s.",
                        record.name,
                    )
                )
        records._workflow_finish("grant")
        return True
