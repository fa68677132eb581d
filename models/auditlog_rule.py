# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from ..tools.rehab_rules import CITIZEN_ID_FIELDS

# Mail bookkeeping: its own history, not the record's.
MAIL_FIELDS = frozenset(
    {
        "message_ids",
        "message_follower_ids",
        "activity_ids",
        "website_message_ids",
        "message_main_attachment_id",
    }
)


class AuditlogRule(models.Model):
    """The audit trail holds what people entered, never drug-rehab history.

    On the programme's models, a field restricted to some groups (the rehab
    history of a person: route, facility, dates, decision, conduct, why not
    eligible) and a file are neither read nor written into the trail, whatever
    the rule says. Nor are computed fields (eligibility, totals, related
    values), which follow from what was entered and are recomputed by the
    server, nor the mail bookkeeping, which has its own history. The lines
    of a record (one2many fields: a list's lines) are in the trail when a
    user adds or removes them in the record's form; the server's own writes
    (its steps and scheduled runs, in sudo) change no line by hand, and their
    trail does not read the lines (marking a province's lists late would read
    tens of thousands of them before and after).
    """

    _inherit = "auditlog.rule"

    @api.model
    def _rehab_unlogged_fields(self, model_name):
        if not model_name.startswith("rehab."):
            return set()
        return {
            name
            for name, field in self.env[model_name]._fields.items()
            if field.groups
            or name in CITIZEN_ID_FIELDS
            or field.compute
            or field.type == "binary"
            or name in MAIL_FIELDS
        }

    @api.model
    def get_auditlog_fields(self, model):
        unlogged = self._rehab_unlogged_fields(model._name)
        if unlogged and model.env.su:
            unlogged |= {
                name
                for name, field in model._fields.items()
                if field.type == "one2many"
            }
        return [
            name for name in super().get_auditlog_fields(model) if name not in unlogged
        ]

    def create_logs(  # noqa: PLR0917 (auditlog's signature)
        self,
        uid,
        res_model,
        res_ids,
        method,
        old_values=None,
        new_values=None,
        additional_log_values=None,
    ):
        unlogged = self._rehab_unlogged_fields(res_model)
        if unlogged:
            old_values, new_values = (
                values
                and {
                    res_id: {k: v for k, v in fields_.items() if k not in unlogged}
                    for res_id, fields_ in values.items()
                }
                for values in (old_values, new_values)
            )
        return super().create_logs(
            uid,
            res_model,
            res_ids,
            method,
            old_values,
            new_values,
            additional_log_values,
        )
