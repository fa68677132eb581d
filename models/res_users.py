# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools.rehab_rules import AGENCY_TZ

# The first screen of each role, the widest role first (the programme
# administrator holds every role, the branch manager the bank officer's).
ROLE_HOME = [
    ("group_programme_admin", "rehab_loan_action_analysis", None),
    ("group_province_officer", "rehab_loan_action_analysis", None),
    ("group_department_officer", "rehab_report_action", None),
    ("group_vbsp_manager", "rehab_capital_position_action", None),
    ("group_vbsp_officer", "rehab_loan_action", None),
    # The chairman confirms: lists and loan applications alike wait for him.
    ("group_commune_chairman", "rehab_todo_action", None),
    ("group_commune_police", "rehab_person_action", None),
    ("group_savings_group_officer", "rehab_loan_action", None),
    ("group_commune_officer", "rehab_support_activity_action", None),
]


class ResUsers(models.Model):
    _name = "res.users"
    # The programme's checks of the values of the field it adds here
    # (rehab.base.mixin); Odoo's own fields are left to Odoo.
    _inherit = ["res.users", "rehab.base.mixin"]

    rehab_savings_group_ids = fields.Many2many(
        "rehab.savings.group",
        "rehab_savings_group_officer_rel",
        "user_id",
        "group_id",
        string="Savings-and-loan groups served",
    )

    @api.model
    def _rehab_agency_company(self, vals=None):
        """The programme's agency a new internal user is created in, if any:
        the user's own company (the creator's when none is given), never for
        a portal or public user."""
        vals = vals or {}
        if vals.get("share"):
            return None
        company = self.env["res.company"].browse(
            vals.get("company_id") or self.env.company.id
        )
        return company.sudo() if company.sudo().agency_type else None

    @api.model
    def default_get(self, fields_list):
        """A user created in one of the programme's agencies works in the
        agency's time zone (Asia/Ho_Chi_Minh), not the creator's browser's."""
        values = super().default_get(fields_list)
        if "tz" in fields_list and self._rehab_agency_company():
            values["tz"] = AGENCY_TZ
        return values

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("tz") and self._rehab_agency_company(vals):
                vals["tz"] = AGENCY_TZ
        return super().create(vals_list)

    @api.model
    def _rehab_home_action(self):
        """The programme screen the current user's role starts on."""
        user = self.env.user
        for group, action, search_filter in ROLE_HOME:
            if user.has_group("post_rehab_credit.%s" % group):
                result = self.env["ir.actions.act_window"]._for_xml_id(
                    "post_rehab_credit.%s" % action
                )
                if search_filter:
                    result["context"] = {"search_default_%s" % search_filter: 1}
                return result
        return False
