"""No ratio is averaged, anywhere in the programme (issue 20).

Every field of every model and wizard of the addon is walked: a ratio (a
percentage) is either one of the model's weighted ratios (``_ratios``,
aggregated as 100 × Σ numerator / Σ denominator by rehab.ratio.mixin) or a
rate of each record, neither summed nor averaged when records are grouped.
No number is averaged unless ``AVERAGE_ALLOWED`` says why.
"""

from odoo.tests import tagged

from ..tools.rehab_rules import RATIO_AGGREGATOR
from .common import PostRehabCreditCase

MODULE = "post_rehab_credit"
NUMBERS = ("float", "monetary", "integer")
# {(model, field): why its mean is the right figure}. Empty: none is.
AVERAGE_ALLOWED = {}


def is_percentage(field):
    return "%" in (field.string or "")


@tagged("post_install", "-at_install")
class TestRatioAggregators(PostRehabCreditCase):
    def _programme_fields(self):
        """(model, field) of every field the addon defines or owns."""
        for name in self.env.registry:
            Model = self.env[name]
            own = name.startswith("rehab.")
            for field in Model._fields.values():
                if own or field._module == MODULE:
                    yield Model, field

    def test_no_number_is_averaged(self):
        walked = 0
        for Model, field in self._programme_fields():
            if field.type not in NUMBERS:
                continue
            walked += 1
            key = (Model._name, field.name)
            with self.subTest(field="%s.%s" % key):
                if field.aggregator == "avg":
                    self.assertIn(key, AVERAGE_ALLOWED, "averaged without a reason")
        self.assertGreater(walked, 100)
        # The walk sees the view that averaged PAR30 as of a day.
        field = self.env["rehab.loan.par.as.of"]._fields["par30"]
        self.assertEqual(field.aggregator, RATIO_AGGREGATOR)

    def test_every_ratio_is_weighted_or_never_aggregated(self):
        ratios = 0
        for Model, field in self._programme_fields():
            if field.type not in NUMBERS:
                continue
            declared = getattr(Model, "_ratios", {})
            key = "%s.%s" % (Model._name, field.name)
            with self.subTest(field=key):
                if field.name in declared:
                    ratios += 1
                    self.assertEqual(field.aggregator, RATIO_AGGREGATOR)
                    for part in declared[field.name]:
                        self.assertTrue(Model._fields[part].store)
                        self.assertEqual(Model._fields[part].aggregator, "sum")
                elif field.aggregator == RATIO_AGGREGATOR:
                    self.fail(
                        "%s is weighted without its numerator and denominator" % key
                    )
                elif is_percentage(field):
                    # A rate of each record (an interest rate, a setting):
                    # its sum or mean over records means nothing.
                    self.assertFalse(field.aggregator, "a rate is aggregated")
        self.assertGreaterEqual(ratios, 6)

    def test_no_view_averages_a_column(self):
        views = self.env["ir.ui.view"].search(
            [("model", "=like", "rehab.%"), ("type", "in", ("list", "pivot", "graph"))]
        )
        self.assertTrue(views)
        for view in views:
            with self.subTest(view=view.xml_id or view.name):
                self.assertNotIn(' avg="', view.arch_db or "")

    def test_par30_as_of_a_day_is_weighted(self):
        """A1: nothing at risk of 30,000,000 (0 %); A2: 10,000,000 of
        10,000,000 (100 %): the communes' mean is 50 %, the province's PAR30
        10 / 40 = 25 %."""
        Par = self.env["rehab.loan.par.as.of"]
        lines = Par.create(
            [
                {
                    "as_of_date": "2026-07-20",
                    "company_id": self.commune_a1.id,
                    "loan_count": 3,
                    "outstanding_principal": 30_000_000,
                    "par30_principal": 0,
                    "overdue_principal": 0,
                    "par30": 0.0,
                },
                {
                    "as_of_date": "2026-07-20",
                    "company_id": self.commune_a2.id,
                    "loan_count": 1,
                    "outstanding_principal": 10_000_000,
                    "par30_principal": 10_000_000,
                    "overdue_principal": 10_000_000,
                    "par30": 100.0,
                },
            ]
        )
        domain = [("id", "in", lines.ids)]
        # As the list's group rows and the pivot ask, and as an old client
        # asking for the mean would.
        for spec in ("par30:%s" % RATIO_AGGREGATOR, "par30:avg", "par30:sum"):
            with self.subTest(spec=spec):
                [row] = Par.read_group(domain, [spec], ["as_of_date"])
                self.assertAlmostEqual(row["par30"], 25.0)
        [row] = Par.web_read_group(
            domain, ["par30:%s" % RATIO_AGGREGATOR], ["as_of_date:day"]
        )["groups"]
        self.assertAlmostEqual(row["par30"], 25.0)
        by_commune = {
            row["company_id"][0]: row["par30"]
            for row in Par.read_group(
                domain, ["par30:%s" % RATIO_AGGREGATOR], ["company_id"]
            )
        }
        self.assertEqual(
            by_commune, {self.commune_a1.id: 0.0, self.commune_a2.id: 100.0}
        )
