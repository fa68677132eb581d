from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..models.rehab_workflow_mixin import Transition
from ..tools.guards import agency_today, check_entry_date, required_reason
from .common import PostRehabCreditCase


@tagged("post_install", "-at_install")
class TestWorkflowHelpers(PostRehabCreditCase):
    """The pieces every workflow shares: a transition declared by keywords,
    one wizard opener, one guard of each kind."""

    def test_a_transition_is_declared_by_keywords(self):
        with self.assertRaises(TypeError):
            Transition(("draft",), "done", (), "Done")
        with self.assertRaisesRegex(TypeError, "todo_group or todo_users"):
            Transition(
                sources=("draft",), target="done", groups=(), label="Done", todo="x"
            )
        with self.assertRaisesRegex(TypeError, "not both"):
            Transition(
                sources=("draft",),
                target="done",
                groups=(),
                label="Done",
                todo="x",
                todo_group="a.b",
                todo_users="_c",
            )

    def test_no_model_decides_its_todo_users_by_a_string(self):
        """Every to-do names a role or a method of its model, which exists."""
        for name in self.env:
            model = self.env[name]
            for transition in getattr(model, "_workflow", {}).values():
                if transition.todo_users:
                    self.assertTrue(
                        callable(getattr(model, transition.todo_users, None)),
                        "%s: %s" % (name, transition.todo_users),
                    )
                elif transition.todo:
                    self.assertTrue(self.env.ref(transition.todo_group))

    def test_one_wizard_opener(self):
        loan_model = self.env["rehab.loan"]
        self.assertFalse(hasattr(loan_model, "_open_wizard"))
        plan = {
            "rehab.loan": ("rehab.loan.repay", "default_loan_id"),
            "rehab.monthly.list": ("rehab.monthly.list.return", "default_list_id"),
            "rehab.transaction.session": (
                "rehab.transaction.session.move",
                "default_session_id",
            ),
        }
        for name, (wizard, key) in plan.items():
            record = self.env[name].sudo().search([], limit=1)
            if not record:
                continue
            action = record._workflow_open_wizard(wizard, "Title")
            self.assertEqual(action["res_model"], wizard)
            self.assertEqual(action["target"], "new")
            self.assertEqual(action["context"], {key: record.id})

    def test_entry_date_guard(self):
        today = agency_today(self.env)
        env = self.env(context={"lang": "en_US"})
        check_entry_date(env, today, "A thing", today, "its start")
        with self.assertRaisesRegex(
            ValidationError, "^A thing cannot be dated in the future.$"
        ):
            check_entry_date(env, today + timedelta(days=1), "A thing")
        with self.assertRaisesRegex(ValidationError, "in the future"):
            check_entry_date(env, False, "A thing")
        with self.assertRaisesRegex(
            ValidationError, "^A thing cannot be dated before its start.$"
        ):
            check_entry_date(
                env, today - timedelta(days=1), "A thing", today, "its start"
            )
        with self.assertRaisesRegex(ValidationError, "^Said otherwise$"):
            check_entry_date(
                env, today - timedelta(days=1), "A", today, "b", before="Said otherwise"
            )

    def test_reason_guard(self):
        env = self.env(context={"lang": "en_US"})
        self.assertEqual(required_reason(env, "  why \n", "doing it"), "why")
        for empty in (False, None, "", "  \n "):
            with self.assertRaisesRegex(UserError, "^Give the reason for doing it.$"):
                required_reason(env, empty, "doing it")

    def test_step_lines_are_never_changed_by_hand(self):
        for name in ("rehab.loan.installment", "rehab.loan.classification.line"):
            model = self.env[name]
            self.assertIn(name, self.env["rehab.step.lines.mixin"]._inherit_children)
            with self.assertRaises(UserError):
                model.with_user(self.vbsp_user).create({})
