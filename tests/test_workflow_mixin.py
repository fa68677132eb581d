from odoo_test_helper import FakeModelLoader

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PostRehabCreditCase

# Context keys a client may send: none of them opens the gate.
CLIENT_KEYS = {
    "rehab_list_transition": True,
    "rehab_loan_transition": True,
    "rehab_workflow_gate": True,
    "tracking_disable": True,
}


@tagged("post_install", "-at_install")
class TestWorkflowMixin(PostRehabCreditCase):
    """The mechanism on a small fake model, apart from the programme's models."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        from .fake_models import RehabWorkflowFake  # noqa: PLC0415

        cls.loader.update_registry((RehabWorkflowFake,))
        cls.env["ir.model.access"].create(
            {
                "name": "fake workflow",
                "model_id": cls.env["ir.model"]._get_id("rehab.workflow.fake"),
                "group_id": cls.env.ref("post_rehab_credit.group_programme_user").id,
                "perm_read": True,
                "perm_write": True,
                "perm_create": True,
                "perm_unlink": True,
            }
        )
        cls.Fake = cls.env["rehab.workflow.fake"]

    @classmethod
    def tearDownClass(cls):
        cls.loader.restore_registry()
        super().tearDownClass()

    def _new(self, user=None):
        return self.Fake.with_user(user or self.police_user).create(
            {"name": "Hồ sơ", "company_id": self.commune_a1.id}
        )

    def _open_todos(self, record):
        return {
            (a.user_id, a.summary)
            for a in self.env["mail.activity"].search(
                [("res_model", "=", record._name), ("res_id", "=", record.id)]
            )
        }

    def test_state_and_stamps_change_only_by_a_step(self):
        record = self._new()
        for context in ({}, CLIENT_KEYS):
            as_police = record.with_user(self.police_user).with_context(**context)
            for vals in ({"state": "approved"}, {"stamp": "forged"}):
                with self.subTest(context=context, vals=vals):
                    with self.assertRaisesRegex(UserError, "change only through"):
                        as_police.write(vals)
        self.assertEqual((record.state, record.stamp), ("draft", False))

    def test_created_in_the_first_state_only(self):
        Fake = self.Fake.with_user(self.police_user).with_context(**CLIENT_KEYS)
        for vals in ({"state": "approved"}, {"stamp": "x"}):
            with self.subTest(vals=vals):
                with self.assertRaisesRegex(UserError, "change only through"):
                    Fake.create(dict(vals, name="x"))
        self.assertFalse(self.Fake.search([("name", "=", "x")]))
        # The first state itself, as the web client sends it, is accepted.
        self.assertEqual(Fake.create({"name": "y", "state": "draft"}).state, "draft")

    def test_frozen_past_the_open_states(self):
        record = self._new()
        record.with_user(self.police_user).name = "Sửa khi còn dự thảo"
        record.with_user(self.police_user).action_submit()
        as_police = record.with_user(self.police_user).with_context(**CLIENT_KEYS)
        with self.assertRaisesRegex(UserError, "it is frozen"):
            as_police.name = "Sửa sau khi trình"
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            as_police.unlink()
        self.assertEqual(record.name, "Sửa khi còn dự thảo")
        # A draft is deleted as usual.
        self._new().with_user(self.police_user).unlink()

    def test_a_step_checks_the_role_and_the_state(self):
        record = self._new()
        with self.assertRaisesRegex(AccessError, "belongs to another role"):
            record.with_user(self.chairman_user).action_submit()
        with self.assertRaisesRegex(AccessError, "belongs to another role"):
            record.with_user(self.police_user).action_approve()
        with self.assertRaisesRegex(UserError, "taken only when it is «Submitted»"):
            record.with_user(self.chairman_user).action_approve()
        record.with_user(self.police_user).action_submit()
        self.assertEqual(record.state, "submitted")
        self.assertEqual(record.stamp, "submitted by %s" % self.police_user.id)
        # Taken twice: refused, and the refusal names the next step.
        with self.assertRaisesRegex(UserError, "Next step: «Approve»"):
            record.with_user(self.police_user).action_submit()
        record.with_user(self.chairman_user).action_approve()
        self.assertEqual(record.state, "approved")

    def test_a_step_writes_as_the_real_user(self):
        """The gate is sudo(): tracking still names the user who took the step."""
        record = self.Fake.with_context(tracking_disable=False).create(
            {"name": "Theo dõi", "company_id": self.commune_a1.id}
        )
        # As in two requests: the creation is committed before the step.
        self.env.flush_all()
        self.env.cr.precommit.run()
        record.with_user(self.police_user).with_context(
            tracking_disable=False
        ).action_submit()
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        tracked = record.message_ids.filtered("tracking_value_ids")
        self.assertEqual(tracked[:1].author_id, self.police_user.partner_id)
        self.assertEqual(record.write_uid, self.police_user)

    def test_a_step_moves_the_todos(self):
        record = self._new()
        record._workflow_open_todo(self.police_user, "Submit the fake record")
        record.activity_schedule(
            "mail.mail_activity_data_todo", summary="Việc riêng", user_id=self.env.uid
        )
        record.with_user(self.police_user).action_submit()
        self.assertEqual(
            self._open_todos(record),
            {
                (self.chairman_user, "Approve the fake record"),
                (self.env.user, "Việc riêng"),
            },
        )
        record.with_user(self.chairman_user).action_approve()
        self.assertEqual(self._open_todos(record), {(self.env.user, "Việc riêng")})

    def test_a_step_that_keeps_the_state(self):
        record = self._new()
        record.with_user(self.police_user)._workflow_run("note")
        self.assertEqual(record.state, "draft")
        record.with_user(self.police_user).action_submit()
        record.with_user(self.chairman_user).action_approve()
        with self.assertRaisesRegex(UserError, "«Add a note»"):
            record.with_user(self.police_user)._workflow_run("note")
