import base64
import hashlib
import hmac

from odoo.tests import HttpCase, tagged

from .common import MonthlyListCase

LEGACY_PARAM = "post_rehab_credit.slip_secret"


def _encode(raw):
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@tagged("post_install", "-at_install")
class TestSlipToken(HttpCase, MonthlyListCase):
    """The slip's QR token is signed with Odoo's HMAC on the database secret;
    the slips printed before, signed with the programme's own secret, still
    verify while that secret is kept."""

    def setUp(self):
        super().setUp()
        record = self._confirmed_list()
        line = record.line_ids.filtered(lambda line: line.person_id == self.person_a1)
        self.Slip = self.env["rehab.referral.slip"]
        self.slip = self.Slip.create({"line_id": line.id})

    def _legacy_token(self, slip, secret):
        """A token made the way the slips printed before were made."""
        message = ("%s:%s" % (slip.id, slip.name)).encode()
        signature = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
        return _encode("%s.%s" % (slip.id, signature[:32]))

    def _page(self, token):
        response = self.url_open("/slip/%s" % token)
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_a_new_token_verifies_without_the_old_secret(self):
        Params = self.env["ir.config_parameter"].sudo()
        Params.search([("key", "=", LEGACY_PARAM)]).unlink()
        token = self.slip._token()
        self.assertEqual(self.Slip._from_token(token), self.slip)
        self.assertIn('data-state="valid"', self._page(token))
        # Issuing a slip no longer makes a secret of the programme's own.
        self.assertFalse(Params.get_param(LEGACY_PARAM))
        # The signature is Odoo's, in the slip's own scope.
        self.assertNotEqual(
            token, self._legacy_token(self.slip, Params.get_param("database.secret"))
        )

    def test_a_token_made_the_old_way_still_verifies(self):
        Params = self.env["ir.config_parameter"].sudo()
        Params.set_param(LEGACY_PARAM, "f" * 64)
        token = self._legacy_token(self.slip, "f" * 64)
        self.assertNotEqual(token, self.slip._token())
        self.assertEqual(self.Slip._from_token(token), self.slip)
        page = self._page(token)
        self.assertIn('data-state="valid"', page)
        self.assertIn(self.slip.name, page)
        # Made with another secret: refused.
        self.assertFalse(self.Slip._from_token(self._legacy_token(self.slip, "e" * 64)))
        # The old secret removed: the old slips are revoked at once, not the new.
        Params.search([("key", "=", LEGACY_PARAM)]).unlink()
        self.assertFalse(self.Slip._from_token(token))
        self.assertIn('data-state="invalid"', self._page(token))
        self.assertEqual(self.Slip._from_token(self.slip._token()), self.slip)

    def test_forged_and_altered_tokens_are_refused(self):
        self.env["ir.config_parameter"].sudo().set_param(LEGACY_PARAM, "f" * 64)
        token = self.slip._token()
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        slip_id, signature = raw.split(".", 1)
        other = "%d" % (self.slip.id + 1)
        flipped = ("0" if signature[0] != "0" else "1") + signature[1:]
        for forged in (
            "not-a-token",
            _encode("%s.%s" % (slip_id, "0" * 32)),
            _encode("%s.%s" % (slip_id, flipped)),
            _encode("%s.%s" % (slip_id, signature[:31])),
            _encode("%s.%s" % (slip_id, signature + "0")),
            _encode("%s.%s" % (other, signature)),
            _encode("%s.%sé" % (slip_id, signature[:31])),
            _encode("%s.%s" % (slip_id, "")),
            # Made the old way, with another secret.
            self._legacy_token(self.slip, "e" * 64),
        ):
            with self.subTest(forged=forged):
                self.assertFalse(self.Slip._from_token(forged))
                page = self._page(forged)
                self.assertIn('data-state="invalid"', page)
                self.assertNotIn(self.slip.name, page)
        # A new database secret invalidates the new tokens.
        self.env["ir.config_parameter"].sudo().set_param("database.secret", "x" * 64)
        self.assertFalse(self.Slip._from_token(token))

    def test_the_page_shows_nothing_sensitive(self):
        self.env["ir.config_parameter"].sudo().set_param(LEGACY_PARAM, "f" * 64)
        person = self.person_a1
        for token in (self.slip._token(), self._legacy_token(self.slip, "f" * 64)):
            with self.subTest(token=token):
                page = self._page(token)
                self.assertIn('data-state="valid"', page)
                self.assertIn(self.slip.name, page)
                for secret in (
                    person.name,
                    person.citizen_id,
                    person.rehab_facility,
                    "Cơ sở cai nghiện",
                    "f" * 64,
                    self.slip._signature(),
                ):
                    self.assertTrue(secret)
                    self.assertNotIn(secret, page)
                self.assertNotIn("o_rehab_slip_open", page)
