from datetime import date

from odoo.tests import tagged
from odoo.tests.common import BaseCase

from ..tools import rehab_rules
from ..tools.rehab_rules import (
    DEFAULT_PARAMS,
    citizen_id_errors,
    establishment_meets_share,
    person_ineligibility,
)


def person(**values):
    base = {
        "birth_date": date(1990, 3, 15),
        "rehab_route": "voluntary",
        "completion_date": date(2024, 5, 1),
        "decision_date": date(2024, 6, 1),
        "conduct": [],
        "purpose": "production",
        "other_training_debt": False,
        "training_confirmed": False,
    }
    base.update(values)
    return base


@tagged("post_install", "-at_install")
class TestEligibilityRules(BaseCase):
    def check(self, on, **values):
        return person_ineligibility(person(**values), on, DEFAULT_PARAMS)

    def test_eligible_person_has_no_reason(self):
        self.assertEqual(self.check(date(2026, 11, 23)), [])

    def test_twelfth_birthday_is_the_boundary(self):
        young = {
            "birth_date": date(2014, 6, 15),
            "completion_date": date(2026, 1, 10),
            "decision_date": date(2026, 1, 20),
        }
        self.assertIn("under_age", self.check(date(2026, 6, 14), **young))
        self.assertEqual(self.check(date(2026, 6, 15), **young), [])

    def test_leap_day_birthday(self):
        young = {
            "birth_date": date(2012, 2, 29),
            "completion_date": date(2023, 1, 10),
            "decision_date": date(2023, 1, 20),
        }
        self.assertIn("under_age", self.check(date(2024, 2, 28), **young))
        self.assertEqual(self.check(date(2024, 2, 29), **young), [])

    def test_exactly_ten_years_after_the_decision(self):
        old = {"completion_date": date(2016, 6, 1), "decision_date": date(2016, 6, 15)}
        self.assertEqual(self.check(date(2026, 6, 15), **old), [])
        self.assertEqual(self.check(date(2026, 6, 16), **old), ["window_closed"])
        self.assertEqual(
            rehab_rules.window_end(date(2016, 6, 15), 10), date(2026, 6, 15)
        )

    def test_a_window_from_a_leap_day(self):
        # As relativedelta adds years: 29 February to 28 February.
        self.assertEqual(
            rehab_rules.add_years(date(2016, 2, 29), 10), date(2026, 2, 28)
        )
        self.assertEqual(rehab_rules.add_years(date(2016, 2, 29), 8), date(2024, 2, 29))
        old = {"completion_date": date(2016, 2, 1), "decision_date": date(2016, 2, 29)}
        self.assertEqual(self.check(date(2026, 2, 28), **old), [])
        self.assertEqual(self.check(date(2026, 3, 1), **old), ["window_closed"])

    def test_window_follows_the_setting(self):
        params = dict(DEFAULT_PARAMS, window_years=5)
        old = person(decision_date=date(2020, 1, 1))
        self.assertEqual(person_ineligibility(old, date(2025, 1, 1), params), [])
        self.assertEqual(
            person_ineligibility(old, date(2025, 1, 2), params), ["window_closed"]
        )

    def test_rehab_must_be_completed(self):
        self.assertIn(
            "rehab_not_completed", self.check(date(2026, 1, 1), rehab_route=False)
        )
        self.assertIn(
            "rehab_not_completed", self.check(date(2026, 1, 1), completion_date=False)
        )
        # Completed after the day asked about.
        self.assertIn("rehab_not_completed", self.check(date(2024, 4, 30)))

    def test_decision_must_exist_before_the_day(self):
        self.assertIn("no_decision", self.check(date(2026, 1, 1), decision_date=False))
        self.assertIn("no_decision", self.check(date(2024, 5, 31)))
        self.assertNotIn("no_decision", self.check(date(2024, 6, 1)))

    def test_relapse_after_the_decision(self):
        on = date(2026, 11, 23)
        self.assertEqual(
            self.check(on, conduct=[(date(2024, 6, 1), "relapse")]), ["relapse"]
        )
        # The day before the decision belongs to the history that led to rehab.
        self.assertEqual(self.check(on, conduct=[(date(2024, 5, 31), "relapse")]), [])
        # A relapse after the day asked about does not count for that day.
        self.assertEqual(
            self.check(date(2025, 1, 1), conduct=[(date(2025, 1, 2), "relapse")]), []
        )
        # Good conduct afterwards does not undo a relapse.
        self.assertEqual(
            self.check(
                on, conduct=[(date(2025, 1, 1), "relapse"), (date(2026, 1, 1), "good")]
            ),
            ["relapse"],
        )

    def test_violation_then_good_conduct(self):
        on = date(2026, 11, 23)
        violation = [(date(2025, 3, 1), "violation")]
        self.assertEqual(self.check(on, conduct=violation), ["conduct"])
        self.assertEqual(
            self.check(on, conduct=violation + [(date(2025, 9, 1), "good")]), []
        )

    def test_training_conditions(self):
        on = date(2026, 11, 23)
        self.assertEqual(self.check(on, purpose="training"), ["training_confirmation"])
        self.assertEqual(
            self.check(on, purpose="training", training_confirmed=True), []
        )
        self.assertEqual(
            self.check(
                on,
                purpose="training",
                training_confirmed=True,
                other_training_debt=True,
            ),
            ["training_debt"],
        )
        # Debt in a training programme does not matter for a production loan.
        self.assertEqual(self.check(on, other_training_debt=True), [])

    def test_every_unmet_condition_is_listed(self):
        reasons = self.check(
            date(2026, 11, 23),
            birth_date=date(2020, 1, 1),
            rehab_route=False,
            decision_date=False,
            purpose="training",
            other_training_debt=True,
        )
        self.assertEqual(
            reasons,
            [
                "under_age",
                "rehab_not_completed",
                "no_decision",
                "training_debt",
                "training_confirmation",
            ],
        )


@tagged("post_install", "-at_install")
class TestCitizenIdRules(BaseCase):
    def test_valid_ids(self):
        self.assertEqual(
            citizen_id_errors("020090004512", date(1990, 4, 12), "male"), []
        )
        self.assertEqual(
            citizen_id_errors("014195007788", date(1995, 9, 2), "female"), []
        )
        self.assertEqual(
            citizen_id_errors("001208001122", date(2008, 1, 1), "male"), []
        )
        self.assertEqual(
            citizen_id_errors("096309001122", date(2009, 5, 18), "female"), []
        )

    def test_shape(self):
        self.assertEqual(citizen_id_errors("02009000451"), ["length"])
        self.assertEqual(citizen_id_errors("0200900045123"), ["length"])
        self.assertEqual(citizen_id_errors("02009000451a"), ["not_digits"])
        self.assertEqual(citizen_id_errors("020 90004512"), ["not_digits"])
        # Full-width digits are digits to Python, not to the registry.
        self.assertEqual(citizen_id_errors("０２００９０００４５１２"), ["not_digits"])
        self.assertEqual(citizen_id_errors(""), ["not_digits"])

    def test_province_code(self):
        self.assertEqual(citizen_id_errors("003090004512"), ["province"])
        self.assertEqual(citizen_id_errors("097090004512"), ["province"])

    def test_gender_and_century(self):
        born = date(1990, 4, 12)
        self.assertEqual(citizen_id_errors("020190004512", born, "male"), ["gender"])
        self.assertEqual(citizen_id_errors("020090004512", born, "female"), ["gender"])
        self.assertEqual(citizen_id_errors("020290004512", born, "male"), ["century"])
        self.assertEqual(
            citizen_id_errors("020091004512", born, "male"), ["birth_year"]
        )
        self.assertEqual(
            citizen_id_errors("020208004512", date(2008, 1, 1), "male"), []
        )
        self.assertEqual(
            citizen_id_errors("020008004512", date(2008, 1, 1), "male"), ["century"]
        )


@tagged("post_install", "-at_install")
class TestEstablishmentRule(BaseCase):
    def test_ten_percent_boundary(self):
        # 99 of 1000 is 9.9 %: refused; 100 of 1000 is 10 %: accepted.
        self.assertFalse(establishment_meets_share(99, 1000, 10.0))
        self.assertTrue(establishment_meets_share(100, 1000, 10.0))
        self.assertTrue(establishment_meets_share(1, 10, 10.0))
        self.assertFalse(establishment_meets_share(0, 0, 10.0))
        self.assertAlmostEqual(rehab_rules.establishment_share(99, 1000), 9.9)
