from datetime import date

from lxml import etree

from odoo.tests import tagged

from .common_loan import LoanCase


@tagged("post_install", "-at_install")
class TestViewsByRole(LoanCase):
    """Every role opens the form of every record it can read, as the web
    client does: the fields of its own form view, with the names of the
    related records, and without an access error."""

    def _spec(self, model, user):
        views = self.env[model].with_user(user).get_views([(False, "form")])
        fields_ = views["models"][model]["fields"]
        arch = etree.fromstring(views["views"]["form"]["arch"])
        # The fields of the form itself (not of its x2many sub-views), as they
        # remain after the groups the user lacks are taken out.
        names = set(arch.xpath("//field[not(ancestor::field)]/@name"))
        return {
            name: {"fields": {"display_name": {}}}
            if fields_[name].get("relation")
            else {}
            for name in names
        }

    def test_every_role_opens_what_it_reads(self):
        loan = self._disbursed()
        activity = self.env["rehab.support.activity"].create(
            {
                "name": "Tuyên truyền tại thôn",
                "activity_type": "communication",
                "date": date(2026, 6, 1),
                "company_id": self.commune_a1.id,
                "participant_ids": [(6, 0, self.person_a1.ids)],
            }
        )
        records = [
            self.person_a1,
            self.record,
            self.slip,
            loan,
            self.group,
            activity,
        ]
        users = [
            self.police_user,
            self.chairman_user,
            self.commune_officer_user,
            self.savings_user,
            self.vbsp_user,
            self.vbsp_manager_user,
            self.province_user,
            self.department_user,
            self.admin_user,
        ]
        opened = 0
        for user in users:
            for record in records:
                Model = self.env[record._name].with_user(user)
                if not Model.check_access_rights("read", raise_exception=False):
                    continue
                if not Model.search([("id", "=", record.id)]):
                    continue
                with self.subTest(user=user.login, model=record._name):
                    values = Model.browse(record.id).web_read(
                        self._spec(record._name, user)
                    )
                    self.assertEqual(values[0]["id"], record.id)
                    opened += 1
        self.assertGreater(opened, 30)

    def test_aggregate_roles_print_no_list_of_names(self):
        """A department reads a list's totals; only the roles that read its
        people find the list's prints in the Print menu."""

        def prints(user):
            bindings = (
                self.env["ir.actions.actions"]
                .with_user(user)
                .get_bindings("rehab.monthly.list")
            )
            return {action["name"] for action in bindings.get("report", [])}

        self.assertFalse(prints(self.department_user))
        self.assertEqual(len(prints(self.police_user)), 3)
        self.assertEqual(len(prints(self.vbsp_user)), 3)
