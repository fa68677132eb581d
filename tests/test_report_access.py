"""A document of records the user may not read answers 403 (issue 20).

Before, the AccessError was raised inside the template's rendering and the
server answered 500 with a traceback. The demo's Châu Sơn collection sheets
and session reports, asked for by users of other communes.
"""

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

DEMO = "post_rehab_credit."
REPORTS = (
    ("report_collection_sheet", "rehab.session.sheet", ("html", "pdf")),
    ("collection_sheet_xlsx", "rehab.session.sheet", ("xlsx",)),
    ("report_transaction_session", "rehab.transaction.session", ("html", "pdf")),
)


@tagged("post_install", "-at_install")
class TestReportAccessOverHttp(HttpCase):
    def setUp(self):
        super().setUp()
        chau_son = self.env.ref(DEMO + "company_chau_son")
        # Records of Châu Sơn its savings-group officer reads.
        reader = self.env.ref(DEMO + "user_savings_chau_son")
        self.records = {
            model: self.env[model]
            .with_user(reader)
            .search([("company_id", "=", chau_son.id)], limit=1)
            .sudo()
            for model in ("rehab.session.sheet", "rehab.transaction.session")
        }
        for model, record in self.records.items():
            self.assertTrue(record, model)

    def _get(self, login, converter, report, record):
        self.authenticate(login, login)
        return self.url_open(
            "/report/%s/%s%s/%s" % (converter, DEMO, report, record.id),
            allow_redirects=False,
        )

    def test_users_of_other_communes_are_refused(self):
        for xmlid in ("user_savings_mai_son", "user_police_mai_son"):
            user = self.env.ref(DEMO + xmlid)
            for report, model, converters in REPORTS:
                record = self.records[model]
                # The user cannot read the record: the premise of the test.
                with self.assertRaises(AccessError):
                    record.with_user(user).check_access("read")
                for converter in converters:
                    with (
                        self.subTest(user=user.login, report=report, to=converter),
                        self.assertNoLogs("odoo", "ERROR"),
                    ):
                        response = self._get(user.login, converter, report, record)
                        self.assertEqual(response.status_code, 403)
                        self.assertNotIn(record.display_name, response.text)

    def test_the_commune_s_own_users_read_them(self):
        user = self.env.ref(DEMO + "user_savings_chau_son")
        for report, model, converters in REPORTS:
            if "html" not in converters:
                continue
            record = self.records[model]
            with self.subTest(report=report):
                response = self._get(user.login, "html", report, record)
                self.assertEqual(response.status_code, 200)
                self.assertIn("Châu Sơn", response.text)
