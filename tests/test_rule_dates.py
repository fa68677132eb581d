"""Results record the rules they used, read for their day and province
(issue 24).

Eligibility on a date reads the rules in force on that date; a rule changed
from a later day leaves the decisions of past days as they were (their rule
set shows the old values) and applies from its day; a confirmed list keeps
the rules it was confirmed under; a province's own rule applies to its
communes only; the daily refresh records the rule set and writes nothing the
second time; a client never writes the rules a result was made under.
"""

from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from ..models.rehab_person_eligibility import ELIGIBILITY_RULES
from ..tools import rehab_rules
from ..tools.batching import write_rows
from .common import JsonRpcMixin, MonthlyListCase, set_rule
from .common_loan import LoanCase

# The day the tests' rules change from.
CHANGE_DAY = date(2027, 1, 1)


class _RuleDatesMixin:
    def _teen(self, commune=None, **values):
        """A person of 15 in December 2026 (and on 1 January 2027)."""
        return self.Person.create(
            self.person_vals(
                commune or self.commune_a1,
                name="Người mười lăm tuổi",
                citizen_id=values.pop("citizen_id", "020211000015"),
                birth_date="2011-06-01",
                **values,
            )
        )

    def _rule_set(self, day, agency, keys=None):
        return self.env["rehab.rule.set"]._for_day(day, agency, keys=keys)

    def _eligibility_set(self, day, agency):
        """The set a person's eligibility records: the eligibility rules."""
        return self._rule_set(day, agency, keys=ELIGIBILITY_RULES)


@tagged("post_install", "-at_install")
class TestRuleDates(_RuleDatesMixin, MonthlyListCase):
    def test_eligibility_on_a_date_reads_the_rules_of_that_date(self):
        teen = self._teen()
        set_rule(self.env, "min_age", 18, day=CHANGE_DAY)
        eligible, reasons = teen._eligible_on(CHANGE_DAY - timedelta(days=1))
        self.assertTrue(eligible)
        self.assertFalse(reasons)
        eligible, reasons = teen._eligible_on(CHANGE_DAY)
        self.assertFalse(eligible)
        self.assertIn("Under 18 years old", reasons)
        self.assertEqual(
            teen._eligibility_on(CHANGE_DAY - timedelta(days=1))[teen.id], []
        )
        self.assertEqual(teen._eligibility_on(CHANGE_DAY)[teen.id], ["under_age"])
        # Today (before the change) the stored eligibility keeps 12 years.
        self.assertTrue(teen.is_eligible)
        self.assertEqual(teen.rule_set_id._params()["min_age"], 12)
        # From the day of the change, the daily refresh judges under 18.
        with freeze_time("2027-01-01 08:00:00"):
            self.Person._cron_refresh_eligibility()
        self.assertFalse(teen.is_eligible)
        self.assertIn("18", teen.eligibility_reasons)
        self.assertEqual(teen.rule_set_id._params()["min_age"], 18)
        self.assertEqual(
            teen.rule_set_id, self._eligibility_set(CHANGE_DAY, self.commune_a1)[0]
        )

    def test_daily_refresh_records_the_rules_and_writes_nothing_twice(self):
        teen = self._teen()
        today_set = self._eligibility_set(teen._rehab_today(), self.commune_a1)[0]
        self.assertEqual(teen.rule_set_id, today_set)
        set_rule(self.env, "window_years", 11, day=CHANGE_DAY)
        # Written in bulk: one UPDATE a batch (rows given to write_rows).
        target = "odoo.addons.post_rehab_credit.models.rehab_person_eligibility"
        with freeze_time("2027-01-01 08:00:00"):
            with patch(target + ".write_rows", side_effect=write_rows) as first:
                self.Person._cron_refresh_eligibility()
            # Every person's rules changed: all written, one statement a
            # batch (a batch per province and 2,000 people).
            everyone = self.Person.with_context(active_test=False).search([])
            self.assertEqual(first.call_count, len(everyone.company_id.province_id))
            written = {row[0] for call in first.call_args_list for row in call.args[2]}
            self.assertIn(teen.id, written)
            self.assertIn(self.person_a1.id, written)
            new_set = self._eligibility_set(CHANGE_DAY, self.commune_a1)[0]
            self.assertNotEqual(new_set, today_set)
            self.assertEqual(teen.rule_set_id, new_set)
            self.assertEqual(self.person_a1.rule_set_id, new_set)
            self.assertEqual(new_set._params()["window_years"], 11)
            before = teen.write_date
            with patch(target + ".write_rows", side_effect=write_rows) as second:
                self.Person._cron_refresh_eligibility()
            # Nobody changed: nothing written.
            self.assertEqual({len(call.args[2]) for call in second.call_args_list}, {0})
            self.assertEqual(teen.write_date, before)
            self.assertEqual(teen.rule_set_id, new_set)

    def test_people_of_two_provinces_read_their_province_rules(self):
        # A rule of province B only (every day): its people's rule set has it.
        version = set_rule(self.env, "slip_validity_days", 30, province=self.province_b)
        people = self.person_a1 | self.person_b1 | self._teen()
        RuleSet = type(self.env["rehab.rule.set"])
        lookup = RuleSet._for_day
        with patch.object(
            RuleSet, "_for_day", autospec=True, side_effect=lookup
        ) as calls:
            self.env.add_to_compute(self.Person._fields["rule_set_id"], people)
            for name in ("is_eligible", "window_end_date", "eligibility_reasons"):
                self.env.add_to_compute(self.Person._fields[name], people)
            people.flush_recordset()
        # One lookup a province, not a person.
        self.assertEqual(calls.call_count, 2)
        # Eligibility depends on national rules only: the people of both
        # provinces record the same set, without province B's slip rule (its
        # change rewrote nobody); the slip reads B's rule (params_from_env).
        self.assertEqual(self.person_b1.rule_set_id, self.person_a1.rule_set_id)
        self.assertNotIn(version, self.person_b1.rule_set_id.version_ids)
        self.assertEqual(
            set(self.person_b1.rule_set_id.version_ids.mapped("key")),
            set(ELIGIBILITY_RULES),
        )
        params_b = rehab_rules.params_from_env(self.env, province=self.province_b)
        self.assertEqual(params_b["slip_validity_days"], 30)
        self.assertEqual(
            rehab_rules.params_from_env(self.env)["slip_validity_days"], 90
        )
        self.assertEqual(
            self.person_a1._eligibility_on(CHANGE_DAY),
            {self.person_a1.id: []},
        )

    def test_deadline_of_the_lists_by_province(self):
        """Lists are due by the day of their province's rule in force on the
        month's first day; late only past it."""
        set_rule(self.env, "list_deadline_day", 10, province=self.province_b)
        list_a = self._list(self.commune_a1, month="2027-01-01")
        list_b = self._list(self.commune_b1, month="2027-01-01")
        self.assertEqual(list_a.deadline, date(2027, 1, 5))
        self.assertEqual(list_b.deadline, date(2027, 1, 10))
        with freeze_time("2027-01-06 08:00:00"):
            self.List._cron_monthly_lists()
        self.assertTrue(list_a.is_late)
        self.assertFalse(list_b.is_late)
        with freeze_time("2027-01-11 08:00:00"):
            self.List._cron_monthly_lists()
        self.assertTrue(list_b.is_late)
        self.assertTrue(
            list_b.message_ids.filtered(lambda m: "by the 10" in (m.body or ""))
        )

    def test_a_confirmed_list_keeps_the_rules_it_was_confirmed_under(self):
        teen = self._teen()
        record = self._confirmed_list()
        line = record.line_ids.filtered(lambda x: x.person_id == teen)
        self.assertTrue(line.was_eligible)
        self.assertEqual(record.rule_set_id._params()["min_age"], 12)
        confirmed_set = record.rule_set_id
        frozen = line.read(["was_eligible", "eligibility_reasons", "window_end_date"])
        today = record._rehab_today()
        set_rule(self.env, "min_age", 18, day=today)
        self.Person._cron_refresh_eligibility()
        self.assertFalse(teen.is_eligible)
        self.assertEqual(teen.rule_set_id._params()["min_age"], 18)
        self.env.invalidate_all()
        self.assertEqual(record.rule_set_id, confirmed_set)
        self.assertEqual(record.rule_set_id._params()["min_age"], 12)
        self.assertEqual(
            line.read(["was_eligible", "eligibility_reasons", "window_end_date"]),
            frozen,
        )

    def test_slip_valid_by_the_rule_of_its_issue_day_and_province(self):
        set_rule(self.env, "slip_validity_days", 30, province=self.province_a)
        record = self._confirmed_list()
        line = record.line_ids.filtered(lambda x: x.person_id == self.person_a1)
        slip = self.env["rehab.referral.slip"].create({"line_id": line.id})
        self.assertEqual(slip.expiry_date, slip.issue_date + timedelta(days=30))


@tagged("post_install", "-at_install")
class TestRuleDatesLoan(_RuleDatesMixin, LoanCase):
    def test_a_later_rule_leaves_a_past_decision_as_it_was(self):
        loan = self._approved()
        decided = loan.decision_rule_set_id
        self.assertTrue(decided)
        self.assertEqual(decided, self._rule_set(date(2026, 6, 1), self.commune_a1)[0])
        self.assertEqual(decided._params()["individual_ceiling"], 200_000_000)
        set_rule(self.env, "individual_ceiling", 100_000_000, day=CHANGE_DAY)
        set_rule(self.env, "max_term_months", 6, day=CHANGE_DAY)
        self.env.invalidate_all()
        self.assertEqual(loan.decision_rule_set_id, decided)
        self.assertEqual(decided._params()["individual_ceiling"], 200_000_000)
        # From its day the new ceiling applies to decisions.
        __, params = loan._rules_on(CHANGE_DAY)
        self.assertEqual(params["individual_ceiling"], 100_000_000)
        loan._check_rules(150_000_000, 12, 0, 1, CHANGE_DAY - timedelta(days=1))
        with self.assertRaisesRegex(ValidationError, r"at most 100[.,]000[.,]000"):
            loan._check_rules(150_000_000, 12, 0, 1, CHANGE_DAY)
        # The decided loan keeps the longest term of its decision.
        with freeze_time("2027-01-02 08:00:00"):
            loan._check_application()
            self.assertEqual(loan._programme_params()["max_term_months"], 120)

    def test_the_schedule_records_the_rules_of_the_disbursement(self):
        set_rule(self.env, "first_due_days", 20, province=self.province_b)
        loan = self._disbursed()
        made = loan.schedule_rule_set_id
        self.assertEqual(made, self._rule_set(date(2026, 6, 1), self.commune_a1)[0])
        self.assertEqual(made._params()["first_due_days"], 15)
        self.assertEqual(loan.decision_rule_set_id._params()["max_term_months"], 120)


@tagged("post_install", "-at_install")
class TestRuleDatesOverRpc(JsonRpcMixin, HttpCase, _RuleDatesMixin, LoanCase):
    def test_a_client_never_writes_the_rules_applied(self):
        other = self.env["rehab.rule.set"]._for_versions(
            self.env["rehab.rule.value"].sudo().search([], limit=1).ids
        )
        person = self.person_a1
        kept = person.rule_set_id
        __, error = self.rpc(
            self.police_user,
            "rehab.person",
            "write",
            [person.id],
            {"rule_set_id": other.id},
        )
        self.assertIn("Rules applied", error or "")
        __, error = self.rpc(
            self.police_user,
            "rehab.person",
            "create",
            self.person_vals(
                self.commune_a1,
                citizen_id="020090900077",
                rule_set_id=other.id,
            ),
        )
        self.assertIn("Rules applied", error or "")
        __, error = self.rpc(
            self.chairman_user,
            "rehab.monthly.list",
            "write",
            [self.record.id],
            {"rule_set_id": other.id},
        )
        self.assertIn("Rules applied", error or "")
        loan = self._application()
        for name in ("decision_rule_set_id", "schedule_rule_set_id"):
            __, error = self.rpc(
                self.vbsp_user, "rehab.loan", "write", [loan.id], {name: other.id}
            )
            self.assertIn("Rules applied", error or "")
        self.env.invalidate_all()
        self.assertEqual(person.rule_set_id, kept)
        self.assertNotEqual(self.record.rule_set_id, other)
        self.assertFalse(loan.decision_rule_set_id)
        self.assertFalse(loan.schedule_rule_set_id)
        # Who reads the record reads the rules it was made under.
        self.assertTrue(
            self.ok(
                self.vbsp_user,
                "rehab.rule.set",
                "read",
                self.record.rule_set_id.ids,
                ["version_ids"],
            )
        )
