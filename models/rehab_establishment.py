# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from ..tools import rehab_rules
from ..tools.batching import (
    PROVINCE_PATH,
    batch_domain,
    dispatch,
    refresh_day,
    refresh_stored,
)
from ..tools.rehab_rules import RATIO_AGGREGATOR
from ..tools.roles import CHAIRMAN, POLICE, PROVINCE

_lt = LazyTranslate(__name__)

ESTABLISHMENT_TYPES = [
    ("sme", "Small or medium enterprise"),
    ("cooperative", "Cooperative"),
    ("cooperative_union", "Union of cooperatives"),
    ("cooperative_group", "Cooperative group"),
    ("household_business", "Household business"),
]


class RehabEstablishment(models.Model):
    _name = "rehab.establishment"
    _description = "Production and business establishment"
    _inherit = [
        "rehab.mail.mixin",
        "mail.activity.mixin",
        "rehab.commune.mixin",
        "rehab.ratio.mixin",
        "rehab.base.mixin",
    ]
    _order = "company_id, name, id"
    _ratios = {"rehab_worker_share": ("rehab_worker_count", "total_workers")}

    partner_id = fields.Many2one(
        "res.partner",
        string="Business contact",
        required=True,
        ondelete="restrict",
        index=True,
        help="The contact of the business; made from the name when left empty.",
    )
    name = fields.Char(required=True, index=True, tracking=True)
    street = fields.Char(string="Address")
    phone = fields.Char()
    vat = fields.Char(string="Tax code")
    active = fields.Boolean(default=True, tracking=True)
    establishment_type = fields.Selection(
        ESTABLISHMENT_TYPES, string="Type", required=True, tracking=True
    )
    registration_number = fields.Char(tracking=True)
    registration_date = fields.Date()
    legal_status = fields.Selection(
        [
            ("active", "Operating lawfully"),
            ("suspended", "Suspended"),
            ("dissolved", "Dissolved"),
        ],
        required=True,
        default="active",
        tracking=True,
    )
    total_workers = fields.Integer(string="Total workers", tracking=True)
    worker_ids = fields.One2many(
        "rehab.establishment.worker",
        "establishment_id",
        string="Post-rehab workers",
        groups=",".join((POLICE, CHAIRMAN, PROVINCE)),
    )
    rehab_worker_count = fields.Integer(
        string="Post-rehab workers under contract",
        compute="_compute_share",
        store=True,
    )
    rehab_worker_share = fields.Float(
        string="Share of post-rehab workers (%)",
        compute="_compute_share",
        store=True,
        digits=(5, 2),
        aggregator=RATIO_AGGREGATOR,
    )
    is_eligible = fields.Boolean(
        string="Eligible", compute="_compute_share", store=True, index=True
    )

    # The linked contact mirrors these fields, for the rest of Odoo.
    _PARTNER_FIELDS = ("name", "street", "phone", "vat")

    @api.model_create_multi
    def create(self, vals_list):
        self._rehab_check_vals_list(vals_list)
        if any(not (vals.get("name") or "").strip() for vals in vals_list):
            raise ValidationError(_("An establishment needs a name."))
        new = [vals for vals in vals_list if not vals.get("partner_id")]
        partners = (
            self.env["res.partner"]
            .sudo()
            .create(
                [
                    {
                        "is_company": True,
                        "country_id": self.env.ref("base.vn").id,
                        **{f: vals.get(f) or False for f in self._PARTNER_FIELDS},
                    }
                    for vals in new
                ]
            )
        )
        for vals, partner in zip(new, partners, strict=True):
            vals["partner_id"] = partner.id
        return super().create(vals_list)

    def write(self, vals):
        self._rehab_check_values(vals)
        if "name" in vals and not (vals["name"] or "").strip():
            raise ValidationError(_("An establishment needs a name."))
        result = super().write(vals)
        synced = {f: vals[f] for f in self._PARTNER_FIELDS if f in vals}
        if synced:
            self.partner_id.sudo().write(synced)
        return result

    @api.depends(
        "total_workers",
        "legal_status",
        "worker_ids.contract_start",
        "worker_ids.contract_end",
        "worker_ids.contract_number",
    )
    def _compute_share(self):
        # The share of the rule in force today (a national rule: one read).
        today = self._rehab_today()
        params = rehab_rules.params_from_env(self.env, day=today)
        for establishment in self:
            establishment.update(establishment._share_state(today, params))

    def _share_state(self, today, params):
        """The stored workforce fields of one establishment, as of ``today``."""
        count = len(self.sudo().worker_ids.filtered(lambda w: w._in_force(today)))
        return {
            "rehab_worker_count": count,
            "rehab_worker_share": rehab_rules.establishment_share(
                count, self.total_workers
            ),
            "is_eligible": self.legal_status == "active"
            and rehab_rules.establishment_meets_share(
                count, self.total_workers, params["establishment_min_share"]
            ),
        }

    def _cron_refresh_share(self, batch_size=2000):
        """Daily: contracts start and end with the date; writes only changes.

        One job per province and batch of establishments, for the agency's
        day of the run (tools/batching.dispatch; a job done late: today,
        tools/batching.refresh_day).
        """
        establishments = self.sudo().with_context(active_test=False)
        dispatch(
            establishments,
            "_job_refresh_share",
            self._rehab_today(),
            records=establishments,
            domain=[],
            province_path=PROVINCE_PATH,
            size=batch_size,
            label=_lt("Workforce share refresh"),
        )

    def _job_refresh_share(self, day, province_id, first_id, last_id):
        """One batch of the daily refresh, as of ``day``."""
        day = refresh_day(self, day)
        params = rehab_rules.params_from_env(self.env, day=day)
        refresh_stored(
            self.sudo().with_context(active_test=False),
            ("rehab_worker_count", "rehab_worker_share", "is_eligible"),
            lambda establishment: establishment._share_state(day, params),
            domain=batch_domain(PROVINCE_PATH, province_id, first_id, last_id),
        )

    @api.constrains("registration_date")
    def _check_registration_date(self):
        today = self._rehab_today()
        for establishment in self:
            if establishment.registration_date and (
                establishment.registration_date > today
            ):
                raise ValidationError(
                    _(
                        "The registration date of %s is in the future.",
                        establishment.name,
                    )
                )

    @api.constrains("total_workers", "worker_ids")
    def _check_workers(self):
        for establishment in self:
            if establishment.total_workers < 0:
                raise ValidationError(
                    _("The total number of workers cannot be negative.")
                )
            if establishment.rehab_worker_count > establishment.total_workers:
                raise ValidationError(
                    _(
                        "%(name)s has %(count)s post-rehab workers under contract "
                        "but only %(total)s workers in all.",
                        name=establishment.name,
                        count=establishment.rehab_worker_count,
                        total=establishment.total_workers,
                    )
                )
