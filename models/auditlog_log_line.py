# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import ast

from odoo import _, api, fields, models
from odoo.tools import format_date, format_datetime, formatLang

EMPTY_VALUES = ("", "False", "None", "[]")


class AuditlogLogLine(models.Model):
    """A changed field, named and valued in the reader's language.

    auditlog keeps the label in the language of whoever made the change (the
    scheduled actions write in English) and the values as Python writes them
    («male», «True», «2026-05-25», «(16, 'UBND xã Châu Sơn')»); the label and
    the values shown are read from the field itself, for the reader.
    """

    _name = "auditlog.log.line"
    # The programme's checks of the values of the fields it adds here
    # (rehab.base.mixin); the audit log's own fields are left as they are.
    _inherit = ["auditlog.log.line", "rehab.base.mixin"]

    field_label = fields.Char(string="Field changed", compute="_compute_field_label")
    old_value_label = fields.Char(string="Old value", compute="_compute_value_labels")
    new_value_label = fields.Char(string="New value", compute="_compute_value_labels")

    @api.depends("field_id", "field_description")
    @api.depends_context("lang")
    def _compute_field_label(self):
        for line in self:
            line.field_label = (
                line.field_id.sudo().field_description or line.field_description
            )

    @api.depends("field_id", "old_value", "new_value", "old_value_text")
    @api.depends_context("lang")
    def _compute_value_labels(self):
        for line in self:
            line.old_value_label = line._value_label(
                line.old_value, line.old_value_text
            )
            line.new_value_label = line._value_label(
                line.new_value, line.new_value_text
            )

    def _value_label(self, value, text):
        """A logged value as the web client would show it to the reader."""
        field = self.field_id.sudo()
        model = self.env.get(field.model)
        definition = model._fields.get(field.name) if model is not None else None
        show = getattr(self, "_value_label_%s" % field.ttype, None)
        if definition is None or show is None:
            return text or ""
        if (value or "") in EMPTY_VALUES and field.ttype != "boolean":
            return ""
        try:
            return show(definition, value, text)
        except (ValueError, SyntaxError, TypeError, IndexError):
            return text or value

    def _value_label_selection(self, definition, value, text):
        return dict(definition._description_selection(self.env)).get(value, value)

    def _value_label_boolean(self, definition, value, text):
        return {"True": _("Yes"), "False": _("No")}.get(value, "")

    def _value_label_date(self, definition, value, text):
        return format_date(self.env, value)

    def _value_label_datetime(self, definition, value, text):
        return format_datetime(self.env, value)

    def _value_label_float(self, definition, value, text):
        digits = definition.get_digits(self.env)
        if digits:
            return formatLang(self.env, float(value), digits=digits[1])
        return self._value_label_monetary(definition, value, text)

    def _value_label_monetary(self, definition, value, text):
        number = float(value)
        return formatLang(self.env, number, digits=0 if number.is_integer() else 2)

    def _value_label_integer(self, definition, value, text):
        return formatLang(self.env, int(value), digits=0)

    def _value_label_many2one(self, definition, value, text):
        return str(ast.literal_eval(value)[1])

    def _value_label_many2many(self, definition, value, text):
        names = ast.literal_eval(text or "[]")
        return ", ".join(
            str(name[1]) if isinstance(name, list | tuple) else str(name)
            for name in names
        )

    _value_label_one2many = _value_label_many2many
