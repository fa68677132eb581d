# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools import commune_merge


class RehabCommuneMerge(models.TransientModel):
    """Merge several communes into one, or split one by village: the
    programme administrator maps the old communes to the new, previews what
    moves, then applies (res.company._rehab_merge_communes)."""

    _name = "rehab.commune.merge"
    _inherit = ["rehab.base.mixin"]
    _description = "Merge or split communes"

    mode = fields.Selection(
        [("merge", "Merge communes into one"), ("split", "Split a commune by village")],
        required=True,
        default="merge",
    )
    old_company_ids = fields.Many2many(
        "res.company",
        "rehab_commune_merge_old_rel",
        "wizard_id",
        "company_id",
        string="Old communes",
        domain="[('agency_type', '=', 'commune')]",
        help="The communes dissolved by the merge.",
    )
    old_company_id = fields.Many2one(
        "res.company",
        string="Commune to split",
        domain="[('agency_type', '=', 'commune')]",
    )
    target_company_id = fields.Many2one(
        "res.company",
        string="New commune",
        domain="[('agency_type', '=', 'commune')]",
        help="The commune the old communes are merged into. In a split, the "
        "commune that takes the establishments and the transaction points.",
    )
    village_ids = fields.One2many(
        "rehab.commune.merge.village", "wizard_id", string="Villages"
    )
    state = fields.Selection(
        [("draft", "Mapping"), ("preview", "Preview")], default="draft", readonly=True
    )
    preview = fields.Text(readonly=True)

    @api.onchange("mode", "old_company_ids", "old_company_id", "target_company_id")
    def _onchange_mapping(self):
        self.state = "draft"
        self.preview = False

    def _mapping(self):
        """{old commune id: target} for the model (tools/commune_merge.py)."""
        self.ensure_one()
        # The ids chosen, whoever may read them: the model checks the right.
        wizard = self.sudo()
        target = wizard.target_company_id.id
        if wizard.mode == "merge":
            return dict.fromkeys(wizard.old_company_ids.ids, target)
        if not wizard.old_company_id:
            return {}
        villages = {
            line.village or "": line.target_company_id.id
            for line in wizard.village_ids
            if line.target_company_id
        }
        return {wizard.old_company_id.id: {"villages": villages, "seat": target}}

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_load_villages(self):
        """The villages of the commune to split, one line each."""
        self.ensure_one()
        villages = self.env["res.company"]._rehab_merge_villages(self.old_company_id)
        known = {commune_merge.village_key(line.village) for line in self.village_ids}
        self.village_ids = [
            fields.Command.create({"village": village})
            for village in villages
            if commune_merge.village_key(village) not in known
        ]
        return self._reopen()

    def action_preview(self):
        self.ensure_one()
        counts = self.env["res.company"]._rehab_merge_communes(
            self._mapping(), dry_run=True
        )
        self.write(
            {
                "preview": self.env["res.company"]._rehab_merge_preview_text(counts),
                "state": "preview",
            }
        )
        return self._reopen()

    def action_apply(self):
        self.ensure_one()
        self.env["res.company"]._rehab_merge_communes(self._mapping())
        return {"type": "ir.actions.act_window_close"}
