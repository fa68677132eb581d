# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Merging communes, the moves themselves (res_company_merge.py checks and
plans them): the records placed by commune, the transaction points, the open
lists, the offices' communes, the users, and the audit entry of the merge."""

from odoo import _, api, fields, models
from odoo.tools import SQL

from ..tools import commune_merge


class ResCompanyMergeApply(models.Model):
    _inherit = "res.company"

    @api.model
    def _rehab_merge_move(self, Model, plan):
        """Set the commune of the records of ``plan`` {id: commune id}: one
        UPDATE a commune; what follows the commune (the stored related
        companies of lines, ledgers, members, workers) is recomputed."""
        if not plan:
            return
        Model.flush_model()
        table = SQL.identifier(Model._table)
        for commune, ids in commune_merge.group_by_target(plan).items():
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET company_id = %s, write_uid = %s, "
                    "write_date = (now() at time zone 'UTC') WHERE id = ANY(%s)",
                    table,
                    commune,
                    self.env.uid,
                    ids,
                )
            )
        records = Model.with_context(active_test=False).browse(list(plan))
        records.invalidate_recordset(["company_id", "write_uid", "write_date"])
        records.modified(["company_id"])

    @api.model
    def _rehab_merge_points(self, env, merges):
        """The sessions of the points ``merges`` {point id: kept point id}
        go to the kept point (one UPDATE a kept point); the points are
        archived and stay with their old commune."""
        if not merges:
            return
        Session = env["rehab.transaction.session"]
        Session.flush_model()
        by_kept = commune_merge.group_by_target(merges)
        sessions = Session.search([("point_id", "in", list(merges))])
        for kept, ids in by_kept.items():
            self.env.cr.execute(
                SQL(
                    "UPDATE rehab_transaction_session SET point_id = %s, "
                    "write_uid = %s, write_date = (now() at time zone 'UTC') "
                    "WHERE point_id = ANY(%s)",
                    kept,
                    self.env.uid,
                    ids,
                )
            )
        sessions.invalidate_recordset(["point_id", "write_uid", "write_date"])
        sessions.modified(["point_id"])
        env["rehab.transaction.point"].browse(list(merges)).write({"active": False})

    @api.model
    def _rehab_merge_lists(self, env, merges):
        """The lines of the open lists ``merges`` {list id: kept list id} go
        to the kept list of the new commune (one UPDATE a kept list); the
        emptied lists are deleted (open lists, never a closed one)."""
        if not merges:
            return
        Line = env["rehab.monthly.list.line"]
        Line.flush_model()
        lines = Line.search([("list_id", "in", list(merges))])
        for kept, ids in commune_merge.group_by_target(merges).items():
            self.env.cr.execute(
                SQL(
                    "UPDATE rehab_monthly_list_line SET list_id = %s, "
                    "write_uid = %s, write_date = (now() at time zone 'UTC') "
                    "WHERE list_id = ANY(%s)",
                    kept,
                    self.env.uid,
                    ids,
                )
            )
        lines.invalidate_recordset(["list_id", "write_uid", "write_date"])
        lists = env["rehab.monthly.list"].browse(list(merges))
        lists.invalidate_recordset(["line_ids"])
        lines.modified(["list_id"])
        kept_lists = env["rehab.monthly.list"].browse(set(merges.values()))
        kept_lists.invalidate_recordset(["line_ids"])
        lists.unlink()

    @api.model
    def _rehab_merge_offices(self, env, mapping):
        """The transaction offices serve the new communes instead of the old."""
        cr = env.cr
        env["res.company"].flush_model(["served_commune_ids", "vbsp_office_ids"])
        for old_id, target in mapping.items():
            for new_id in sorted(commune_merge.targets_of(target)):
                cr.execute(
                    SQL(
                        "INSERT INTO res_company_vbsp_office_commune_rel "
                        "(office_id, commune_id) SELECT office_id, %s "
                        "FROM res_company_vbsp_office_commune_rel "
                        "WHERE commune_id = %s ON CONFLICT DO NOTHING",
                        new_id,
                        old_id,
                    )
                )
        cr.execute(
            SQL(
                "DELETE FROM res_company_vbsp_office_commune_rel "
                "WHERE commune_id = ANY(%s)",
                list(mapping),
            )
        )
        env["res.company"].invalidate_model(["served_commune_ids", "vbsp_office_ids"])

    @api.model
    def _rehab_merge_users(self, env, mapping):
        """The users of an old commune work in the new one(s): added to their
        companies, made their default where the old was; the old commune is
        taken from them (they read its kept records through the new one)."""
        Users = env["res.users"].with_context(active_test=False)
        for old_id, target in mapping.items():
            new = sorted(commune_merge.targets_of(target))
            users = Users.search([("company_ids", "in", old_id)])
            if not users:
                continue
            users.write({"company_ids": [fields.Command.link(c) for c in new]})
            default = users.filtered(lambda u, o=old_id: u.company_id.id == o)
            if default:
                default.write({"company_id": commune_merge.seat_of(target) or new[0]})
            users.write({"company_ids": [fields.Command.unlink(old_id)]})

    @api.model
    def _rehab_merge_audit(self, env, mapping, counts):
        """One entry of the audit trail for each old commune, under the new
        commune (read by the province): who merged what into what, when, and
        the records moved and kept."""
        labels = self._rehab_merge_labels()
        Company = env["res.company"].with_context(active_test=False)
        field = env["ir.model.fields"]._get("res.company", "merged_into_ids")
        model = env["ir.model"]._get("res.company")
        today = self._rehab_format_date(self._rehab_today())
        vals_list = []
        for old_id, target in mapping.items():
            old = Company.browse(old_id)
            new = Company.browse(sorted(commune_merge.targets_of(target)))
            summary = _(
                "%(old)s %(how)s %(new)s by %(user)s on %(date)s. %(counts)s.",
                old=old.name,
                how=_("split into")
                if commune_merge.is_split(target)
                else _("merged into"),
                new=", ".join(new.mapped("name")),
                user=self.env.user.name,
                date=today,
                counts="; ".join(
                    "%s: %s" % (labels[kind], counts[old_id][kind])
                    for kind in commune_merge.MOVED_KINDS + commune_merge.KEPT_KINDS
                ),
            )
            vals_list.append(
                {
                    "name": new[:1].name,
                    "model_id": model.id,
                    "res_id": new[:1].id,
                    "user_id": self.env.uid,
                    "method": "merge_communes",
                    "log_type": "full",
                    "company_id": new[:1].id,
                    "line_ids": [
                        fields.Command.create(
                            {
                                "field_id": field.id,
                                "old_value": repr([]),
                                "new_value": repr(new.ids),
                                "old_value_text": old.name,
                                "new_value_text": summary,
                            }
                        )
                    ],
                }
            )
        env["auditlog.log"].create(vals_list)
