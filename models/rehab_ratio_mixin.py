# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.tools import SQL


class RehabRatioMixin(models.AbstractModel):
    """Percentages aggregated as weighted ratios, at every level of grouping.

    A model lists its ratios in ``_ratios``: ``{ratio: (numerator,
    denominator)}``, the two of them stored and summed. Whatever groups the
    records (list, pivot, graph, the periodic report), a group's ratio is
    100 × sum(numerator) / sum(denominator), 0 when the denominator is 0:
    the definition of ``rehab_rules.ratio``. The mean of the records'
    ratios is never shown. The ratio fields declare the aggregator
    ``RATIO_AGGREGATOR`` so the web client offers them as measures; ``min``
    and ``max`` stay the SQL functions of the records' own values.
    """

    _name = "rehab.ratio.mixin"
    _description = "Weighted ratios in grouped figures"

    _ratios = {}

    def _read_group_select(self, aggregate_spec, query):
        fname, __, func = aggregate_spec.partition(":")
        ratio = self._ratios.get(fname)
        if ratio and func not in ("min", "max"):
            numerator, denominator = (
                super(RehabRatioMixin, self)._read_group_select("%s:sum" % name, query)
                for name in ratio
            )
            return SQL(
                "COALESCE(100.0 * %s / NULLIF(%s, 0), 0)", numerator, denominator
            )
        return super()._read_group_select(aggregate_spec, query)
