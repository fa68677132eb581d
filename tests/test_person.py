import base64
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import RegistryCase
from .queue_jobs import perform_queued_jobs


@tagged("post_install", "-at_install")
class TestPerson(RegistryCase):
    def test_eligible_person(self):
        self.assertTrue(self.person_a1.is_eligible)
        self.assertFalse(self.person_a1.eligibility_reasons)
        self.assertEqual(self.person_a1.window_end_date, date(2034, 6, 3))
        self.assertEqual(self.person_a1.conduct, "good")

    def test_reasons_are_listed_in_plain_vietnamese(self):
        person = self.Person.with_context(lang="vi_VN").create(
            self.person_vals(
                self.commune_a1,
                citizen_id="020090009999",
                rehab_route=False,
                purpose="training",
            )
        )
        self.assertFalse(person.is_eligible)
        reasons = person.with_context(lang="vi_VN").eligibility_reasons
        self.assertIn("Chưa ghi nhận hình thức cai nghiện", reasons)
        self.assertIn("Chưa có giấy xác nhận của cơ sở đào tạo nghề nghiệp", reasons)

    def test_relapse_entry_makes_the_person_ineligible(self):
        self.person_a1.conduct_ids = [
            (0, 0, {"date": "2025-01-10", "kind": "relapse", "note": "Tái nghiện"})
        ]
        self.assertEqual(self.person_a1.conduct, "relapse")
        self.assertFalse(self.person_a1.is_eligible)
        self.assertIn("Relapsed", self.person_a1.eligibility_reasons)

    def test_training_confirmation_makes_a_training_need_eligible(self):
        person = self.person_a1
        person.purpose = "training"
        self.assertFalse(person.is_eligible)
        person.write(
            {
                "training_institution": "Trường Cao đẳng nghề Lạng Sơn",
                "training_course": "May công nghiệp",
                "training_start": "2026-12-01",
                "training_end": "2027-02-28",
                "training_confirmation": base64.b64encode(b"%PDF-1.4 xac nhan"),
                "training_confirmation_name": "xac_nhan.pdf",
            }
        )
        self.assertTrue(person.is_eligible)
        person.other_training_debt = True
        self.assertFalse(person.is_eligible)

    def test_eligibility_on_another_date(self):
        eligible, reasons = self.person_a1._eligible_on(date(2034, 6, 3))
        self.assertTrue(eligible)
        eligible, reasons = self.person_a1._eligible_on(date(2034, 6, 4))
        self.assertFalse(eligible)
        self.assertIn("10 years", reasons)

    def test_window_closing_soon_and_daily_refresh(self):
        person = self.Person.create(
            self.person_vals(
                self.commune_a1,
                citizen_id="020090001111",
                completion_date="2016-12-01",
                decision_date="2016-12-15",
            )
        )
        with freeze_time("2026-10-15"):
            person._cron_refresh_eligibility()
            self.assertTrue(person.is_eligible)
            self.assertFalse(person.window_closing_soon)
        with freeze_time("2026-10-16"):
            person._cron_refresh_eligibility()
            self.assertTrue(person.window_closing_soon)
        with freeze_time("2026-12-15"):
            person._cron_refresh_eligibility()
            self.assertTrue(person.is_eligible)
            self.assertTrue(person.window_closing_soon)
        with freeze_time("2026-12-16"):
            person._cron_refresh_eligibility()
            self.assertFalse(person.is_eligible)
            self.assertFalse(person.window_closing_soon)
            # A second run the same day changes nothing.
            before = person.write_date
            person._cron_refresh_eligibility()
            self.assertEqual(person.write_date, before)
            self.assertFalse(person.is_eligible)

    def test_settings_change_the_rule(self):
        settings = self.env["rehab.settings"].create(
            {"rehab_window_years": 1, "rule_legal_number": "TEST/2026"}
        )
        settings.execute()
        self.person_a1._cron_refresh_eligibility()
        self.assertFalse(self.person_a1.is_eligible)
        with self.assertRaisesRegex(ValidationError, "between 1 and 100"):
            self.env["rehab.settings"].create({"rehab_window_years": 0})

    def test_citizen_id_checks(self):
        cases = {
            "02009000451": "12 digits",
            "02009000451X": "digits only",
            "003090004512": "province code",
            "020190004513": "gender",
            "020290004513": "century",
            "020091004513": "year of birth",
        }
        for cid, message in cases.items():
            with (
                self.subTest(cid=cid),
                self.assertRaisesRegex(ValidationError, message),
            ):
                self.Person.create(self.person_vals(self.commune_a1, citizen_id=cid))

    def test_duplicate_visible_to_the_user_is_named(self):
        police = self.Person.with_user(self.police_user)
        with self.assertRaisesRegex(
            ValidationError, "Hoàng Văn Sáng in Test commune A1"
        ):
            police.create(self.person_vals(self.commune_a1, name="Another"))

    def test_duplicate_in_another_commune_is_not_revealed(self):
        police_b = self.Person.with_user(self.police_b_user)
        with self.assertRaises(ValidationError) as caught:
            police_b.create(self.person_vals(self.commune_b1, name="Trùng số"))
        message = str(caught.exception)
        self.assertIn("already registered in the programme", message)
        self.assertNotIn("Hoàng Văn Sáng", message)
        self.assertNotIn("Test commune A1", message)
        # An archived record still holds its number.
        self.person_a1.active = False
        with self.assertRaisesRegex(ValidationError, "already registered"):
            police_b.create(self.person_vals(self.commune_b1, name="Trùng số"))

    def test_same_id_twice_in_one_batch(self):
        with self.assertRaisesRegex(ValidationError, "two people at once"):
            self.Person.create(
                [
                    self.person_vals(self.commune_a1, citizen_id="020090002222"),
                    self.person_vals(self.commune_a1, citizen_id="020090002222"),
                ]
            )

    def test_dates_and_amounts(self):
        bad = {
            "birth_date": "2999-01-01",
            "decision_date": "1980-01-01",
            "completion_date": "2999-01-01",
            "amount_needed": -1,
        }
        for field, value in bad.items():
            with self.subTest(field=field), self.assertRaises(ValidationError):
                self.Person.create(
                    self.person_vals(
                        self.commune_a1, citizen_id="020090003333", **{field: value}
                    )
                )
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            self.person_a1.write(
                {"training_start": "2026-12-01", "training_end": "2026-11-30"}
            )

    def test_person_belongs_to_a_commune(self):
        with self.assertRaisesRegex(ValidationError, "commune or ward"):
            self.Person.create(
                self.person_vals(self.office_a, citizen_id="020090004444")
            )

    def test_form_as_police_shows_reasons_as_you_type(self):
        form = Form(self.Person.with_user(self.police_user))
        form.name = "Đinh Văn Mới"
        form.citizen_id = "020090005555"
        form.birth_date = date(1990, 1, 1)
        form.gender = "male"
        self.assertFalse(form.is_eligible)
        self.assertIn("Rehab route", form.eligibility_reasons)
        form.rehab_route = "compulsory"
        form.completion_date = date(2025, 1, 1)
        form.decision_date = date(2025, 2, 1)
        self.assertTrue(form.is_eligible)
        person = form.save()
        self.assertEqual(person.company_id, self.commune_a1)
        self.assertTrue(person.is_eligible)

    def test_referenced_person_is_archived_not_deleted(self):
        establishment = self.env["rehab.establishment"].create(
            {
                "name": "HTX",
                "establishment_type": "cooperative",
                "company_id": self.commune_a1.id,
                "total_workers": 5,
                "worker_ids": [
                    (0, 0, {"person_id": self.person_a1.id, "contract_number": "1"})
                ],
            }
        )
        police_person = self.person_a1.with_user(self.police_user)
        with self.assertRaisesRegex(UserError, "archive the record instead"):
            police_person.unlink()
        police_person.action_archive()
        self.assertFalse(self.person_a1.active)
        self.assertEqual(establishment.worker_ids.person_id, self.person_a1)
        # A person nobody refers to can be deleted.
        other = self.Person.create(
            self.person_vals(self.commune_a1, citizen_id="020090006666")
        )
        other.with_user(self.police_user).unlink()
        self.assertFalse(other.exists())

    def test_scheduled_actions_run(self):
        self.person_a1.sudo().write({"is_eligible": False})
        self.env.ref(
            "post_rehab_credit.ir_cron_refresh_eligibility"
        ).method_direct_trigger()
        # The scheduled action enqueues the jobs; the job runner does them.
        self.assertTrue(perform_queued_jobs(self.env))
        self.assertTrue(self.person_a1.is_eligible)
        self.env.ref(
            "post_rehab_credit.ir_cron_refresh_establishment_share"
        ).method_direct_trigger()
        perform_queued_jobs(self.env)
        self.assertFalse(self.env["queue.job"].search_count([("state", "!=", "done")]))
