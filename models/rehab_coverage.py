# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from ..tools.rehab_rules import RATIO_AGGREGATOR


class RehabCoverage(models.Model):
    """Communication coverage per commune: the plans require 100 % informed."""

    _name = "rehab.coverage"
    _inherit = ["rehab.ratio.mixin", "rehab.base.mixin"]
    _description = "Communication coverage by commune"
    _auto = False
    _depends = {
        "rehab.person": ["company_id", "active", "informed_date"],
        "res.company": ["province_id"],
    }
    _order = "share, company_id"
    _ratios = {"share": ("informed", "people")}

    company_id = fields.Many2one("res.company", string="Commune", readonly=True)
    province_id = fields.Many2one("res.company", readonly=True)
    people = fields.Integer(string="People concerned", readonly=True)
    informed = fields.Integer(readonly=True)
    share = fields.Float(
        string="Informed (%)", readonly=True, digits=(5, 1), aggregator=RATIO_AGGREGATOR
    )

    @property
    def _table_query(self):
        return SQL(
            """
                SELECT person.company_id AS id,
                       person.company_id,
                       company.province_id,
                       count(*) AS people,
                       count(person.informed_date) AS informed,
                       100.0 * count(person.informed_date) / count(*) AS share
                  FROM rehab_person person
                  JOIN res_company company ON company.id = person.company_id
                 WHERE person.active
              GROUP BY person.company_id, company.province_id
            """
        )

    def init(self):
        # The figures are read through _table_query (flushed by _depends):
        # the database view of earlier versions goes.
        tools.drop_view_if_exists(self.env.cr, self._table)
