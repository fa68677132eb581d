# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools.rehab_rules import DEFAULT_PARAMS

NOTICE_SECTIONS = (
    "rehab_notice_people",
    "rehab_notice_loans",
    "rehab_notice_by_village",
    "rehab_notice_by_purpose",
)


class RehabSettings(models.TransientModel):
    """What the commune's public notice prints (rehab.public.notice).

    Global parameters, like every programme setting: they apply to every
    province of this database. There is no setting for a list of borrowers:
    the neutral list of all the borrowers of a transaction point is the
    bank's own document (VBSP's system); this addon holds only the
    programme's loans, so a list printed from it would name exactly the
    programme's borrowers whatever its title."""

    _inherit = "rehab.settings"

    rehab_notice_people = fields.Boolean(
        string="Public notice: people confirmed",
        default=bool(DEFAULT_PARAMS["notice_people"]),
        help="The notice gives how many people were confirmed on the monthly "
        "lists of the period.",
    )
    rehab_notice_loans = fields.Boolean(
        string="Public notice: loans approved",
        default=bool(DEFAULT_PARAMS["notice_loans"]),
        help="The notice gives how many loans were approved in the period and "
        "for how much.",
    )
    rehab_notice_by_village = fields.Boolean(
        string="Public notice: by village",
        default=bool(DEFAULT_PARAMS["notice_by_village"]),
        help="The figures by village or residential group.",
    )
    rehab_notice_by_purpose = fields.Boolean(
        string="Public notice: by purpose",
        default=bool(DEFAULT_PARAMS["notice_by_purpose"]),
        help="The figures by purpose of the loan.",
    )
    rehab_notice_min_count = fields.Integer(
        string="Public notice: smallest count shown",
        default=DEFAULT_PARAMS["notice_min_count"],
        help="A smaller count is printed «…» with its amount, and so are, where "
        "needed, other figures of its column so that it cannot be found by "
        "subtracting from the total; a village whose counts are all smaller "
        "is not named (counted under «Other villages»), so that no one is "
        "pointed at. 1: every figure is printed. It is a rule of the province.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        for name in NOTICE_SECTIONS:
            if name in values:
                values[name] = bool(values[name])
        return values

    @api.constrains(*NOTICE_SECTIONS, "rehab_notice_min_count")
    def _check_public_notice(self):
        for settings in self:
            if not 1 <= settings.rehab_notice_min_count <= 100:
                raise ValidationError(
                    _("The smallest count shown on the public notice is 1 to 100.")
                )
            if not (settings.rehab_notice_people or settings.rehab_notice_loans):
                raise ValidationError(
                    _(
                        "The public notice gives the people confirmed, the loans "
                        "approved or both."
                    )
                )

    def execute(self):
        self.ensure_one()
        self._check_may_save()
        self._check_public_notice()
        return super().execute()
