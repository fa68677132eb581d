# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import PostRehabCreditCase


@tagged("post_install", "-at_install")
class TestWizardOwner(PostRehabCreditCase):
    """A wizard's record is read and written by its maker only: not the file
    of another commune's import, nor another province's PAR30 as of a day."""

    def test_another_user_neither_reads_nor_writes_a_wizard(self):
        imports = (
            self.env["rehab.person.import"]
            .with_user(self.police_user)
            .create(
                {
                    "company_id": self.commune_a1.id,
                    "file": base64.b64encode(b"079201000001"),
                    "file_name": "nguoi.xlsx",
                }
            )
        )
        self.assertTrue(imports.file)
        Import = self.env["rehab.person.import"].with_user(self.police_b_user)
        self.assertFalse(Import.search([("id", "=", imports.id)]))
        with self.assertRaises(AccessError):
            Import.browse(imports.id).read(["file"])
        with self.assertRaises(AccessError):
            Import.browse(imports.id).write({"file_name": "x.xlsx"})

    def test_par_as_of_is_its_maker_s(self):
        wizard = (
            self.env["rehab.loan.as.of"]
            .with_user(self.province_user)
            .create({"as_of_date": date(2026, 6, 30)})
        )
        wizard.action_open_par()
        lines = (
            self.env["rehab.loan.par.as.of"]
            .with_user(self.province_user)
            .create({"company_id": self.commune_a1.id, "loan_count": 1})
        )
        for other in (self.police_b_user, self.department_user):
            with self.subTest(user=other.login):
                Par = self.env["rehab.loan.par.as.of"].with_user(other)
                self.assertFalse(Par.search([]))
                with self.assertRaises(AccessError):
                    Par.browse(lines.id).read(["outstanding_principal"])
                with self.assertRaises(AccessError):
                    Par.browse(lines.id).write({"outstanding_principal": 1})
                with self.assertRaises(AccessError):
                    self.env["rehab.loan.as.of"].with_user(other).browse(
                        wizard.id
                    ).action_open_par()
