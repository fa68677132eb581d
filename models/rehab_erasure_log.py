# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class RehabErasureLog(models.Model):
    """What the retention run erased of a person, and when.

    Law 91/2025/QH15: personal data are kept no longer than needed. When the
    retention period after a person's archiving has passed, the daily run
    erases their sensitive data (rehab_person_erasure) and writes here, one
    entry per person: which fields it erased (their names, never their
    values), how many conduct entries, audit trail lines and chatter
    tracking values it cleared, what it kept and why. Its own model rather
    than an access-log channel: the access log says who read what, this says
    what the server destroyed; neither is ever changed or deleted.
    """

    _name = "rehab.erasure.log"
    _inherit = ["rehab.base.mixin"]
    _description = "Erasure of sensitive personal data"
    _order = "erasure_time desc, id desc"
    _rec_name = "erasure_time"

    person_id = fields.Many2one(
        "rehab.person",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company", string="Commune", readonly=True, ondelete="set null"
    )
    province_id = fields.Many2one(
        "res.company", readonly=True, index=True, ondelete="set null"
    )
    erasure_time = fields.Datetime(string="Erased at", required=True, readonly=True)
    erasure_day = fields.Date(
        string="Erased on", required=True, readonly=True, help="The day in Viet Nam."
    )
    archived_date = fields.Date(string="Archived on", readonly=True)
    retention_years = fields.Integer(string="Retention (years)", readonly=True)
    field_names = fields.Char(string="Technical field names", readonly=True)
    field_labels = fields.Char(
        string="Fields erased",
        compute="_compute_field_labels",
        help="The fields that held a value and were erased, in the reader's "
        "language; never their values.",
    )
    kept_note = fields.Char(
        string="Kept",
        compute="_compute_field_labels",
        help="What the person's record keeps, for the loans and the confirmed "
        "monthly lists that name them.",
    )
    conduct_count = fields.Integer(string="Conduct entries deleted", readonly=True)
    attachment_count = fields.Integer(string="Files deleted", readonly=True)
    audit_line_count = fields.Integer(string="Audit trail lines cleared", readonly=True)
    tracking_value_count = fields.Integer(
        string="Chatter tracking values cleared", readonly=True
    )

    @api.depends("field_names")
    @api.depends_context("lang")
    def _compute_field_labels(self):
        person_fields = self.env["rehab.person"]._fields
        kept = ", ".join(
            person_fields[name]._description_string(self.env)
            for name in ("name", "citizen_id", "birth_date", "gender", "village")
        )
        for entry in self:
            names = [
                name.strip() for name in (entry.field_names or "").split(",") if name
            ]
            entry.field_labels = ", ".join(
                person_fields[name]._description_string(self.env)
                if name in person_fields
                else name
                for name in names
            )
            entry.kept_note = kept

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(
                _("Entries of erasure are written by the retention run only.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if vals:
            raise UserError(_("An entry of erasure is never changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(_("An entry of erasure is never deleted."))
