# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One mechanism for every record of the programme that has a state.

A model declares its workflow once (``_workflow``): the transitions, each from
some states to one state, the roles allowed to take it, and the to-do it opens
for the users of the next step; the states in which users still edit the
record by hand; and so, by difference, what is frozen.

Outside a transition nobody changes the state, a field the model declares
read-only (stamps of the steps, snapshots, amounts of decisions), or any field
of a record past its open states. The gate opens in-process only: a transition
checks the caller's role, the caller's access to the record and the record's
state, locks the row, and then writes through ``sudo()``, which keeps the real
user for tracking and the audit trail. No value a client can send (a context
key, a field value) opens it.

A transition is declared by keywords::

    _workflow = {
        "submit": Transition(
            sources=("draft",),
            target="submitted",
            groups=(POLICE,),
            label=_lt("Submit to the chairman"),
            todo=_lt("Confirm the monthly list"),
            todo_group=CHAIRMAN,
        ),
    }

The to-do a step opens goes to the users of the next step: ``todo_group``, a
role (group xmlid), names that role's users in the record's agency;
``todo_users``, where the next users are not simply a role of the agency (the
bank officer who serves the commune, the agency a report goes to), names a
method of the model that returns them (``todo_users="_acceptors"``). Nothing
else decides it (``_workflow_todo_users``).

A step asked for in a dialog opens its wizard with ``_workflow_open_wizard``.

The to-dos (opened and closed by the steps, the stale ones) are in
``rehab_workflow_todos.py``, the chatter's guards in
``rehab_workflow_chatter.py``: extensions of this mixin.
"""

from dataclasses import dataclass

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

from ..tools import locks

# Fields the mail machinery writes on any record, frozen or not.
MAIL_PREFIXES = ("message_", "activity_", "website_message_", "rating_")
X2MANY = ("one2many", "many2many")
STEP_ACTIVITY = "post_rehab_credit.mail_activity_type_step"
# Context keys that would make a step skip its to-dos or their mails: a
# client's context decides nothing of a step.
CLIENT_SKIPS = ("mail_activity_automation_skip", "mail_activity_quick_update")


@dataclass(frozen=True, kw_only=True)
class Transition:
    """A step of a workflow, declared by keywords.

    ``sources`` the states it starts from; ``target`` the state it ends in
    (None: the step records something and the state stays); ``groups`` the
    roles allowed (xmlids); ``label`` what the step is called, for messages;
    ``todo`` the to-do the step opens, for ``todo_group`` (a role: its users
    in the record's agency) or ``todo_users`` (the name of a method of the
    model returning the users), one of the two (see ``_workflow_todo_users``).
    """

    sources: tuple
    target: str | None
    groups: tuple
    label: object
    todo: object = None
    todo_group: str | None = None
    todo_users: str | None = None

    def __post_init__(self):
        if self.todo and not (self.todo_group or self.todo_users):
            raise TypeError("A transition's to-do needs todo_group or todo_users.")
        if self.todo_group and self.todo_users:
            raise TypeError("A transition names todo_group or todo_users, not both.")


class RehabWorkflowMixin(models.AbstractModel):
    _name = "rehab.workflow.mixin"
    _description = "Declared workflow of a record with a state"

    # Declared by each model: {name: Transition}.
    _workflow = {}
    _workflow_state_field = "state"
    # States in which users edit the record's editable fields by hand.
    _workflow_open_states = ()
    # Fields set when the record is made and never moved after (its agency,
    # its parent): a draft is not carried into another agency's records.
    _workflow_fixed_fields = frozenset()

    # What is frozen

    @api.model
    def _workflow_locked_fields(self):
        """The state and every stored field the model declares read-only."""
        free = self._workflow_free_fields()
        locked = {
            name
            for name, field in self._fields.items()
            if field.store and field.readonly and name not in free
        }
        return locked | {self._workflow_state_field}

    @api.model
    def _workflow_free_fields(self):
        """What the mail machinery writes on any record, frozen or not.

        Not the chatter's own lists (messages, followers, activities): they
        change through mail's methods, never through a write on the record.
        """
        return (
            {
                name
                for name, field in self._fields.items()
                if name.startswith(MAIL_PREFIXES) and field.type not in X2MANY
            }
            | set(models.LOG_ACCESS_COLUMNS)
            | {"id", "display_name"}
        )

    @api.model
    def _workflow_mail_lists(self):
        return {
            name
            for name, field in self._fields.items()
            if name.startswith(MAIL_PREFIXES) and field.type in X2MANY
        }

    def _workflow_states_label(self, states):
        labels = dict(
            self._fields[self._workflow_state_field]._description_selection(self.env)
        )
        return ", ".join("«%s»" % labels.get(state, state) for state in states)

    def _workflow_text(self, text, lang=None):
        """A declared label or summary, in ``lang`` (default: the caller's)."""
        if hasattr(text, "_translate"):
            return text._translate(lang or self.env.lang or "en_US")
        return str(text)

    def _workflow_steps_label(self):
        return ", ".join(
            "«%s»" % self._workflow_text(t.label)
            for t in self._workflow.values()
            if t.groups
        )

    def _workflow_refuse_fields(self, names):
        descriptions = sorted(
            self._fields[name]._description_string(self.env)
            for name in names
            if name in self._fields
        )
        raise UserError(
            _(
                "%(model)s: %(fields)s change only through the steps of the "
                "record (%(steps)s), not by editing it.",
                model=self._workflow_model_label(),
                fields=", ".join("«%s»" % d for d in descriptions),
                steps=self._workflow_steps_label(),
            )
        )

    @api.model
    def _workflow_model_label(self):
        return self.env["ir.model"]._get(self._name).name or self._description

    def _workflow_check_write(self, vals):
        locked = set(vals) & (
            self._workflow_locked_fields()
            | self._workflow_fixed_fields
            | self._workflow_mail_lists()
        )
        if locked:
            self._workflow_refuse_fields(locked)
        if not set(vals) - self._workflow_free_fields():
            return
        state_field = self._workflow_state_field
        frozen = self.filtered(
            lambda r: r[state_field] not in self._workflow_open_states
        )
        if frozen:
            record = frozen[0]
            raise UserError(
                _(
                    "%(record)s is %(state)s: it is frozen and changes only through "
                    "its steps (%(steps)s). It can be edited only while it is "
                    "%(open)s.",
                    record=record.display_name,
                    state=self._workflow_states_label([record[state_field]]),
                    steps=self._workflow_steps_label(),
                    open=self._workflow_states_label(self._workflow_open_states)
                    or _("never"),
                )
            )

    @api.model
    def _workflow_clean_context(self):
        """No default from the client's context for what only steps write.

        ``default_state`` or ``default_amount_approved`` in the context would
        otherwise fill the new record: the caller's context is no gate.
        """
        locked = self._workflow_locked_fields() | self._workflow_fixed_fields
        context = {
            key: value
            for key, value in self.env.context.items()
            if not (key.startswith("default_") and key[8:] in locked)
        }
        # Drops keys, which kwargs cannot: the whole context is replaced on purpose.
        # pylint: disable-next=context-overridden
        return self.with_context(context)

    @api.model
    def _workflow_check_create(self, vals_list):
        """A record is created in its first state, with no step's fields."""
        if self.env.su:
            return
        locked = self._workflow_locked_fields()
        state_field = self._workflow_state_field
        default = self._fields[state_field].default
        first_state = default(self) if default else None
        for vals in vals_list:
            names = set(vals) & locked
            # The web client sends the first state of a new record: harmless.
            if vals.get(state_field) == first_state:
                names.discard(state_field)
            if names:
                self._workflow_refuse_fields(names)

    @api.model_create_multi
    def create(self, vals_list):
        self._rehab_check_vals_list(vals_list)
        if self.env.su:
            return super().create(vals_list)
        cleaned = self._workflow_clean_context()
        cleaned._workflow_check_create(vals_list)
        return super(RehabWorkflowMixin, cleaned).create(vals_list)

    def write(self, vals):
        self._rehab_check_values(vals)
        if not self.env.su:
            self._workflow_check_write(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_frozen(self):
        """Past its open states a record is kept, whoever asks (even in-process)."""
        state_field = self._workflow_state_field
        frozen = self.filtered(
            lambda r: r[state_field] not in self._workflow_open_states
        )
        if frozen:
            raise UserError(
                _(
                    "%(record)s is %(state)s: it cannot be deleted.",
                    record=frozen[0].display_name,
                    state=self._workflow_states_label([frozen[0][state_field]]),
                )
            )

    # Transitions

    def _workflow_lock(self):
        """Lock the rows for this transaction (tools/locks.py).

        A second transaction taking a step on the same record at once waits,
        then fails with a serialization error when the first commits, without
        an ERROR line; Odoo runs its request again, which then reads the new
        state and gets a clear refusal. Nothing is done twice.
        """
        locks.lock_rows(self.env.cr, self._table, self.ids)

    def _workflow_start(self, name):
        """Check and lock for the transition ``name``; the records, in sudo.

        The caller must hold one of the transition's roles (a superuser
        environment, as in scheduled actions, passes) and be able to read every
        record under the record rules; every record must be in a state the
        transition starts from.
        """
        transition = self._workflow[name]
        if not self.env.su:
            if not any(self.env.user.has_group(g) for g in transition.groups):
                raise AccessError(
                    _(
                        "You may not take the step «%(step)s» on %(model)s: it "
                        "belongs to another role.",
                        step=self._workflow_text(transition.label),
                        model=self._workflow_model_label(),
                    )
                )
            self.check_access("read")
        self._workflow_lock()
        self.invalidate_recordset([self._workflow_state_field])
        state_field = self._workflow_state_field
        for record in self:
            if record[state_field] not in transition.sources:
                raise UserError(
                    _(
                        "%(record)s is %(state)s: the step «%(step)s» is taken only "
                        "when it is %(sources)s.%(next)s",
                        record=record.display_name,
                        state=self._workflow_states_label([record[state_field]]),
                        step=self._workflow_text(transition.label),
                        sources=self._workflow_states_label(transition.sources),
                        next=record._workflow_next_hint(),
                    )
                )
        return self._workflow_sudo()

    def _workflow_sudo(self):
        """The records in sudo, without any default the client's context gave.

        Whatever a step creates (lines, slips, ledger entries, to-dos) takes
        its values from the step, not from ``default_*`` keys of the request.
        """
        context = {
            key: value
            for key, value in self.env.context.items()
            if not key.startswith("default_") and key not in CLIENT_SKIPS
        }
        # Drops keys, which kwargs cannot: the whole context is replaced on purpose.
        # pylint: disable-next=context-overridden
        return self.sudo().with_context(context)

    def _workflow_next_hint(self):
        """The steps open from the record's state, to name in a refusal."""
        state = self[self._workflow_state_field]
        steps = [
            self._workflow_text(t.label)
            for t in self._workflow.values()
            if state in t.sources and t.target and t.groups
        ]
        if not steps:
            return ""
        return " " + _("Next step: %s.", ", ".join("«%s»" % s for s in steps))

    def _workflow_finish(self, name, vals=None):
        """Write the transition's state and ``vals``; move the to-dos on."""
        transition = self._workflow[name]
        values = dict(vals or {})
        if transition.target:
            values[self._workflow_state_field] = transition.target
        # A step is always in the chatter, whatever the caller's context.
        records = self._workflow_sudo().with_context(
            tracking_disable=False, mail_notrack=False
        )
        if values:
            records.write(values)
        if transition.target:
            records._workflow_close_todos()
            if transition.todo:
                for record in records:
                    record._workflow_open_todo(
                        record._workflow_todo_users(transition), transition.todo
                    )
        return True

    def _workflow_run(self, name, vals=None):
        self._workflow_start(name)
        return self._workflow_finish(name, vals)

    def _workflow_open_wizard(self, model, title):
        """The wizard ``model`` of a step on this record, in a dialog.

        The wizard's link to the record is its one stored many2one to this
        model (``loan_id``, ``list_id``...), filled by default; the wizard's
        action takes the step, with its checks.
        """
        self.ensure_one()
        (link,) = [
            name
            for name, field in self.env[model]._fields.items()
            if field.type == "many2one"
            and field.comodel_name == self._name
            and field.store
            and not field.related
        ]
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_%s" % link: self.id},
        }
