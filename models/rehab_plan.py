# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class RehabPlan(models.Model):
    _name = "rehab.plan"
    _description = "Implementation plan of Decision 08/2026/QĐ-TTg"
    _inherit = ["rehab.mail.mixin", "rehab.base.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(string="Title", required=True, tracking=True)
    number = fields.Char(tracking=True)
    date = fields.Date(
        required=True, default=lambda self: self._rehab_today(), tracking=True
    )
    company_id = fields.Many2one(
        "res.company",
        string="Issuing agency",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    province_id = fields.Many2one(
        related="company_id.province_id", store=True, index=True
    )
    level = fields.Selection(
        [("province", "Province plan"), ("commune", "Commune plan")],
        compute="_compute_level",
        store=True,
    )
    parent_id = fields.Many2one(
        "rehab.plan",
        string="Implements",
        index=True,
        help="The plan this plan implements: a commune plan implements the "
        "province plan.",
    )
    child_ids = fields.One2many("rehab.plan", "parent_id", string="Implementing plans")
    task_ids = fields.One2many("rehab.plan.task", "plan_id", string="Tasks")
    deadline_ids = fields.One2many(
        "rehab.plan.deadline", "plan_id", string="Reporting calendar"
    )
    reporting_company_ids = fields.Many2many(
        "res.company",
        "rehab_plan_reporting_company_rel",
        "plan_id",
        "company_id",
        string="Agencies that report",
    )
    recipient_id = fields.Many2one(
        "res.company",
        string="Reports go to",
        help="The agency that receives and accepts the periodic reports.",
    )
    report_ids = fields.One2many("rehab.report", "plan_id", string="Reports")
    active = fields.Boolean(default=True)

    def write(self, vals):
        self._rehab_check_values(vals)
        if "company_id" in vals and not self.env.su:
            if any(plan.company_id.id != vals["company_id"] for plan in self):
                raise UserError(
                    _("A plan stays with the agency that made it: make a new plan.")
                )
        return super().write(vals)

    def action_prepare_next_reports(self):
        """Make now the reports of each deadline's next due date.

        The reports are made in-process: the caller must be one who may edit
        the plan (its province or commune's steering role).
        """
        self.check_access("write")
        today = self._rehab_today()
        due_dates = []
        for deadline in self.deadline_ids:
            due = deadline._due_in(today.year)
            if due < today:
                due = deadline._due_in(today.year + 1)
            due_dates.append((deadline, due))
        self.env["rehab.report"]._ensure_reports(due_dates)
        return True

    @api.depends("company_id.agency_type")
    def _compute_level(self):
        for plan in self:
            plan.level = (
                "commune" if plan.company_id.agency_type == "commune" else "province"
            )

    @api.constrains("parent_id", "company_id")
    def _check_parent(self):
        for plan in self:
            if plan.parent_id and plan.parent_id.province_id != plan.province_id:
                raise ValidationError(
                    _("A plan implements a plan of its own province only.")
                )
            if plan.parent_id == plan:
                raise ValidationError(_("A plan cannot implement itself."))
