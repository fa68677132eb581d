# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_date

from . import rehab_rules


class Base(models.AbstractModel):
    """What a programme record derives from other fields is never sent in.

    A stored related or computed field (a province taken from the agency, a
    figure counted from lines) follows its sources: a client writing it
    directly would move the record (capital into another province) or state a
    false figure. The ORM's own recomputation does not go through write().
    """

    _inherit = "base"

    # The agency's day

    def _rehab_today(self):
        """Today in the agency's time zone (Asia/Ho_Chi_Minh unless the
        company says otherwise), whatever the client's or the user's ``tz``:
        the day of every guard, default and run of the programme."""
        return self._rehab_date()

    def _rehab_date(self, moment=None):
        """The agency's date at ``moment`` (a UTC datetime; now if not given)."""
        return rehab_rules.agency_date(
            moment or fields.Datetime.now(), self.env.company.sudo().agency_tz
        )

    def _rehab_refuse_derived(self, names):
        if self.env.su or self._transient or not self._name.startswith("rehab."):
            return
        derived = [
            self._fields[name]
            for name in names
            if name in self._fields
            and self._fields[name].store
            and self._fields[name].readonly
            and (self._fields[name].related or self._fields[name].compute)
        ]
        if derived:
            raise UserError(
                _(
                    "%s follow from other fields and are never written directly.",
                    ", ".join(
                        "«%s»" % field._description_string(self.env)
                        for field in derived
                    ),
                )
            )

    def check_field_access_rights(self, operation, field_names):
        """A field of the programme kept for some roles is refused in words
        a user understands: which data, and which roles keep it (not the
        technical names of the field and the model)."""
        try:
            return super().check_field_access_rights(operation, field_names)
        except AccessError:
            if not self._name.startswith("rehab.") or not field_names:
                raise
            refused = [
                self._fields[name]
                for name in field_names
                if name in self._fields
                and not self._fields[name].is_accessible(self.env)
            ]
            if not refused:
                raise
            groups = self.env["res.groups"].sudo().browse()
            for field in refused:
                for xmlid in (field.groups or "").split(","):
                    group = self.env.ref(xmlid.strip(), raise_if_not_found=False)
                    if group and group._name == "res.groups":
                        groups |= group.sudo()
            what = (
                self.env["ir.model"].sudo()._get(self._name).name or self._description
            )
            raise AccessError(
                _(
                    "%(fields)s of «%(what)s» is kept for: %(roles)s. Your role "
                    "cannot see or change it; ask one of them.",
                    fields=", ".join(
                        "«%s»" % field._description_string(self.env)
                        for field in refused
                    ),
                    what=what,
                    roles=", ".join(groups.sorted("id").mapped("name")) or "-",
                )
            ) from None

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._rehab_refuse_derived(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._rehab_refuse_derived(vals)
        return super().write(vals)

    # The words a record of the programme is called by (breadcrumbs, links,
    # access errors) when its model names none (no ``_rec_name``): what it
    # is, then the record it belongs to and its date, never «model,id».
    _REHAB_OWNER_FIELDS = (
        "loan_id",
        "sheet_id",
        "session_id",
        "review_id",
        "list_id",
        "classification_id",
        "person_id",
        "establishment_id",
        "savings_group_id",
        "company_id",
    )
    _REHAB_DATE_FIELDS = (
        "date",
        "check_date",
        "as_of_date",
        "due_date",
        "month_date",
        "period_end",
    )

    def _compute_display_name(self):
        if (
            not self._name.startswith("rehab.")
            or self._rec_name
            or self._abstract
            or self._transient
        ):
            return super()._compute_display_name()
        what = (
            self.env["ir.model"]
            .sudo()
            ._get(self._name)
            .with_context(lang=self.env.lang)
            .name
            or self._description
        )
        owner = next((n for n in self._REHAB_OWNER_FIELDS if n in self._fields), None)
        day = next(
            (
                n
                for n in self._REHAB_DATE_FIELDS
                if n in self._fields and self._fields[n].type == "date"
            ),
            None,
        )
        year = "year" in self._fields and self._fields["year"].type == "integer"
        for record in self:
            if not record.id:
                record.display_name = what
                continue
            parts = [what]
            if owner and record[owner]:
                parts.append(record[owner].sudo().display_name)
            if day and record[day]:
                parts.append(format_date(self.env, record[day]))
            elif year and record.year:
                parts.append(str(record.year))
            record.display_name = " – ".join(parts)
