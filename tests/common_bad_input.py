# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bad input over every form and wizard.

Each bad value is tried through the form or the wizard of the role that types
it, once in English and once in Vietnamese. The test checks the kind of error,
that its message says clearly what is wrong, in the user's language, and that
the database is as it was before (what a request that fails leaves behind).

Every message is checked in English and in Vietnamese. The messages this
sweep added are marked ``NEW`` (a record of what it found missing).

Wrong types (text in an amount, a date that does not exist, a value outside a
selection) cannot be typed in the web client, whose widgets enforce them; sent
anyway, they are refused with a ValidationError naming the field, and nothing
is written (checked here, and over JSON-RPC in test_bad_values).
An empty required field is refused by the form before anything reaches the
server: the user reads the (translated) label of the field, checked here.
"""

import contextlib
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo.service.model import _as_validation_error
from odoo.tools import mute_logger

from ..tools.rehab_rules import agency_date

LANGS = ("en_US", "vi_VN")
NEW = True  # the message is added by this sweep (see the module docstring)
LONG_TEXT = ("Tuyên truyền chính sách tín dụng cho người sau cai nghiện. " * 200)[
    :10_000
]
# Good text in the scripts a province may meet, kept exactly as typed.
GOOD_NAMES = [
    "Nguyễn Thị Ánh Tuyết",
    "Đặng Thị Hồng Nhung",
    "Lò Văn Páo",
    "Hoàng Thị Ỷ",
    "李小龍",
    "สมชาย ใจดี",
    "محمد علي",
    "Ким Ли",
    "Nguyễn Văn Ơn 😀",
    "Ê" * 256,
]


class _Undo(Exception):
    """Raised to roll a savepoint back."""


def tomorrow():
    return agency_date() + timedelta(days=1)


class BadInputMixin:
    """Helpers: run a failing call in both languages and compare the data."""

    def _env(self, lang):
        return self.env(context=dict(self.env.context, lang=lang))

    @staticmethod
    def _like_rpc(env, call):
        """Run ``call`` as a request of the web client does.

        A database constraint reaches the user as the translated
        ValidationError Odoo makes of it.
        """
        try:
            with mute_logger("odoo.sql_db"), env.cr.savepoint():
                return call()
        except IntegrityError as error:
            raise _as_validation_error(env, error) from error

    def _state(self, models=(), records=None, fnames=None):
        """Counts of ``models`` and values of ``records`` (one or several
        recordsets), as the database holds them."""
        self.env.invalidate_all()
        counts = {
            model: self.env[model]
            .sudo()
            .with_context(active_test=False)
            .search_count([])
            for model in models
        }
        if records is None:
            records = []
        elif not isinstance(records, (list, tuple)):
            records = [records]
        if not fnames or not isinstance(fnames[0], list):
            fnames = [fnames] * len(records)
        values = [
            r.sudo().with_context(active_test=False).read(f)
            for r, f in zip(records, fnames, strict=True)
        ]
        return counts, values

    def assertRefused(
        self,
        call,
        exception,
        english,
        vietnamese,
        *,
        new=False,
        models=(),
        records=None,
        fnames=None,
    ):
        """``call(env)`` raises ``exception`` with a clear message in both
        languages and leaves ``models`` and ``records`` as they were."""
        before = self._state(models, records, fnames)
        for lang in LANGS:
            env = self._env(lang)
            with self.subTest(lang=lang):
                caught = self._refusal(env, call, exception)
                message = str(caught)
                if lang == "en_US":
                    self.assertIn(english, message)
                else:
                    self.assertIn(vietnamese, message)
        self.assertEqual(self._state(models, records, fnames), before)

    def _refusal(self, env, call, exception):
        """The ``exception`` ``call(env)`` raises; what it did is undone even
        when it does not raise, so that the next case starts clean."""
        caught = None
        with contextlib.suppress(_Undo), self.env.cr.savepoint():
            try:
                self._like_rpc(env, lambda: call(env))
            except exception as error:
                caught = error
            raise _Undo
        self.env.invalidate_all()
        if caught is None:
            self.fail("%s not raised" % exception.__name__)
        return caught

    def assertLabel(self, model, fname, vi_label):
        """The label the web client names an invalid field with, in Vietnamese."""
        env = self._env("vi_VN")
        self.assertEqual(env[model]._fields[fname]._description_string(env), vi_label)

    def assertRequiredFields(self, make_form, model, labels, models=()):
        """Each of ``labels`` ({field: Vietnamese label}) is refused when empty."""
        before = self._state(models)
        for fname, vi_label in labels.items():
            with self.subTest(required=fname):
                field = self.env[model]._fields[fname]
                for lang in LANGS:
                    env = self._env(lang)
                    form = make_form(env)
                    empty = (
                        env[field.comodel_name] if field.type == "many2one" else False
                    )
                    setattr(form, fname, empty)
                    with self.assertRaisesRegex(
                        AssertionError, "%s is a required field" % fname
                    ):
                        form.save()
                self.assertLabel(model, fname, vi_label)
        self.assertEqual(self._state(models), before)
