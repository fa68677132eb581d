from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import RegistryCase, set_rule


@tagged("post_install", "-at_install")
class TestEstablishment(RegistryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Establishment = cls.env["rehab.establishment"]
        # 99 more people, so that a business can employ 100 of them.
        cls.workers = cls.person_a1 | cls.Person.create(
            [
                cls.person_vals(
                    cls.commune_a1, name="Lao động %s" % i, citizen_id="020090%06d" % i
                )
                for i in range(1, 100)
            ]
        )

    def _establishment(self, total, hired, **vals):
        return self.Establishment.create(
            {
                "name": "HTX thử nghiệm",
                "establishment_type": "cooperative",
                "company_id": self.commune_a1.id,
                "total_workers": total,
                "worker_ids": [
                    (
                        0,
                        0,
                        {
                            "person_id": person.id,
                            "contract_number": "HĐ-%s" % person.id,
                            "contract_start": "2026-01-01",
                        },
                    )
                    for person in self.workers[:hired]
                ],
                **vals,
            }
        )

    def test_nine_point_nine_percent_is_not_enough(self):
        establishment = self._establishment(1000, 99)
        self.assertAlmostEqual(establishment.rehab_worker_share, 9.9)
        self.assertFalse(establishment.is_eligible)

    def test_ten_percent_is_enough(self):
        establishment = self._establishment(1000, 100)
        self.assertEqual(establishment.rehab_worker_count, 100)
        self.assertAlmostEqual(establishment.rehab_worker_share, 10.0)
        self.assertTrue(establishment.is_eligible)

    def test_threshold_is_a_setting(self):
        set_rule(self.env, "establishment_min_share", 12.5)
        self.assertFalse(self._establishment(1000, 100).is_eligible)

    def test_only_contracts_in_force_count(self):
        establishment = self._establishment(10, 1)
        self.assertTrue(establishment.is_eligible)
        establishment.worker_ids.contract_end = "2026-06-30"
        with freeze_time("2026-06-30"):
            establishment._cron_refresh_share()
            self.assertTrue(establishment.is_eligible)
        with freeze_time("2026-07-01"):
            establishment._cron_refresh_share()
            self.assertFalse(establishment.is_eligible)
            self.assertEqual(establishment.rehab_worker_count, 0)

    def test_an_unlawful_business_is_not_eligible(self):
        establishment = self._establishment(10, 5)
        establishment.legal_status = "suspended"
        self.assertFalse(establishment.is_eligible)

    def test_more_rehab_workers_than_workers_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "only 2 workers"):
            self._establishment(2, 3)

    def test_linked_partner_follows_the_establishment(self):
        establishment = self._establishment(
            10, 1, street="Bản Khòn Pổ", vat="4900123456"
        )
        partner = establishment.partner_id
        self.assertTrue(partner.is_company)
        self.assertEqual(partner.name, "HTX thử nghiệm")
        establishment.name = "HTX Châu Sơn"
        self.assertEqual(partner.name, "HTX Châu Sơn")

    def test_name_is_required(self):
        with self.assertRaisesRegex(ValidationError, "needs a name"):
            self.Establishment.create(
                {
                    "name": " ",
                    "establishment_type": "sme",
                    "company_id": self.commune_a1.id,
                }
            )

    def test_form_as_police(self):
        form = Form(self.Establishment.with_user(self.police_user))
        form.name = "Hộ kinh doanh Bình An"
        form.establishment_type = "household_business"
        form.total_workers = 5
        with form.worker_ids.new() as line:
            line.person_id = self.person_a1
            line.contract_number = "01/HĐLĐ"
        establishment = form.save()
        self.assertEqual(establishment.company_id, self.commune_a1)
        self.assertEqual(establishment.rehab_worker_count, 1)
        self.assertTrue(establishment.is_eligible)
