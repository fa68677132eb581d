# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class RehabStepLinesMixin(models.AbstractModel):
    """Lines only the steps of their record write, never a user by hand.

    A loan's instalments, a classification's lines: the steps make, change and
    remove them in-process (in sudo); any other create, write or delete is
    refused with the model's ``_refuse_change``, which says how they change.
    ``_step_lines_kept`` names the lines not even a step changes any more (those
    of an approved classification).
    """

    _name = "rehab.step.lines.mixin"
    _description = "Lines written only by the steps of their record"

    def _refuse_change(self):
        """Raise the refusal a person reads: how these lines change."""
        raise NotImplementedError

    def _step_lines_kept(self):
        return False

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._refuse_change()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su or self._step_lines_kept():
            self._refuse_change()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_by_steps(self):
        if not self.env.su or self._step_lines_kept():
            self._refuse_change()
