# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Merging and splitting communes (the 2025 two-level local government reform).

The work of an old commune moves to its new commune(s): the registry (archived
people too), the establishments, the savings groups, the open monthly lists,
the loans with their ledger, the transaction points, the communes the
transaction offices serve and the users. What is closed stays with the old
commune, as it was signed: the confirmed lists, the referral slips and the
reports; the users of the new commune read them through ``merged_into_ids``
(security rules of those models). The old commune is archived.
"""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import commune_merge
from ..tools.roles import ADMIN, NATIONAL_ADMIN

OPEN_LIST_STATES = ("draft", "submitted", "returned")
# Moved by the commune itself: (model, label of the kind, placed by village).
MOVED_MODELS = (
    ("rehab.person", "people", True),
    ("rehab.establishment", "establishments", False),
    ("rehab.savings.group", "savings_groups", True),
    ("rehab.transaction.point", "transaction_points", False),
)


class ResCompanyMerge(models.Model):
    _inherit = "res.company"

    merged_into_ids = fields.Many2many(
        "res.company",
        "res_company_merged_into_rel",
        "old_id",
        "new_id",
        string="Merged into",
        readonly=True,
        copy=False,
        help="The commune(s) this dissolved commune was merged or split into. "
        "Its closed monthly lists, referral slips and reports stay with it, "
        "and the users of these communes read them.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._rehab_merge_refuse_by_hand(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._rehab_merge_refuse_by_hand([vals])
        return super().write(vals)

    def _rehab_merge_refuse_by_hand(self, vals_list):
        """Who a commune was merged into opens its kept records to that
        commune's users: set by the merge only, never sent in by a client."""
        if not self.env.su and any("merged_into_ids" in vals for vals in vals_list):
            raise UserError(
                _(
                    "A commune is merged into another only through «Merge or "
                    "split communes»."
                )
            )

    # The plan

    def _rehab_merge_labels(self):
        return {
            "people": _("People (archived too)"),
            "establishments": _("Establishments"),
            "savings_groups": _("Savings groups"),
            "open_lists": _("Open monthly lists"),
            "loans": _("Loans"),
            "transaction_points": _("Transaction points"),
            "users": _("Users"),
            "closed_lists": _("Closed monthly lists (kept)"),
            "slips": _("Referral slips (kept)"),
            "reports": _("Reports (kept)"),
        }

    @api.model
    def _rehab_merge_check_right(self, communes):
        """A programme administrator of the communes' province (a national
        administrator everywhere); nobody else."""
        user = self.env.user
        if not user.has_group(ADMIN):
            raise AccessError(
                _("Only a programme administrator merges or splits communes.")
            )
        if user.has_group(NATIONAL_ADMIN):
            return
        foreign = communes.filtered(
            lambda c: c.province_id not in user.company_ids.sudo().province_id
        )
        if foreign:
            raise AccessError(
                _(
                    "You administer the programme of other provinces than "
                    "that of %(communes)s.",
                    communes=", ".join(foreign.mapped("name")),
                )
            )

    @api.model
    def _rehab_merge_check_mapping(self, mapping):
        """The old communes and their targets: communes, of one province, none
        already merged, none onto itself or onto another old commune."""
        Company = self.sudo().with_context(active_test=False)
        if not mapping:
            raise UserError(_("Choose the communes to merge or split."))
        if not all(
            commune_merge.targets_of(t) and all(commune_merge.targets_of(t))
            for t in mapping.values()
        ):
            raise UserError(_("Every old commune needs the commune it goes to."))
        olds = Company.browse(list(mapping))
        targets = Company.browse(
            sorted(set().union(*map(commune_merge.targets_of, mapping.values())))
        )
        missing = (olds | targets) - (olds | targets).exists()
        if missing:
            raise UserError(_("A commune of the mapping does not exist."))
        self._rehab_merge_check_right(olds | targets)
        wrong = (olds | targets).filtered(lambda c: c.agency_type != "commune")
        if wrong:
            raise UserError(
                _(
                    "Only communes are merged or split: %(agencies)s is not a commune.",
                    agencies=", ".join(wrong.mapped("name")),
                )
            )
        onto_itself = olds & targets
        if onto_itself:
            raise UserError(
                _(
                    "%(communes)s cannot be merged into itself or into a "
                    "commune dissolved by the same merge.",
                    communes=", ".join(onto_itself.mapped("name")),
                )
            )
        dissolved = (olds | targets).filtered(
            lambda c: c.merged_into_ids or not c.active
        )
        if dissolved:
            raise UserError(
                _(
                    "%(communes)s was already merged or is archived.",
                    communes=", ".join(dissolved.mapped("name")),
                )
            )
        if len((olds | targets).province_id) != 1:
            raise UserError(
                _("All the communes of a merge or a split are of one province.")
            )
        return olds, targets

    @api.model
    def _rehab_merge_preview_text(self, counts):
        """What a merge moves and keeps, per old commune, in words."""
        labels = self._rehab_merge_labels()
        Company = self.env(su=True)["res.company"].with_context(active_test=False)
        blocks = []
        for old_id, by_kind in counts.items():
            lines = [Company.browse(old_id).name]
            lines += [
                "  %s: %s" % (labels[kind], by_kind[kind])
                for kind in commune_merge.MOVED_KINDS + commune_merge.KEPT_KINDS
            ]
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    # Apply

    @api.model
    def _rehab_merge_communes(self, mapping, dry_run=False):
        """Merge or split the old communes of ``mapping`` (see
        tools/commune_merge.py), all or nothing. Returns {old id: {kind:
        count}}; with ``dry_run``, counts only and writes nothing.

        The caller's role is checked first; the records then move through the
        superuser in bulk (one update a model and a target commune), past the
        guards of each record's workflow: the company of a list or a loan
        never changes otherwise.
        """
        mapping = {int(old): target for old, target in mapping.items()}
        olds, targets = self._rehab_merge_check_mapping(mapping)
        moves, kept = self._rehab_merge_plan(mapping)
        counts = self._rehab_merge_counts(mapping, moves, kept)
        if dry_run:
            return counts
        env = self.env(su=True)
        self._rehab_merge_points(env, moves.pop("point_merges"))
        self._rehab_merge_lists(env, moves.pop("list_merges"))
        for model, plan in moves.items():
            self._rehab_merge_move(env[model], plan)
        self._rehab_merge_offices(env, mapping)
        self._rehab_merge_users(env, mapping)
        # Who read the old commune's kept records reads them still: the
        # communes merged earlier into an old one follow it.
        olds = olds.with_env(env).with_context(active_test=False)
        earlier = (
            env["res.company"]
            .with_context(active_test=False)
            .search([("merged_into_ids", "in", olds.ids)])
        )
        for old in olds:
            new = commune_merge.targets_of(mapping[old.id])
            old.merged_into_ids = [fields.Command.set(sorted(new))]
            for previous in earlier.filtered(lambda c, o=old: o in c.merged_into_ids):
                previous.merged_into_ids = [fields.Command.link(c) for c in new]
        olds.write({"active": False})
        self._rehab_merge_audit(env, mapping, counts)
        env.flush_all()
        return counts
