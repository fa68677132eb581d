# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Merging communes, the plan (res_company_merge.py checks and applies it,
res_company_merge_apply.py moves the records): where each record of an old
commune goes, the open lists and transaction points that join, the villages
of a split, and the counts the preview shows."""

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import commune_merge
from .res_company_merge import MOVED_MODELS, OPEN_LIST_STATES


class ResCompanyMergePlan(models.Model):
    _inherit = "res.company"

    @api.model
    def _rehab_merge_plan(self, mapping):
        """Where each record goes: {model: {record id: commune id}}, the
        records kept {kind: {old id: count}}, and the refusals checked. A
        fixed number of queries a model."""
        env = self.env(su=True)
        olds = env["res.company"].browse(list(mapping))
        cr = self.env.cr
        moves = {}
        villages = {}
        for model, __, by_village in MOVED_MODELS:
            Model = env[model].with_context(active_test=False)
            fields_read = ["company_id"] + (["village"] if by_village else [])
            rows = Model.search_read([("company_id", "in", olds.ids)], fields_read)
            plan = {}
            for row in rows:
                old_id = row["company_id"][0]
                target = mapping[old_id]
                if by_village and commune_merge.is_split(target):
                    villages.setdefault(old_id, set()).add(row["village"] or "")
                    plan[row["id"]] = commune_merge.target_of(target, row["village"])
                else:
                    plan[row["id"]] = commune_merge.seat_of(target)
            moves[model] = plan
        # A split refused until every village present is mapped.
        for old in olds:
            target = mapping[old.id]
            if not commune_merge.is_split(target):
                continue
            unmapped = commune_merge.unmapped_villages(villages.get(old.id, ()), target)
            if unmapped:
                raise UserError(
                    _(
                        "Map every village of %(commune)s before splitting it; "
                        "not mapped: %(villages)s.",
                        commune=old.name,
                        villages=", ".join(v or _("(no village)") for v in unmapped),
                    )
                )
            if not commune_merge.seat_of(target) and (
                moves["rehab.establishment"] or moves["rehab.transaction.point"]
            ):
                raise UserError(
                    _(
                        "Choose the commune that takes the establishments and "
                        "the transaction points of %(commune)s.",
                        commune=old.name,
                    )
                )
        moves["rehab.transaction.point"], moves["point_merges"] = (
            self._rehab_merge_plan_points(env, moves["rehab.transaction.point"])
        )
        # Open lists: one list a commune and month.
        lists = env["rehab.monthly.list"].search_read(
            [("company_id", "in", olds.ids), ("state", "in", OPEN_LIST_STATES)],
            ["company_id", "month_date", "name"],
        )
        split_lists = [
            row
            for row in lists
            if commune_merge.is_split(mapping[row["company_id"][0]])
        ]
        if split_lists:
            raise UserError(
                _(
                    "A commune is split only with no monthly list open: confirm "
                    "or finish %(lists)s first.",
                    lists=", ".join(row["name"] or "" for row in split_lists),
                )
            )
        moves["rehab.monthly.list"], moves["list_merges"] = (
            self._rehab_merge_plan_lists(env, mapping, lists)
        )
        # Loans follow their borrower.
        loans = env["rehab.loan"].search_read(
            [("company_id", "in", olds.ids)],
            ["company_id", "borrower_type", "person_id", "establishment_id"],
        )
        people, establishments = moves["rehab.person"], moves["rehab.establishment"]
        moves["rehab.loan"] = {
            row["id"]: (
                people.get(row["person_id"] and row["person_id"][0])
                if row["borrower_type"] == "person"
                else establishments.get(
                    row["establishment_id"] and row["establishment_id"][0]
                )
            )
            or commune_merge.seat_of(mapping[row["company_id"][0]])
            for row in loans
        }
        # A loan whose borrower moves nowhere (not a person of the commune
        # split) goes to the seat: a split without one is refused, never a
        # loan left without a commune.
        homeless = [row for row in loans if not moves["rehab.loan"][row["id"]]]
        if homeless:
            raise UserError(
                _(
                    "Choose the commune that takes the loans of %(commune)s "
                    "whose borrower has no village mapped.",
                    commune=", ".join({row["company_id"][1] or "" for row in homeless}),
                )
            )
        # Kept, counted.
        kept = {
            "closed_lists": self._rehab_merge_count(
                "rehab.monthly.list",
                olds,
                [("state", "not in", OPEN_LIST_STATES)],
            ),
            "slips": self._rehab_merge_count("rehab.referral.slip", olds),
            "reports": self._rehab_merge_count("rehab.report", olds),
        }
        cr.execute(
            SQL(
                "SELECT cid, count(*) FROM res_company_users_rel "
                "WHERE cid = ANY(%s) GROUP BY cid",
                olds.ids,
            )
        )
        kept["users"] = dict(cr.fetchall())
        return moves, kept

    @api.model
    def _rehab_merge_plan_lists(self, env, mapping, lists):
        """One list a commune and month: an open list of an old commune goes
        to the new commune, or, when the new commune already has an open list
        of that month (its own, or another old commune's moved there), its
        lines go to that list and the emptied draft is deleted. A month the
        new commune has already closed is refused.

        Returns ({list id: commune id} moved, {list id: list id} merged).
        """
        targets = {mapping[row["company_id"][0]] for row in lists}
        taken = {
            (row["company_id"][0], row["month_date"]): (
                row["id"],
                row["state"] in OPEN_LIST_STATES,
            )
            for row in env["rehab.monthly.list"].search_read(
                [("company_id", "in", sorted(targets))],
                ["company_id", "month_date", "state"],
            )
        }
        moved, merged, closed = {}, {}, set()
        for row in sorted(lists, key=lambda r: (r["month_date"], r["id"])):
            target = mapping[row["company_id"][0]]
            key = (target, row["month_date"])
            if key not in taken:
                taken[key] = (row["id"], True)
                moved[row["id"]] = target
            elif taken[key][1]:
                merged[row["id"]] = taken[key][0]
            else:
                closed.add(row["month_date"])
        if closed:
            raise UserError(
                _(
                    "The new commune has already closed its monthly list of "
                    "%(months)s: confirm or finish the open lists of the old "
                    "communes for that month first.",
                    months=", ".join(
                        self._rehab_format_date(month, "MM/yyyy")
                        for month in sorted(closed)
                    ),
                )
            )
        return moved, merged

    @api.model
    def _rehab_merge_plan_points(self, env, plan):
        """A transaction office keeps one point a commune: the point of an old
        commune whose office already has one in its new commune (or whose
        office has another old point going there) is not moved; its sessions
        go to that point and it is archived, with the old commune.

        Returns ({point id: commune id} moved, {point id: point id} merged).
        """
        Point = env["rehab.transaction.point"].with_context(active_test=False)
        points = Point.browse(sorted(plan))
        existing = {
            (point.company_id.id, point.vbsp_office_id.id): point.id
            for point in Point.search(
                [("company_id", "in", sorted(set(plan.values())))]
            )
        }
        moved, merged = {}, {}
        for point in points:
            key = (plan[point.id], point.vbsp_office_id.id)
            if key in existing:
                merged[point.id] = existing[key]
            else:
                existing[key] = point.id
                moved[point.id] = plan[point.id]
        return moved, merged

    @api.model
    def _rehab_merge_count(self, model, olds, domain=()):
        groups = (
            self.env(su=True)[model]
            .with_context(active_test=False)
            ._read_group(
                [("company_id", "in", olds.ids), *domain], ["company_id"], ["__count"]
            )
        )
        return {company.id: count for company, count in groups}

    @api.model
    def _rehab_merge_counts(self, mapping, moves, kept):
        """{old id: {kind: count}} of what the merge moves and keeps."""
        kinds = {
            "rehab.person": "people",
            "rehab.establishment": "establishments",
            "rehab.savings.group": "savings_groups",
            "rehab.transaction.point": "transaction_points",
            "rehab.monthly.list": "open_lists",
            "rehab.loan": "loans",
        }
        env = self.env(su=True)
        kinds_all = commune_merge.MOVED_KINDS + commune_merge.KEPT_KINDS
        counts = {old_id: dict.fromkeys(kinds_all, 0) for old_id in mapping}
        for old_id, count in self._rehab_merge_count(
            "rehab.transaction.point",
            env["res.company"].browse(list(mapping)),
            [("id", "in", list(moves["point_merges"]))],
        ).items():
            counts[old_id]["transaction_points"] += count
        for old_id, count in self._rehab_merge_count(
            "rehab.monthly.list",
            env["res.company"].browse(list(mapping)),
            [("id", "in", list(moves["list_merges"]))],
        ).items():
            counts[old_id]["open_lists"] += count
        for model, plan in moves.items():
            if not plan or model not in kinds:
                continue
            rows = env[model].with_context(active_test=False).browse(list(plan))
            for row in rows.read(["company_id"], load=None):
                counts[row["company_id"]][kinds[model]] += 1
        for kind, by_old in kept.items():
            for old_id, count in by_old.items():
                counts[old_id][kind] = count
        return counts

    @api.model
    def _rehab_merge_villages(self, commune):
        """The villages written on the people (archived too) and the savings
        groups of ``commune``, each once ("" for none), for the split."""
        commune = commune.sudo()
        self._rehab_merge_check_right(commune)
        env = self.env(su=True)
        villages = {}
        for model in ("rehab.person", "rehab.savings.group"):
            groups = (
                env[model]
                .with_context(active_test=False)
                ._read_group([("company_id", "=", commune.id)], ["village"])
            )
            for (village,) in groups:
                villages.setdefault(
                    commune_merge.village_key(village),
                    " ".join((village or "").split()),
                )
        return sorted(villages.values())
