from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PREFIX, PostRehabCreditCase


@tagged("post_install", "-at_install")
class TestAgency(PostRehabCreditCase):
    def test_province_is_the_root_of_its_agencies(self):
        self.assertEqual(self.commune_a1.province_id, self.province_a)
        self.assertEqual(self.office_a.province_id, self.province_a)
        self.assertEqual(self.province_a.province_id, self.province_a)
        self.assertEqual(self.commune_b1.province_id, self.province_b)
        self.assertEqual(self.commune_a1.currency_id.name, "VND")

    def test_office_serves_communes_both_ways(self):
        self.assertEqual(
            self.office_a.served_commune_ids, self.commune_a1 | self.commune_a2
        )
        self.assertEqual(self.commune_a1.vbsp_office_ids, self.office_a)
        self.assertFalse(self.commune_a3.vbsp_office_ids)

    def test_office_cannot_serve_another_province(self):
        with self.assertRaisesRegex(ValidationError, "own province"):
            self.office_a.served_commune_ids = [(4, self.commune_b1.id)]

    def test_only_an_office_serves_communes(self):
        with self.assertRaisesRegex(ValidationError, "Only a VBSP transaction office"):
            self.branch_a.served_commune_ids = [(4, self.commune_a1.id)]

    def test_agency_needs_a_province(self):
        with self.assertRaisesRegex(ValidationError, "must belong to a province"):
            self.env["res.company"].create(
                {"name": "Lost commune", "agency_type": "commune"}
            )
        with self.assertRaisesRegex(ValidationError, "must belong to a province"):
            self.env["res.company"].create(
                {
                    "name": "Nested",
                    "agency_type": "commune",
                    "parent_id": self.commune_a1.id,
                }
            )

    def test_province_has_no_parent(self):
        with self.assertRaisesRegex(ValidationError, "cannot belong"):
            self.env["res.company"].create(
                {
                    "name": "Province in province",
                    "agency_type": "province_committee",
                    "parent_id": self.province_a.id,
                }
            )

    def test_admin_code_is_unique(self):
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.env["res.company"].create(
                {
                    "name": "Duplicate code",
                    "agency_type": "commune",
                    "parent_id": self.province_a.id,
                    "admin_code": "T11",
                }
            )

    def test_group_implications(self):
        ref = self.env.ref
        user = ref(PREFIX + "programme_user")
        for role in (
            "commune_officer",
            "commune_police",
            "commune_chairman",
            "savings_group_officer",
            "vbsp_officer",
            "vbsp_manager",
            "province_officer",
            "department_officer",
            "programme_admin",
        ):
            group = ref(PREFIX + role)
            self.assertIn(user, group.trans_implied_ids, role)
            self.assertIn(ref("base.group_user"), group.trans_implied_ids, role)
            self.assertEqual(
                group.category_id,
                ref("post_rehab_credit.module_category_post_rehab_credit"),
            )
        self.assertIn(
            ref(PREFIX + "vbsp_officer"), ref(PREFIX + "vbsp_manager").trans_implied_ids
        )
        admin_implied = ref(PREFIX + "programme_admin").trans_implied_ids
        for role in (
            "commune_police",
            "commune_chairman",
            "vbsp_manager",
            "province_officer",
        ):
            self.assertIn(ref(PREFIX + role), admin_implied)
        # A police officer is not a chairman, nor a bank officer.
        police_implied = ref(PREFIX + "commune_police").trans_implied_ids
        self.assertNotIn(ref(PREFIX + "commune_chairman"), police_implied)
        self.assertNotIn(ref(PREFIX + "vbsp_officer"), police_implied)
        self.assertTrue(self.police_user.has_group(PREFIX + "programme_user"))
        self.assertFalse(self.police_user.has_group(PREFIX + "commune_chairman"))

    def test_errors_are_translated(self):
        Company = self.env["res.company"].with_context(lang="vi_VN")
        with self.assertRaisesRegex(ValidationError, "phải thuộc một UBND tỉnh"):
            Company.create({"name": "Lost commune", "agency_type": "commune"})
