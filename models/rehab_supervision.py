# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from ..tools.roles import DEPARTMENT, PROVINCE
from .rehab_workflow_mixin import Transition

_lt = LazyTranslate(__name__)
SUPERVISORS = (PROVINCE, DEPARTMENT)


class RehabSupervision(models.Model):
    _name = "rehab.supervision"
    _description = "Supervision of the programme (Fatherland Front and others)"
    # The workflow first: it sees every write and post before mail does.
    _inherit = [
        "rehab.workflow.mixin",
        "rehab.mail.mixin",
        "mail.activity.mixin",
        "rehab.base.mixin",
    ]
    _order = "date desc, id desc"
    _workflow_open_states = ("open",)
    _workflow_fixed_fields = frozenset({"company_id"})
    _workflow = {
        "close": Transition(
            sources=("open",),
            target="closed",
            groups=SUPERVISORS,
            label=_lt("Followed up"),
        ),
        "reopen": Transition(
            sources=("closed",), target="open", groups=SUPERVISORS, label=_lt("Reopen")
        ),
    }

    name = fields.Char(string="Subject", required=True, tracking=True)
    date = fields.Date(required=True, default=lambda self: self._rehab_today())
    company_id = fields.Many2one(
        "res.company",
        string="Supervising agency",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    province_id = fields.Many2one(
        related="company_id.province_id", store=True, index=True
    )
    supervised_ids = fields.Many2many(
        "res.company",
        "rehab_supervision_company_rel",
        "supervision_id",
        "company_id",
        string="Agencies supervised",
    )
    findings = fields.Text()
    recommendations = fields.Text()
    follow_up = fields.Text(string="Follow-up")
    state = fields.Selection(
        [("open", "Recommendations open"), ("closed", "Followed up")],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
    )

    def action_close(self):
        records = self._workflow_start("close")
        for record in records:
            if not (record.follow_up or "").strip():
                raise UserError(
                    _(
                        "Write the follow-up of the recommendations of %s before "
                        "closing it.",
                        record.name,
                    )
                )
        records._workflow_finish("close")
        return True

    def action_reopen(self):
        self._workflow_run("reopen")
        return True
