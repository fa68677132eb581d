# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Values a programme record refuses: of the wrong type or out of bounds.

Part of ``rehab.base.mixin`` (models/rehab_base_mixin.py), which checks every
create and write with ``_rehab_check_values``.
"""

import math
from datetime import date, datetime

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

MODULE = "post_rehab_credit"
# Sane bounds of what a client may send, whatever the field: amounts in đồng
# and counts stay far below them; the database's integer is 32 bits.
MAX_NUMBER = 10**15
MAX_INTEGER = 2**31 - 1
FIRST_DAY = date(1800, 1, 1)
LAST_DAY = date(2999, 12, 31)
# The check of each type of field (methods of the mixin below).
VALUE_CHECKS = {
    "float": "_rehab_number_problem",
    "monetary": "_rehab_number_problem",
    "integer": "_rehab_number_problem",
    "selection": "_rehab_selection_problem",
    "many2one": "_rehab_many2one_problem",
    "date": "_rehab_date_problem",
    "datetime": "_rehab_date_problem",
    "char": "_rehab_text_problem",
    "text": "_rehab_text_problem",
    "html": "_rehab_text_problem",
    "one2many": "_rehab_x2many_problem",
    "many2many": "_rehab_x2many_problem",
    "boolean": "_rehab_boolean_problem",
}


class _Label:
    """The field's label in the user's language, looked up only when a
    message names it (most values are good)."""

    __slots__ = ("env", "field")

    def __init__(self, field, env):
        self.field = field
        self.env = env

    def __str__(self):
        return self.field._description_string(self.env)


class RehabBaseMixin(models.AbstractModel):
    _inherit = "rehab.base.mixin"

    # Values of the wrong type or out of bounds

    def _rehab_checked_fields(self, names):
        """The programme's fields among ``names``: every field of its own
        models and wizards (``rehab.*``), the fields it adds to the others."""
        own = self._name.startswith("rehab.")
        if not own and not self._rehab_added_fields():
            return
        for name in names:
            field = self._fields.get(name)
            if field and (own or field._module == MODULE):
                yield field

    @api.model
    @tools.ormcache()
    def _rehab_added_fields(self):
        """The fields the programme adds to a model that is not its own
        (cached per model: most of the host's models have none)."""
        return frozenset(
            name for name, field in self._fields.items() if field._module == MODULE
        )

    def _rehab_check_values(self, vals):
        """Refuse, with the field's label, a value the field cannot hold.

        Whatever a client sends (text or a list for an amount, NaN, Infinity,
        1e300, a choice outside a selection, a text for a record, a date that
        does not exist or in the year 9999): a clear ValidationError before
        anything is written, instead of the ORM's or the database's error.
        """
        if not isinstance(vals, dict):
            return
        for field in self._rehab_checked_fields(list(vals)):
            problem = self._rehab_value_problem(field, vals[field.name])
            if problem:
                raise ValidationError(problem)

    def _rehab_value_problem(self, field, value):
        """What is wrong with ``value`` for ``field`` (a text), or None."""
        if value is None or value is False:
            return None
        check = VALUE_CHECKS.get(field.type)
        if not check:
            return None
        return getattr(self, check)(field, value, _Label(field, self.env))

    def _rehab_number_problem(self, field, value, label):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return _("«%s» must be a number.", label)
        if not math.isfinite(value):
            return _("«%s» must be a finite number.", label)
        bound = MAX_NUMBER
        if field.type == "integer":
            if value != int(value):
                return _("«%s» must be a whole number.", label)
            bound = MAX_INTEGER
        if abs(value) > bound:
            return _(
                "«%(field)s» must be between -%(max)s and %(max)s.",
                field=label,
                max=self._rehab_format_amount(bound),
            )
        return None

    def _rehab_selection_problem(self, field, value, label):
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            return _("«%s» must be one of its choices.", label)
        if value not in field.get_values(self.env):
            return _(
                "«%(value)s» is not one of the choices of «%(field)s».",
                value=str(value)[:40],
                field=label,
            )
        return None

    def _rehab_many2one_problem(self, field, value, label):
        if isinstance(value, models.BaseModel):
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 0 <= value <= MAX_INTEGER
        ):
            return _("«%s» must be a record.", label)
        return None

    def _rehab_text_problem(self, field, value, label):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return _("«%s» must be a text.", label)
        return None

    def _rehab_x2many_problem(self, field, value, label):
        if not isinstance(value, (list, tuple, models.BaseModel)):
            return _("«%s» must be a list of records.", label)
        return None

    def _rehab_boolean_problem(self, field, value, label):
        if isinstance(value, (list, tuple, dict)):
            return _("«%s» must be yes or no.", label)
        return None

    def _rehab_date_problem(self, field, value, label):
        if isinstance(value, str):
            try:
                value = (
                    fields.Date.to_date(value)
                    if field.type == "date"
                    else fields.Datetime.to_datetime(value)
                )
            except ValueError:
                value = None
        if not isinstance(value, date):
            return _("«%s» must be a valid date.", label)
        day = value.date() if isinstance(value, datetime) else value
        if not FIRST_DAY <= day <= LAST_DAY:
            return _(
                "«%(field)s» must be a date between %(first)s and %(last)s.",
                field=label,
                first=self._rehab_format_date(FIRST_DAY),
                last=self._rehab_format_date(LAST_DAY),
            )
        return None
