# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from ..tools.batching import iter_batches
from ..tools.roles import CHAIRMAN, COMMUNE_OFFICER
from .loan import OPEN_STATES
from .rehab_workflow_mixin import Transition

_lt = LazyTranslate(__name__)


class RehabDemandSurvey(models.Model):
    _name = "rehab.demand.survey"
    _description = "June review of the capital demand of a commune"
    # The workflow first: it sees every write and post before mail does.
    _inherit = [
        "rehab.workflow.mixin",
        "rehab.mail.mixin",
        "mail.activity.mixin",
        "rehab.commune.mixin",
        "rehab.base.mixin",
    ]
    _order = "year desc, company_id"
    _workflow_open_states = ("draft",)
    _workflow_fixed_fields = frozenset({"company_id", "year"})
    _workflow = {
        "refresh": Transition(
            sources=("draft",),
            target=None,
            groups=(COMMUNE_OFFICER, CHAIRMAN),
            label=_lt("Count again"),
        ),
        "done": Transition(
            sources=("draft",),
            target="done",
            groups=(COMMUNE_OFFICER, CHAIRMAN),
            label=_lt("Send to the province"),
        ),
    }

    year = fields.Integer(required=True, index=True, aggregator=None)
    province_id = fields.Many2one(
        related="company_id.province_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    people_count = fields.Integer(string="People with a declared need", readonly=True)
    declared_amount = fields.Monetary(string="Declared needs", readonly=True)
    pending_count = fields.Integer(string="Pending applications", readonly=True)
    pending_amount = fields.Monetary(
        string="Amount of pending applications", readonly=True
    )
    adjustment = fields.Monetary(
        help="Demand the commune adds or removes after its review (establishments, "
        "known plans)."
    )
    total_amount = fields.Monetary(
        string="Capital demand", compute="_compute_total", store=True
    )
    state = fields.Selection(
        [("draft", "Under review"), ("done", "Sent to the province")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    note = fields.Text()

    _sql_constraints = [
        (
            "company_year_uniq",
            "unique(company_id, year)",
            "One survey per commune and year.",
        ),
    ]

    @api.constrains("year")
    def _check_year(self):
        for survey in self:
            if not 2000 <= survey.year <= 2100:
                raise ValidationError(
                    _("The year of a survey must be between 2000 and 2100.")
                )

    @api.constrains("declared_amount", "pending_amount", "adjustment")
    def _check_total(self):
        for survey in self:
            if survey.total_amount < 0:
                raise ValidationError(
                    _(
                        "The capital demand of %s cannot be negative.",
                        survey.company_id.name,
                    )
                )

    @api.depends("declared_amount", "pending_amount", "adjustment")
    def _compute_total(self):
        for survey in self:
            survey.total_amount = (
                survey.declared_amount + survey.pending_amount + survey.adjustment
            )

    def action_refresh(self):
        self._workflow_start("refresh")._count()
        return True

    def _count(self):
        """Declared needs of eligible people and pending applications, counted now."""
        # Two grouped queries for all the surveys, by commune.
        env = self.env(su=True)
        scope = [("company_id", "in", self.company_id.ids)]
        needs = {
            company.id: (count, amount or 0)
            for company, count, amount in env["rehab.person"]._read_group(
                scope + [("is_eligible", "=", True), ("amount_needed", ">", 0)],
                ["company_id"],
                ["__count", "amount_needed:sum"],
            )
        }
        pending = {
            company.id: (count, amount or 0)
            for company, count, amount in env["rehab.loan"]._read_group(
                scope + [("state", "in", OPEN_STATES)],
                ["company_id"],
                ["__count", "amount_requested:sum"],
            )
        }
        for survey in self:
            people, declared = needs.get(survey.company_id.id, (0, 0))
            loans, requested = pending.get(survey.company_id.id, (0, 0))
            survey.write(
                {
                    "people_count": people,
                    "declared_amount": declared,
                    "pending_count": loans,
                    "pending_amount": requested,
                }
            )
        return True

    def action_done(self):
        surveys = self._workflow_start("done")
        surveys._count()
        surveys._workflow_finish("done")
        return True

    @api.model
    def _cron_june_survey(self):
        """In June: the survey of each commune for the year. Idempotent."""
        today = self._rehab_today()
        if today.month != 6:
            return self.browse()
        Survey = self.sudo()
        done = set(Survey.search([("year", "=", today.year)]).company_id.ids)
        communes = self.env["res.company"].sudo()
        surveys = Survey.browse()
        for batch in iter_batches(communes, [("agency_type", "=", "commune")], 500):
            todo = batch.filtered(lambda c: c.id not in done)
            new = Survey.create(
                [{"company_id": c.id, "year": today.year} for c in todo]
            )
            new._count()
            surveys |= new
        return surveys
