from odoo import fields, models
from odoo.addons.post_rehab_credit.models.rehab_workflow_mixin import Transition

POLICE = "post_rehab_credit.group_commune_police"
CHAIRMAN = "post_rehab_credit.group_commune_chairman"


class RehabWorkflowFake(models.Model):
    """A record with a two-step workflow, to test the mechanism on its own."""

    _name = "rehab.workflow.fake"
    _description = "Fake record with a workflow"
    _inherit = [
        "rehab.workflow.mixin",
        "rehab.mail.mixin",
        "mail.activity.mixin",
        "rehab.base.mixin",
    ]
    _workflow_open_states = ("draft",)
    _workflow = {
        "submit": Transition(
            sources=("draft",),
            target="submitted",
            groups=(POLICE,),
            label="Submit",
            todo="Approve the fake record",
            todo_group=CHAIRMAN,
        ),
        "approve": Transition(
            sources=("submitted",),
            target="approved",
            groups=(CHAIRMAN,),
            label="Approve",
        ),
        "note": Transition(
            sources=("draft", "submitted"),
            target=None,
            groups=(POLICE,),
            label="Add a note",
        ),
    }

    name = fields.Char()
    company_id = fields.Many2one("res.company")
    stamp = fields.Char(readonly=True)
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("approved", "Approved")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )

    def action_submit(self):
        self._workflow_run("submit", {"stamp": "submitted by %s" % self.env.uid})
        return True

    def action_approve(self):
        self._workflow_run("approve")
        return True
