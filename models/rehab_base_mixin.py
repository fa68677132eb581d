# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_date, get_lang

from ..tools import rehab_rules


def quiet_domain(domain):
    """``domain`` with its terms "=" / "!=" (or "<>") on a list written "in" /
    "not in", as Odoo's expression would rewrite them, without its warning."""
    if not isinstance(domain, (list, tuple)):
        return domain
    return [
        (term[0], "in" if term[1] == "=" else "not in", term[2])
        if (
            isinstance(term, (list, tuple))
            and len(term) == 3
            and isinstance(term[1], str)
            and term[1] in ("=", "!=", "<>")
            and isinstance(term[2], (list, tuple))
        )
        else term
        for term in domain
    ]


class RehabBaseMixin(models.AbstractModel):
    """What every record of the programme does: its models, its wizards and
    its reports list this mixin in their ``_inherit`` (as OCA's
    ``tier.validation`` attaches its behaviour), so do the host's models the
    programme adds fields to (companies, users, the audit log), for those
    fields only; Odoo's other models are left as they are.

    What a programme record derives from other fields is never sent in.

    A stored related or computed field (a province taken from the agency, a
    figure counted from lines) follows its sources: a client writing it
    directly would move the record (capital into another province) or state a
    false figure. The ORM's own recomputation does not go through write().

    Nor does a value the field cannot hold reach the ORM or the database
    (``_rehab_check_values``): it is refused with the field's label.
    """

    _name = "rehab.base.mixin"
    _description = "Record of the programme"

    # Searches

    def _where_calc(self, domain, active_test=True):
        """Odoo's own normalization of a term "=" or "!=" with a list ("in",
        "not in"), made before Odoo makes it: Odoo writes the whole term, its
        values included, to the server's log as a warning, and the values
        may be citizen IDs a user typed (a list of guesses)."""
        return super()._where_calc(quiet_domain(domain), active_test)

    # The agency's day

    def _rehab_today(self):
        """Today in the agency's time zone (Asia/Ho_Chi_Minh unless the
        company says otherwise), whatever the client's or the user's ``tz``:
        the day of every guard, default and run of the programme."""
        return self._rehab_date()

    def _rehab_date(self, moment=None):
        """The agency's date at ``moment`` (a naive UTC datetime; now if not
        given: the server's clock, or the step the demo's engine plays in
        this thread, see tools/rehab_rules.story_clock)."""
        return rehab_rules.agency_date(
            moment or rehab_rules.agency_now(), self.env.company.sudo()._rehab_tz()
        )

    # Dates and amounts as the programme writes them

    def _rehab_lang(self):
        """The language the programme's dates and amounts are written in:
        Vietnamese where it is installed, whoever reads."""
        installed = dict(self.env["res.lang"].get_installed())
        return "vi_VN" if "vi_VN" in installed else self.env.lang or "en_US"

    def _rehab_format_date(self, day, date_format="dd/MM/yyyy"):
        """«05/02/2026» (``date_format`` a Babel pattern: «MM/yyyy» for a
        month); empty when there is no date."""
        if not day:
            return ""
        return format_date(
            self.env, day, lang_code=self._rehab_lang(), date_format=date_format
        )

    def _rehab_format_amount(self, amount):
        """«1.234.567»: whole đồng grouped as in Vietnamese; the message
        says «đồng» after it. Odoo's ``format_amount`` would add the
        currency's symbol («₫») where the programme's messages write «đồng»."""
        lang = self.env["res.lang"].browse(get_lang(self.env, self._rehab_lang()).id)
        return lang.format("%.0f", amount or 0, grouping=True)

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

    def _rehab_check_vals_list(self, vals_list):
        """For the overrides that read the values before ``super()``: the
        values checked first (this class comes last in their order)."""
        for vals in vals_list:
            self._rehab_check_values(vals)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._rehab_refuse_derived(vals)
            self._rehab_check_values(vals)
        self._rehab_check_wizard_targets(*vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._rehab_refuse_derived(vals)
        self._rehab_check_values(vals)
        self._rehab_check_wizard_targets(vals)
        return super().write(vals)

    @api.model
    def default_get(self, fields_list):
        """The defaults of a wizard (``default_loan_id`` in the client's
        context, filled after the values given to ``create``) are checked as
        the values given: the same gate whichever way a target comes in."""
        values = super().default_get(fields_list)
        self._rehab_check_wizard_targets(values)
        return values

    def _rehab_check_wizard_targets(self, *vals_list):
        """A wizard of the programme works on records its user may read: one
        made on another agency's session or loan would show its date and
        number (the wizard's related fields read through sudo). Checked on
        the values given and on the defaults (``default_get``); the targets of
        many lines at once (a list's 650 people) in one check a model."""
        if self.env.su or not self._transient or not self._name.startswith("rehab."):
            return
        targets = {}
        for vals in vals_list:
            for name, value in vals.items():
                field = self._fields.get(name)
                if (
                    field
                    and field.type == "many2one"
                    and field.comodel_name.startswith("rehab.")
                    and isinstance(value, (int, models.BaseModel))
                    and not isinstance(value, bool)
                    and value
                ):
                    ids = value.ids if isinstance(value, models.BaseModel) else [value]
                    targets.setdefault(field.comodel_name, set()).update(ids)
        for model, ids in targets.items():
            self.env[model].browse(sorted(ids)).check_access("read")

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
        # A person is named only to who may read them (a conduct entry, a
        # worker): the other owners are read through sudo as before. The
        # real user decides, even in sudo (``name_search`` computes the
        # display names of what it found through sudo).
        hidden = set()
        if owner and self._fields[owner].comodel_name == "rehab.person":
            people = self.sudo()[owner]
            readable = people.with_user(self.env.uid)._filtered_access("read")
            hidden = set((people - readable.sudo()).ids)
        for record in self:
            if not record.id:
                record.display_name = what
                continue
            parts = [what]
            if owner and record[owner] and record[owner].id not in hidden:
                parts.append(record[owner].sudo().display_name)
            if day and record[day]:
                parts.append(format_date(self.env, record[day]))
            elif year and record.year:
                parts.append(str(record.year))
            record.display_name = " – ".join(parts)
