from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import RegistryCase

# Which operations each role may do on the records of its own commune or province:
# read, write, create, unlink.
PEOPLE = {
    "police_user": "rwcd",
    "chairman_user": "rw",
    "commune_officer_user": "r",
    "savings_user": "",
    "vbsp_user": "",
    "vbsp_manager_user": "",
    "province_user": "r",
    "department_user": "",
    "admin_user": "rwcd",
}
ESTABLISHMENTS = {
    "police_user": "rwcd",
    "chairman_user": "rw",
    "commune_officer_user": "r",
    "savings_user": "r",
    "vbsp_user": "r",
    "vbsp_manager_user": "r",
    "province_user": "r",
    "department_user": "r",
    "admin_user": "rwcd",
}
SENSITIVE = ("rehab_route", "rehab_facility", "decision_date", "conduct_ids")


@tagged("post_install", "-at_install")
class TestRegistryAccess(RegistryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.establishment_a1 = cls.env["rehab.establishment"].create(
            {
                "name": "HTX A1",
                "establishment_type": "cooperative",
                "company_id": cls.commune_a1.id,
                "total_workers": 10,
            }
        )
        cls.establishment_b1 = cls.env["rehab.establishment"].create(
            {
                "name": "HTX B1",
                "establishment_type": "cooperative",
                "company_id": cls.commune_b1.id,
                "total_workers": 10,
            }
        )

    def _allowed(self, record, user, operation):
        record = record.with_user(user).with_context(
            allowed_company_ids=[user.company_id.id]
        )
        try:
            if operation == "r":
                record.check_access("read")
                record.read(["name"])
            elif operation == "w":
                record.check_access("write")
                record.write({"name": record.sudo().name})
            elif operation == "d":
                record.check_access("unlink")
            return True
        except AccessError:
            return False

    def _can_create(self, model, user, vals):
        Model = (
            self.env[model]
            .with_user(user)
            .with_context(allowed_company_ids=[user.company_id.id])
        )
        try:
            with self.cr.savepoint():
                Model.create(vals)
            return True
        except AccessError:
            return False

    def _check_matrix(self, matrix, record, model, create_vals):
        for login, allowed in matrix.items():
            user = getattr(self, login)
            for operation in "rwd":
                with self.subTest(user=login, operation=operation):
                    self.assertEqual(
                        self._allowed(record, user, operation), operation in allowed
                    )
            with self.subTest(user=login, operation="c"):
                self.assertEqual(
                    self._can_create(model, user, create_vals(user)), "c" in allowed
                )

    def test_people_by_role(self):
        counter = iter(range(100, 200))

        def vals(user):
            commune = (
                user.company_id
                if user.company_id.agency_type == "commune"
                else self.commune_a1
            )
            return self.person_vals(commune, citizen_id="020090000%03d" % next(counter))

        self._check_matrix(PEOPLE, self.person_a1, "rehab.person", vals)

    def test_establishments_by_role(self):
        def vals(user):
            commune = (
                user.company_id
                if user.company_id.agency_type == "commune"
                else self.commune_a1
            )
            return {
                "name": "HTX mới",
                "establishment_type": "sme",
                "company_id": commune.id,
            }

        self._check_matrix(
            ESTABLISHMENTS, self.establishment_a1, "rehab.establishment", vals
        )

    def test_nobody_sees_another_province(self):
        for login in PEOPLE:
            user = getattr(self, login)
            if login == "admin_user":
                continue
            with self.subTest(user=login):
                self.assertFalse(self._allowed(self.person_b1, user, "r"))
                self.assertFalse(self._allowed(self.establishment_b1, user, "r"))

    def test_commune_roles_see_only_their_commune(self):
        person_a2 = self.Person.create(
            self.person_vals(self.commune_a2, citizen_id="020090000777")
        )
        self.assertFalse(self._allowed(person_a2, self.police_user, "r"))
        self.assertTrue(self._allowed(person_a2, self.province_user, "r"))
        People = self.Person.with_user(self.police_user)
        self.assertEqual(People.search([]), self.person_a1)

    def test_police_cannot_register_in_another_commune(self):
        self.assertFalse(
            self._can_create(
                "rehab.person",
                self.police_user,
                self.person_vals(self.commune_a2, citizen_id="020090000888"),
            )
        )

    def test_office_sees_establishments_of_served_communes_only(self):
        establishment_a3 = self.env["rehab.establishment"].create(
            {
                "name": "HTX A3",
                "establishment_type": "sme",
                "company_id": self.commune_a3.id,
            }
        )
        visible = self.env["rehab.establishment"].with_user(self.vbsp_user).search([])
        self.assertIn(self.establishment_a1, visible)
        self.assertNotIn(establishment_a3, visible)

    def test_sensitive_fields_hidden_from_commune_officer(self):
        officer = self.person_a1.with_user(self.commune_officer_user)
        officer.read(["name", "citizen_id_masked", "village", "is_eligible"])
        # The citizen ID, masked (tests/test_masking.py).
        for field in SENSITIVE + (
            "eligibility_reasons",
            "window_end_date",
            "citizen_id",
        ):
            with self.subTest(field=field), self.assertRaises(AccessError):
                officer.read([field])
        fields = (
            self.env["rehab.person"].with_user(self.commune_officer_user).fields_get()
        )
        self.assertNotIn("rehab_route", fields)
        police_fields = (
            self.env["rehab.person"].with_user(self.police_user).fields_get()
        )
        self.assertIn("rehab_route", police_fields)
        # Nor can the officer search on them.
        with self.assertRaises(AccessError):
            self.env["rehab.person"].with_user(self.commune_officer_user).search(
                [("rehab_route", "=", "voluntary")]
            )

    def test_worker_lines_hidden_from_the_bank(self):
        self.establishment_a1.worker_ids = [
            (
                0,
                0,
                {
                    "person_id": self.person_a1.id,
                    "contract_number": "1",
                    "contract_start": "2026-01-01",
                },
            )
        ]
        bank = self.establishment_a1.with_user(self.vbsp_user)
        self.assertEqual(bank.rehab_worker_count, 1)
        with self.assertRaises(AccessError):
            bank.read(["worker_ids"])
