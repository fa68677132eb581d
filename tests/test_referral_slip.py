import base64
import io
import zipfile

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged

from .common import MonthlyListCase, xlsx_table


@tagged("post_install", "-at_install")
class TestReferralSlip(MonthlyListCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Slip = cls.env["rehab.referral.slip"]

    def setUp(self):
        super().setUp()
        self.record = self._confirmed_list()
        self.line = self.record.line_ids.filtered(
            lambda line: line.person_id == self.person_a1
        )

    def _issue(self, line=None, user=None):
        line = (line or self.line).with_user(user or self.police_user)
        return self.Slip.browse(line.action_issue_slip()["res_id"])

    def test_slip_number_validity_and_values(self):
        with freeze_time("2026-12-02"):
            slip = self._issue()
        self.assertEqual(slip.name, "T11/2026/PGT-00001")
        self.assertEqual(str(slip.expiry_date), "2027-03-02")
        self.assertEqual(slip.amount, 50_000_000)
        self.assertEqual(slip.purpose, "production")
        self.assertEqual(slip.vbsp_office_id, self.office_a)
        self.assertEqual(self.line.slip_id, slip)
        with self.assertRaisesRegex(UserError, "already has a valid"):
            self._issue()

    def test_who_issues_a_slip(self):
        """The commune police, or the chairman who signs it for the commune."""
        slip = self._issue(user=self.chairman_user)
        self.assertEqual(slip.create_uid, self.chairman_user)
        second_line = self.record.line_ids - self.line
        for user in (self.commune_officer_user, self.vbsp_user, self.province_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._issue(second_line, user)
        # Nobody creates a slip directly, not even the police: only the step.
        for user in (self.police_user, self.chairman_user, self.vbsp_user):
            with (
                self.subTest(user=user.login),
                self.assertRaises(UserError),
            ):
                self.Slip.with_user(user).create({"line_id": second_line.id})
        self.assertFalse(second_line.slip_ids)

    def test_numbers_per_commune_and_year(self):
        with freeze_time("2026-12-02"):
            first = self._issue()
        second_line = self.record.line_ids - self.line
        with freeze_time("2027-01-03"):
            second = self._issue(second_line)
        self.assertEqual(first.name, "T11/2026/PGT-00001")
        self.assertEqual(second.name, "T11/2027/PGT-00001")
        other = self._list(self.commune_a2)
        other.line_ids = [
            (
                0,
                0,
                {
                    "person_id": self.Person.create(
                        self.person_vals(self.commune_a2, citizen_id="020090900005")
                    ).id
                },
            )
        ]
        other.state = "confirmed"
        with freeze_time("2026-12-02"):
            third = self.Slip.create({"line_id": other.line_ids.id})
        self.assertEqual(third.name, "T12/2026/PGT-00001")

    def test_no_slip_from_an_unconfirmed_list_or_a_left_out_line(self):
        draft = self._list(month="2027-01-01")
        with self.assertRaisesRegex(UserError, "only from a confirmed list"):
            self.Slip.create({"line_id": draft.line_ids[0].id})
        self.line.excluded = True
        with self.assertRaisesRegex(UserError, "left out"):
            self._issue()

    def test_tokens(self):
        slip = self._issue()
        token = slip._token()
        self.assertEqual(self.Slip._from_token(token), slip)
        # Forged: not base64, or a made-up signature.
        self.assertFalse(self.Slip._from_token("not-a-token"))
        forged = base64.urlsafe_b64encode(b"%d.%s" % (slip.id, b"0" * 32)).decode()
        self.assertFalse(self.Slip._from_token(forged))
        # Altered: one character of a real token, or another slip's id.
        altered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
        self.assertFalse(self.Slip._from_token(altered))
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        other_id = raw.replace("%d." % slip.id, "%d." % (slip.id + 1), 1)
        self.assertFalse(
            self.Slip._from_token(base64.urlsafe_b64encode(other_id.encode()).decode())
        )
        # A new secret invalidates every token (Odoo's HMAC: the database's).
        self.env["ir.config_parameter"].set_param("database.secret", "x" * 64)
        self.assertFalse(self.Slip._from_token(token))

    def test_expiry(self):
        with freeze_time("2026-12-02"):
            slip = self._issue()
        with freeze_time("2027-03-02"):
            self.assertEqual(slip._public_state(), "valid")
            self.Slip._cron_expire_slips()
            self.assertEqual(slip.state, "valid")
        with freeze_time("2027-03-03"):
            self.assertEqual(slip._public_state(), "expired")
            with self.assertRaisesRegex(
                UserError, "cannot be used|taken only when it is «Valid»"
            ):
                slip._use()
            self.Slip._cron_expire_slips()
            self.assertEqual(slip.state, "expired")
            self.Slip._cron_expire_slips()
            self.assertEqual(slip.state, "expired")

    def test_revoke_and_use(self):
        slip = self._issue()
        wizard = Form(
            self.env["rehab.referral.slip.revoke"]
            .with_user(self.police_user)
            .with_context(default_slip_id=slip.id)
        )
        wizard.reason = "Người vay đã chuyển đi nơi khác"
        wizard.save().action_revoke()
        self.assertEqual(slip.state, "revoked")
        self.assertEqual(slip.revoke_reason, "Người vay đã chuyển đi nơi khác")
        with self.assertRaisesRegex(
            UserError, "cannot be used|taken only when it is «Valid»"
        ):
            slip._use()
        second = self._issue()
        second._use()
        self.assertEqual(second.state, "used")
        # The line shows its used slip, and no button issues another.
        self.assertEqual(self.line.slip_id, second)
        self.assertTrue(second.used_date)
        with self.assertRaisesRegex(
            UserError, "cannot be used|taken only when it is «Valid»"
        ):
            second._use()
        with self.assertRaisesRegex(UserError, "taken only when it is «Valid»"):
            second._revoke("x")
        with self.assertRaisesRegex(UserError, "already has a valid or used"):
            self._issue()

    def test_qweb_slip_holds_the_qr_code(self):
        slip = self._issue()
        # Printed by the commune police, who cannot read the province's company.
        html = (
            self.env["ir.actions.report"]
            .with_user(self.police_user)
            ._render_qweb_html(
                "post_rehab_credit.action_report_referral_slip", slip.ids
            )[0]
            .decode()
        )
        self.assertIn("data:image/png;base64,", html)
        self.assertIn("o_rehab_slip_qr", html)
        self.assertIn(slip.name, html)
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", html)
        self.assertIn(self.person_a1.citizen_id, html)
        qr = base64.b64decode(slip.qr_image)
        self.assertEqual(qr[:8], b"\x89PNG\r\n\x1a\n")

    def test_monthly_list_three_ways(self):
        Report = self.env["ir.actions.report"].with_user(self.police_user)
        html = Report._render_qweb_html(
            "post_rehab_credit.action_report_monthly_list", self.record.ids
        )[0].decode()
        self.assertIn("Độc lập - Tự do - Hạnh phúc", html)
        self.assertIn("Hoàng Văn Sáng", html)
        self.assertIn("Người thứ hai", html)

        content, kind = Report._render(
            "post_rehab_credit.action_report_monthly_list_odt", self.record.ids
        )
        self.assertEqual(kind, "odt")
        with zipfile.ZipFile(io.BytesIO(content)) as odt:
            xml = odt.read("content.xml").decode()
        self.assertIn("Hoàng Văn Sáng", xml)
        self.assertIn("Người thứ hai", xml)
        self.assertIn(self.person_a1.citizen_id, xml)
        self.assertNotIn("user-field-get", xml)
        self.assertNotIn("py3o://", xml)

        content, kind = Report._render_xlsx(
            "post_rehab_credit.action_report_monthly_list_xlsx", self.record.ids, {}
        )
        self.assertEqual(kind, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        # The table's lines (numbered), the total row aside.
        rows = [r for r in xlsx_table(sheet) if isinstance(r[0], int)]
        self.assertEqual(len(rows), len(self.record.line_ids))
        self.assertEqual({r[1] for r in rows}, {"Hoàng Văn Sáng", "Người thứ hai"})


@tagged("post_install", "-at_install")
class TestVerificationPage(HttpCase, MonthlyListCase):
    def test_public_page_says_only_the_state(self):
        record = self._confirmed_list()
        line = record.line_ids.filtered(lambda line: line.person_id == self.person_a1)
        slip = self.env["rehab.referral.slip"].create({"line_id": line.id})
        response = self.url_open("/rehab/slip/%s" % slip._token())
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn('data-state="valid"', page)
        self.assertIn(slip.name, page)
        self.assertIn("Test commune A1", page)
        for secret in (
            self.person_a1.name,
            self.person_a1.citizen_id,
            "Cơ sở cai nghiện",
        ):
            self.assertNotIn(secret, page)
        self.assertNotIn("o_rehab_slip_open", page)

        forged = self.url_open("/rehab/slip/%s" % ("A" * 40)).text
        self.assertIn('data-state="invalid"', forged)
        self.assertNotIn(slip.name, forged)

        slip._use()
        self.assertIn(
            'data-state="used"', self.url_open("/rehab/slip/%s" % slip._token()).text
        )

    def test_bank_officer_gets_a_link_to_the_slip(self):
        record = self._confirmed_list()
        record.action_send()
        slip = self.env["rehab.referral.slip"].create(
            {"line_id": record.line_ids[0].id}
        )
        self.vbsp_user.password = "vbsp-pass-123"
        self.authenticate(self.vbsp_user.login, "vbsp-pass-123")
        page = self.url_open("/rehab/slip/%s" % slip._token()).text
        self.assertIn("o_rehab_slip_open", page)
        self.assertIn(
            "/odoo/action-post_rehab_credit.rehab_referral_slip_action/%s" % slip.id,
            page,
        )
