# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The figures of a periodic report, by commune and for its whole scope."""

from datetime import timedelta

from odoo import models

from ..tools import rehab_rules
from .rehab_report import FIGURES, RATIOS, approved_in, listed_in

# The people counted in a period, by commune: (domain, given the period's end).
PEOPLE_FIGURES = {
    "people_registered": lambda end: [],
    "people_eligible": lambda end: [("is_eligible", "=", True)],
    "people_informed": lambda end: [("informed_date", "<=", end)],
}


def _value(table, key, index=0):
    """The ``index``-th aggregate of ``key``'s group in ``table``, else 0."""
    return (table.get(key) or [0] * (index + 1))[index] or 0


class RehabReportFigures(models.Model):
    _inherit = "rehab.report"

    def _scope_communes(self, company=None):
        """The communes a report speaks for: its own, or all of its province."""
        company = (company or self.company_id).sudo()
        if company.agency_type == "commune":
            return company
        # A commune merged into another (archived) still speaks for what it
        # keeps: its confirmed lists and its slips stay in the province's figures.
        return company.with_context(active_test=False).search(
            [
                ("agency_type", "=", "commune"),
                ("province_id", "=", company.province_id.id),
                "|",
                ("active", "=", True),
                ("merged_into_ids", "!=", False),
            ]
        )

    def _figures(self, company=None):
        """The figures of the period for ``company`` (default: the reporting agency)."""
        return self._figures_table(company)[2]

    def _annex_rows(self):
        """(commune name, figures) for each commune the report speaks for."""
        return self._annex_table()[0]

    def _annex_table(self):
        """``(rows, others, total)`` of the annex, as ``_figures_table``.

        The annex stored with the report's figures when they were last filled
        (at the latest when it was submitted): the same moment, so its total is
        the report; ``rows`` then name the communes by the names they had.
        Without one (a draft never filled), the figures of the data now.
        """
        self.ensure_one()
        stored = self.annex
        if not stored:
            rows, others, total = self._figures_table()
            return [(commune.name, values) for commune, values in rows], others, total
        return (
            [(name, values) for name, values in stored["rows"]],
            stored.get("others"),
            stored["total"],
        )

    def _fill_figures(self):
        """Write the report's figures and its annex, from one computation."""
        for report in self:
            rows, others, total = report._figures_table()
            report.write(
                dict(
                    {name: total[name] for name in FIGURES},
                    annex={
                        "rows": [[commune.name, values] for commune, values in rows],
                        "others": others,
                        "total": total,
                    },
                )
            )

    def _figures_table(self, company=None):
        """The figures of every commune of the scope and of the whole scope.

        Returns ``(rows, others, total)``: ``rows`` is ``(commune, figures)`` for
        each commune of the scope; ``others`` the activities held by the
        province's other agencies (None at commune scope); ``total`` the
        report's own figures. Counts and amounts of the total are the sums of
        the rows and ``others``, except people on lists (a person counted once)
        and capital (entrusted to bank units, not to communes: in the total
        only); every ratio is ``rehab_rules.ratio`` of its summed numerator and
        denominator, at each level. A fixed number of grouped queries, however
        many communes.
        """
        self.ensure_one()
        company = (company or self.company_id).sudo()
        communes = self._scope_communes(company)
        tables = self._people_tables(communes)
        tables.update(self._loan_tables(communes))
        activities = self._activity_table(company, communes)

        def figures(key):
            return self._commune_figures(tables, activities.get(key, {}), key)

        rows = [(commune, figures(commune.id)) for commune in communes]
        others = None if company.agency_type == "commune" else figures(None)
        total = {
            name: sum(values[name] for __, values in rows) + (others or {}).get(name, 0)
            for name in FIGURES
            if name not in RATIOS and name != "capital_received"
        }
        total["people_listed"] = self._people_listed_total(communes)
        total["capital_received"] = self._capital_received(company)
        self._round_ratios([total, *(values for __, values in rows)])
        return rows, others, total

    def _people_listed_total(self, communes):
        """The people on the scope's confirmed lists, each counted once."""
        return self.env(su=True)["rehab.monthly.list.line"]._read_group(
            [("company_id", "in", communes.ids)]
            + listed_in(self.period_start, self.period_end),
            [],
            ["person_id:count_distinct"],
        )[0][0]

    def _by_commune(self, communes, model, domain, aggregates):
        """{commune id: [aggregates]} of ``model`` within ``communes``."""
        groups = self.env(su=True)[model]._read_group(
            [("company_id", "in", communes.ids)] + domain, ["company_id"], aggregates
        )
        return {commune.id: values for commune, *values in groups}

    def _people_tables(self, communes):
        """The tables of the people's figures: registered, eligible, informed,
        on confirmed lists, and the referral slips issued."""
        start, end = self.period_start, self.period_end
        tables = {
            name: self._by_commune(communes, "rehab.person", domain(end), ["__count"])
            for name, domain in PEOPLE_FIGURES.items()
        }
        tables["people_listed"] = self._by_commune(
            communes,
            "rehab.monthly.list.line",
            listed_in(start, end),
            ["person_id:count_distinct"],
        )
        tables["slips_issued"] = self._by_commune(
            communes,
            "rehab.referral.slip",
            [("issue_date", ">=", start), ("issue_date", "<=", end)],
            ["__count"],
        )
        return tables

    def _loan_tables(self, communes):
        """The tables of the loans' figures: applications, approvals, the
        portfolio running and the disbursements of the period."""
        start, end = self.period_start, self.period_end
        approved_in_period = approved_in(start, end)
        # The applications made in the period, and those behind the loans
        # approved in it (made earlier): never fewer than the approvals.
        applications = [
            "|",
            "|",
            "&",
            ("application_date", ">=", start),
            ("application_date", "<=", end),
            "&",
            "&",
            ("application_date", "=", False),
            ("create_date", ">=", start),
            ("create_date", "<", end + timedelta(days=1)),
            "&",
            "&",
            *approved_in_period,
        ]
        return {
            "applications": self._by_commune(
                communes, "rehab.loan", applications, ["__count"]
            ),
            "decided": self._by_commune(
                communes,
                "rehab.loan",
                approved_in_period,
                ["__count", "amount_approved:sum"],
            ),
            "portfolio": self._by_commune(
                communes,
                "rehab.loan",
                [("state", "in", ("disbursing", "repaying"))],
                [
                    "outstanding_principal:sum",
                    "overdue_principal:sum",
                    "par30_principal:sum",
                ],
            ),
            "disbursed": self._by_commune(
                communes,
                "rehab.loan.disbursement",
                [("date", ">=", start), ("date", "<=", end)],
                ["amount:sum"],
            ),
        }

    def _activity_table(self, company, communes):
        """{commune id, or None for the province's other agencies:
        {activity type: participants}} of the trainings and job placements."""
        if company.agency_type == "commune":
            scope = [("company_id", "=", company.id)]
        else:
            scope = [("province_id", "=", company.province_id.id)]
        activities = {}
        for agency, activity_type, count in self.env(su=True)[
            "rehab.support.activity"
        ]._read_group(
            scope
            + [
                ("activity_type", "in", ("training", "job_placement")),
                ("date", ">=", self.period_start),
                ("date", "<=", self.period_end),
            ],
            ["company_id", "activity_type"],
            ["participant_count:sum"],
        ):
            key = agency.id if agency in communes else None
            activities.setdefault(key, {}).setdefault(activity_type, 0)
            activities[key][activity_type] += count or 0
        return activities

    def _commune_figures(self, tables, activities, key):
        """The figures of the commune ``key`` (None: the other agencies)."""
        values = {name: _value(tables[name], key) for name in PEOPLE_FIGURES}
        decided, portfolio = tables["decided"], tables["portfolio"]
        values.update(
            people_listed=_value(tables["people_listed"], key),
            slips_issued=_value(tables["slips_issued"], key),
            applications=_value(tables["applications"], key),
            loans_approved=_value(decided, key),
            amount_approved=_value(decided, key, 1),
            amount_disbursed=_value(tables["disbursed"], key),
            outstanding_principal=_value(portfolio, key),
            overdue_principal=_value(portfolio, key, 1),
            par30_principal=_value(portfolio, key, 2),
            training_enrolments=activities.get("training", 0),
            job_placements=activities.get("job_placement", 0),
            capital_received=None,
        )
        return values

    def _capital_received(self, company):
        """The capital entrusted in the period: to the commune's transaction
        offices (commune scope), else to the whole province."""
        if company.agency_type == "commune":
            scope = [
                ("source", "=", "commune"),
                ("company_id", "in", company.vbsp_office_ids.ids),
            ]
        else:
            scope = [("province_id", "=", company.province_id.id)]
        capital = self.env(su=True)["rehab.capital.allocation"]._read_group(
            scope
            + [
                ("decision_date", ">=", self.period_start),
                ("decision_date", "<=", self.period_end),
            ],
            [],
            ["amount:sum"],
        )[0][0]
        return capital or 0

    def _round_ratios(self, figures):
        """Each ratio of each of ``figures``, as the report stores it: of its
        summed numerator and denominator, rounded to the field's digits."""
        for values in figures:
            for name, (numerator, denominator) in RATIOS.items():
                values[name] = round(
                    rehab_rules.ratio(values[numerator], values[denominator]),
                    self._fields[name].get_digits(self.env)[1],
                )
