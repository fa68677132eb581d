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

import base64
import contextlib
import datetime
import io
import unicodedata
from datetime import date, timedelta

import openpyxl
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from ..tools import rehab_rules
from ..tools.rehab_rules import agency_date
from .common import PREFIX, PostRehabCreditCase, RegistryCase, xlsx_file
from .test_loan import LoanCase
from .test_monthly_list import MonthlyListCase

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


# People, conduct, establishments, savings groups


PERSON = {
    "name": "Nguyễn Thị Ánh Tuyết",
    "citizen_id": "020190123456",
    "birth_date": date(1990, 7, 15),
    "gender": "female",
    "village": "Bản Khòn Pổ",
    "rehab_route": "voluntary",
    "completion_date": date(2024, 5, 20),
    "decision_date": date(2024, 6, 3),
}
NAME = PERSON["name"]
PERSON_MODELS = ("rehab.person", "rehab.person.conduct", "mail.message")


def person_cases():
    """(case, values, English, Vietnamese, new) for a new person."""
    digits = ("The citizen ID must contain digits only.", "Số CCCD chỉ được gồm")
    length = ("The citizen ID must be 12 digits long.", "phải gồm đúng 12 chữ số")
    born = tomorrow()
    return [
        ("letters in the ID", {"citizen_id": "02019012345A"}, *digits, False),
        ("spaces in the ID", {"citizen_id": "020 190 123 456"}, *digits, False),
        (
            "full-width digits",
            {"citizen_id": "０２０１９０１２３４５６"},
            *digits,
            False,
        ),
        ("Arabic-Indic digits", {"citizen_id": "٠٢٠١٩٠١٢٣٤٥٦"}, *digits, False),
        ("11 digits", {"citizen_id": "02019012345"}, *length, False),
        # A 13th digit was cut off by the field's size, silently.
        ("13 digits", {"citizen_id": "0201901234567"}, *length, False),
        (
            "unknown province",
            {"citizen_id": "999190123456"},
            "are not a province code",
            "không phải là mã tỉnh",
            False,
        ),
        (
            "ID of a man",
            {"citizen_id": "020090123456"},
            "does not match the gender",
            "không khớp với giới tính",
            False,
        ),
        (
            "ID of the 21st century",
            {"citizen_id": "020390123456"},
            "does not match the century",
            "không khớp với thế kỷ",
            False,
        ),
        (
            "ID of another year",
            {"citizen_id": "020191123456"},
            "do not match the year of birth",
            "không khớp với năm sinh",
            False,
        ),
        (
            "born tomorrow",
            {
                "birth_date": born,
                "citizen_id": "0203%02d123456" % (born.year % 100),
            },
            "The date of birth of %s is in the future." % NAME,
            "Ngày sinh của %s là một ngày trong tương lai." % NAME,
            False,
        ),
        (
            "born before 1900",
            {"birth_date": date(1899, 12, 31), "citizen_id": "020999123456"},
            "The date of birth of %s is before 1900." % NAME,
            "Ngày sinh của %s trước năm 1900." % NAME,
            NEW,
        ),
        (
            "rehab completed before birth",
            {"completion_date": date(1989, 1, 1)},
            "The date of rehab completion of %s is before the date of birth." % NAME,
            "Ngày hoàn thành cai nghiện của %s trước ngày sinh." % NAME,
            False,
        ),
        (
            "decision tomorrow",
            {"decision_date": tomorrow()},
            "The date of management decision of %s is in the future." % NAME,
            "Ngày ban hành quyết định quản lý của %s là một ngày trong tương lai."
            % NAME,
            False,
        ),
        (
            "informed before birth",
            {"informed_date": date(1980, 1, 1)},
            "The date of information on the policy of %s is before the date of "
            "birth." % NAME,
            "Ngày được tuyên truyền chính sách của %s trước ngày sinh." % NAME,
            False,
        ),
        (
            "course ends before it starts",
            {
                "purpose": "training",
                "training_start": date(2026, 9, 1),
                "training_end": date(2026, 6, 1),
            },
            "The course of %s ends before it starts." % NAME,
            "Khóa học của %s kết thúc trước khi bắt đầu." % NAME,
            False,
        ),
        (
            "negative need",
            {"amount_needed": -1},
            "The amount needed by %s cannot be negative." % NAME,
            "Số tiền cần vay của %s không được âm." % NAME,
            False,
        ),
        (
            "blank name",
            {"name": "   "},
            "The full name cannot be blank.",
            "Họ và tên không được để trống.",
            NEW,
        ),
        (
            "name of 257 characters",
            {"name": "Ê" * 257},
            "Full name of %s is longer than 256 characters." % ("Ê" * 257),
            "Họ và tên của %s dài quá 256 ký tự." % ("Ê" * 257),
            "Họ và tên of %s is longer than 256 characters." % ("Ê" * 257),
        ),
        (
            "village of 300 characters",
            {"village": "Bản " * 75},
            "Village / residential group of %s is longer than 256 characters." % NAME,
            "Thôn, bản, tổ dân phố của %s dài quá 256 ký tự." % NAME,
            "Thôn, bản, tổ dân phố of %s is longer than 256 characters." % NAME,
        ),
        (
            "representative's ID with letters",
            {"household_rep_citizen_id": "không rõ"},
            "Representative's citizen ID không rõ of %s: The citizen ID must "
            "contain digits only." % NAME,
            "Số CCCD người đại diện không rõ của %s: Số CCCD chỉ được gồm" % NAME,
            "Representative's citizen ID không rõ of %s: Số CCCD chỉ được gồm" % NAME,
        ),
        (
            "representative's ID of 13 digits",
            {"household_rep_citizen_id": "0200650011112"},
            "Representative's citizen ID •••••••••1112 of %s: The citizen ID must "
            "be 12 digits long." % NAME,
            "Số CCCD người đại diện •••••••••1112 của %s: Số CCCD phải gồm" % NAME,
            "Representative's citizen ID •••••••••1112 of %s: Số CCCD phải gồm" % NAME,
        ),
        (
            "ID of a person of the commune",
            {"citizen_id": "020090904512", "gender": "male"},
            "The citizen ID ••••••••4512 is already registered for Hoàng Văn Sáng "
            "in Test commune A1.",
            "Số CCCD ••••••••4512 đã được đăng ký cho Hoàng Văn Sáng tại Test "
            "commune A1.",
            False,
        ),
    ]


@tagged("post_install", "-at_install")
class TestBadInputRegistry(BadInputMixin, RegistryCase):
    def _person_form(self, env, user=None, record=None, **values):
        model = env["rehab.person"].with_user(user or self.police_user)
        form = Form(model.browse(record.id) if record else model)
        for name, value in (values if record else {**PERSON, **values}).items():
            setattr(form, name, value)
        return form

    def test_person_form_refuses_bad_values(self):
        for case, values, english, vietnamese, new in person_cases():
            with self.subTest(case=case):
                self.assertRefused(
                    lambda env, v=values: self._person_form(env, **v).save(),
                    ValidationError,
                    english,
                    vietnamese,
                    new=new,
                    models=PERSON_MODELS,
                )

    def test_person_form_required_fields(self):
        self.assertRequiredFields(
            self._person_form,
            "rehab.person",
            {
                "name": "Họ và tên",
                "citizen_id": "Số CCCD",
                "birth_date": "Ngày sinh",
                "gender": "Giới tính",
            },
            models=PERSON_MODELS,
        )

    def test_person_of_another_commune_is_not_revealed(self):
        self.assertRefused(
            lambda env: self._person_form(
                env,
                user=self.police_b_user,
                citizen_id=self.person_a1.citizen_id,
                birth_date=date(1990, 4, 12),
                gender="male",
            ).save(),
            ValidationError,
            "is already registered in the programme. If the person has moved",
            "đã có trong chương trình. Nếu người này đã chuyển đến",
            models=PERSON_MODELS,
        )

    def test_person_belongs_to_a_commune(self):
        self.assertRefused(
            lambda env: self._person_form(
                env, user=self.admin_user, company_id=self.office_a
            ).save(),
            ValidationError,
            "must belong to a commune or ward, not to Test VBSP office A.",
            "phải thuộc một xã, phường, không thuộc Test VBSP office A.",
            models=PERSON_MODELS,
        )

    def test_person_edit_keeps_the_record_on_bad_values(self):
        fnames = ["name", "citizen_id", "completion_date", "household_rep_citizen_id"]
        cases = [
            ({"citizen_id": "abc"}, "must contain digits only", "chỉ được gồm", 0),
            ({"citizen_id": "0200909045129"}, "12 digits long", "đúng 12 chữ số", 0),
            (
                {"citizen_id": self.person_b1.citizen_id},
                "already registered in the programme",
                "đã có trong chương trình",
                0,
            ),
            ({"completion_date": tomorrow()}, "in the future", "trong tương lai", 0),
            ({"name": " "}, "cannot be blank", "không được để trống", NEW),
            (
                {"household_rep_citizen_id": "12345"},
                "Representative's citizen ID •2345",
                "Số CCCD người đại diện •2345",
                NEW,
            ),
        ]
        for values, english, vietnamese, new in cases:
            with self.subTest(values=values):
                self.assertRefused(
                    lambda env, v=values: self._person_form(
                        env, record=self.person_a1, **v
                    ).save(),
                    ValidationError,
                    english,
                    vietnamese,
                    new=new,
                    models=PERSON_MODELS,
                    records=self.person_a1,
                    fnames=fnames,
                )

    def test_conduct_entries(self):
        def add_entry(env, day):
            form = self._person_form(env, record=self.person_a1)
            with form.conduct_ids.new() as entry:
                entry.date = day
                entry.kind = "violation"
                entry.note = "Đánh nhau"
            return form.save()

        cases = [
            (
                tomorrow(),
                "A conduct entry cannot be dated in the future.",
                "Không thể ghi nhận chấp hành pháp luật vào một ngày trong tương lai.",
                False,
            ),
            (
                date(1990, 4, 11),
                "A conduct entry cannot be dated before the person's date of birth.",
                "Không thể ghi nhận chấp hành pháp luật vào một ngày trước ngày sinh",
                NEW,
            ),
        ]
        for day, english, vietnamese, new in cases:
            with self.subTest(day=day):
                self.assertRefused(
                    lambda env, d=day: add_entry(env, d),
                    ValidationError,
                    english,
                    vietnamese,
                    new=new,
                    models=PERSON_MODELS,
                    records=self.person_a1,
                    fnames=["conduct", "is_eligible"],
                )
        # An entry without a date is refused by the form.
        form = self._person_form(self.env, record=self.person_a1)
        with self.assertRaisesRegex(AssertionError, "'date' is a required field"):
            with form.conduct_ids.new() as entry:
                entry.date = False
        self.assertLabel("rehab.person.conduct", "date", "Ngày")

    def test_conduct_entries_of_the_same_day_in_the_form(self):
        """Two entries of one day, or one without its date yet, are ordered in
        the form without a crash."""
        form = self._person_form(self.env, record=self.person_a1)
        for kind in ("violation", "good"):
            with form.conduct_ids.new() as entry:
                entry.date = date(2025, 3, 1)
                entry.kind = kind
        self.assertEqual(form.conduct, "good")
        with form.conduct_ids.new() as entry:
            entry.date = date(2025, 3, 1)
            entry.kind = "violation"
            entry.date = False
            entry.date = date(2025, 3, 2)
        self.assertEqual(form.conduct, "violation")
        form.save()
        self.assertEqual(len(self.person_a1.conduct_ids), 3)
        self.assertEqual(self.person_a1.conduct, "violation")

    def test_conduct_note_keeps_long_text(self):
        form = self._person_form(self.env, record=self.person_a1)
        with form.conduct_ids.new() as entry:
            entry.date = date(2025, 1, 10)
            entry.note = LONG_TEXT
        form.save()
        self.assertEqual(self.person_a1.conduct_ids.note, LONG_TEXT)

    def test_names_in_every_script_round_trip(self):
        for number, name in enumerate(GOOD_NAMES):
            with self.subTest(name=name[:20]):
                person = self._person_form(
                    self.env,
                    name=name,
                    citizen_id="020190%06d" % (700 + number),
                    village="Tổ dân phố số 7 – " + name[:200],
                    address=name[:256],
                    household_rep_name=name[:256],
                    household_rep_citizen_id="020065001111",
                ).save()
                self.env.invalidate_all()
                self.assertEqual(person.name, name)
                self.assertEqual(person.village, "Tổ dân phố số 7 – " + name[:200])
                self.assertEqual(person.address, name[:256])
                self.assertEqual(person.household_rep_name, name[:256])
                self.assertEqual(
                    self.env["rehab.person"].search([("name", "=", name)]), person
                )

    def test_decomposed_vietnamese_is_stored_composed(self):
        """Some keyboards type Vietnamese decomposed (NFD): one spelling is kept,
        so that a search finds the person whatever keyboard typed the name."""
        decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
        self.assertNotEqual(decomposed, "Nguyễn Thị Ánh Tuyết")
        person = self._person_form(
            self.env, name=decomposed, village=unicodedata.normalize("NFD", "Bản Ổ")
        ).save()
        self.assertEqual(person.name, "Nguyễn Thị Ánh Tuyết")
        self.assertEqual(person.village, "Bản Ổ")
        person.write({"name": unicodedata.normalize("NFD", "Lò Thị Ỏn")})
        self.assertEqual(person.name, "Lò Thị Ỏn")
        found = self.env["rehab.person"].search([("name", "ilike", "Ánh Tuyết")])
        self.assertFalse(found)
        self.assertEqual(
            self.env["rehab.person"].search([("name", "ilike", "Thị Ỏn")]), person
        )

    def test_wrong_types_are_refused_by_the_orm(self):
        """The widgets of the web client do not let these through; sent
        anyway, they are refused with the field's label and nothing is
        written."""
        Person = self.env["rehab.person"].with_user(self.police_user)
        vals = self.person_vals(self.commune_a1, citizen_id="020090123457")
        cases = [
            ("amount_needed", "năm mươi triệu", "«Amount needed» must be a number."),
            ("amount_needed", [50_000_000], "«Amount needed» must be a number."),
            ("birth_date", "31/02/1990", "«Date of birth» must be a valid date."),
            ("birth_date", "1990-02-31", "«Date of birth» must be a valid date."),
            ("gender", "nam", "«nam» is not one of the choices of «Gender»."),
            (
                "rehab_route",
                "tự nguyện",
                "«tự nguyện» is not one of the choices of «Rehab route».",
            ),
        ]
        before = self._state(PERSON_MODELS)
        for fname, value, message in cases:
            with (
                self.subTest(field=fname, value=value),
                mute_logger("odoo.sql_db"),
                self.assertRaises(ValidationError) as caught,
            ):
                Person.create({**vals, fname: value})
            self.assertIn(message, str(caught.exception))
        self.assertEqual(self._state(PERSON_MODELS), before)

    # Establishments

    def _establishment_form(self, env, record=None, **values):
        model = env["rehab.establishment"].with_user(self.police_user)
        form = Form(model.browse(record.id) if record else model)
        if not record:
            values = {
                "name": "Hợp tác xã Nông nghiệp Bình Minh",
                "establishment_type": "cooperative",
                "total_workers": 10,
                **values,
            }
        workers = values.pop("workers", [])
        for name, value in values.items():
            setattr(form, name, value)
        for worker in workers:
            with form.worker_ids.new() as line:
                line.person_id = self.person_a1
                for name, value in worker.items():
                    setattr(line, name, value)
        return form

    def test_establishment_form_refuses_bad_values(self):
        models = (
            "rehab.establishment",
            "rehab.establishment.worker",
            "res.partner",
        )
        cases = [
            (
                "negative workforce",
                {"total_workers": -1},
                "The total number of workers cannot be negative.",
                "Tổng số lao động không được âm.",
                False,
            ),
            (
                "contract ends before it starts",
                {
                    "workers": [
                        {
                            "contract_number": "05/HĐLĐ",
                            "contract_start": date(2026, 3, 1),
                            "contract_end": date(2026, 2, 1),
                        }
                    ]
                },
                "The labour contract 05/HĐLĐ ends before it starts.",
                "Hợp đồng lao động 05/HĐLĐ kết thúc trước khi bắt đầu.",
                False,
            ),
            (
                "more rehab workers than workers",
                {
                    "total_workers": 0,
                    "workers": [
                        {
                            "contract_number": "06/HĐLĐ",
                            "contract_start": date(2026, 1, 1),
                        }
                    ],
                },
                "Hợp tác xã Nông nghiệp Bình Minh has 1 post-rehab workers under "
                "contract but only 0 workers in all.",
                "Hợp tác xã Nông nghiệp Bình Minh có 1 lao động là người sau cai "
                "nghiện có hợp đồng nhưng tổng số lao động chỉ là 0.",
                False,
            ),
            (
                "the same contract twice",
                {
                    "workers": [
                        {"contract_number": "07", "contract_start": date(2026, 1, 1)},
                        {"contract_number": "07", "contract_start": date(2026, 2, 1)},
                    ]
                },
                "The operation cannot be completed: This contract of this person "
                "is already recorded.",
                "Không thể hoàn tất thao tác: Hợp đồng này của người lao động đã "
                "được ghi nhận.",
                False,
            ),
            (
                "registered tomorrow",
                {"registration_date": tomorrow()},
                "The registration date of Hợp tác xã Nông nghiệp Bình Minh is in "
                "the future.",
                "Ngày đăng ký kinh doanh của Hợp tác xã Nông nghiệp Bình Minh là "
                "một ngày trong tương lai.",
                NEW,
            ),
            (
                "blank name",
                {"name": "  "},
                "An establishment needs a name.",
                "Cơ sở sản xuất kinh doanh phải có tên.",
                False,
            ),
        ]
        for case, values, english, vietnamese, new in cases:
            with self.subTest(case=case):
                self.assertRefused(
                    lambda env, v=values: self._establishment_form(
                        env, **dict(v)
                    ).save(),
                    ValidationError,
                    english,
                    vietnamese,
                    new=new,
                    models=models,
                )
        self.assertRequiredFields(
            self._establishment_form,
            "rehab.establishment",
            {"name": "Tên", "establishment_type": "Loại"},
            models=models,
        )
        # A worker without a contract number is refused by the form.
        form = self._establishment_form(self.env)
        with self.assertRaisesRegex(AssertionError, "'contract_number' is a required"):
            with form.worker_ids.new() as line:
                line.person_id = self.person_a1
        self.assertLabel(
            "rehab.establishment.worker", "contract_number", "Số hợp đồng lao động"
        )

    def test_establishment_edit_keeps_the_record(self):
        establishment = self._establishment_form(self.env).save()
        fnames = ["name", "total_workers", "registration_date"]
        cases = [
            ({"name": " "}, "An establishment needs a name.", "phải có tên", False),
            ({"total_workers": -5}, "cannot be negative", "không được âm", False),
            (
                {"registration_date": tomorrow()},
                "is in the future",
                "trong tương lai",
                NEW,
            ),
        ]
        for values, english, vietnamese, new in cases:
            with self.subTest(values=values):
                self.assertRefused(
                    lambda env, v=values: self._establishment_form(
                        env, record=establishment, **dict(v)
                    ).save(),
                    ValidationError,
                    english,
                    vietnamese,
                    new=new,
                    records=[establishment, establishment.partner_id],
                    fnames=["name"],
                )
                self.assertRefused(
                    lambda env, v=values: (
                        establishment.with_env(env)
                        .with_user(self.police_user)
                        .write(dict(v))
                    ),
                    ValidationError,
                    english,
                    vietnamese,
                    new=new,
                    records=establishment,
                    fnames=fnames,
                )

    def test_establishment_keeps_long_and_foreign_text(self):
        establishment = self._establishment_form(
            self.env,
            name="Công ty TNHH 李記 – สาขา ลาว",
            street=LONG_TEXT,
            registration_number="4201234567-001",
        ).save()
        self.env.invalidate_all()
        self.assertEqual(establishment.name, "Công ty TNHH 李記 – สาขา ลาว")
        self.assertEqual(establishment.partner_id.name, establishment.name)
        self.assertEqual(establishment.street, LONG_TEXT)

    # Savings groups

    def test_savings_group_form(self):
        def make(env):
            form = Form(env["rehab.savings.group"].with_user(self.police_user))
            form.name = "Tổ TK&VV Hội Phụ nữ bản Nà Phặc"
            form.organisation = "women"
            form.leader_name = "Vi Thị Hoa"
            return form

        models = ("rehab.savings.group", "rehab.savings.group.member")
        self.assertRequiredFields(
            make,
            "rehab.savings.group",
            {"name": "Tên", "organisation": "Tổ chức nhận ủy thác"},
            models=models,
        )
        form = make(self.env)
        with self.assertRaisesRegex(AssertionError, "'name' is a required field"):
            with form.member_ids.new() as member:
                member.village = "Nà Phặc"
        self.assertLabel("rehab.savings.group.member", "name", "Tên")
        # Good names in every script are kept as typed.
        form = make(self.env)
        for name in GOOD_NAMES:
            with form.member_ids.new() as member:
                member.name = name
                member.village = LONG_TEXT[:500]
        group = form.save()
        self.env.invalidate_all()
        self.assertEqual(sorted(group.member_ids.mapped("name")), sorted(GOOD_NAMES))
        self.assertEqual(group.member_count, len(GOOD_NAMES))


# Monthly lists, their wizards and slips


@tagged("post_install", "-at_install")
class TestBadInputList(BadInputMixin, MonthlyListCase):
    LIST_MODELS = ("rehab.monthly.list", "rehab.monthly.list.line")

    def _list_form(self, env, user=None, record=None, **values):
        model = env["rehab.monthly.list"].with_user(user or self.police_user)
        form = Form(model.browse(record.id) if record else model)
        people = values.pop("people", [])
        for name, value in values.items():
            setattr(form, name, value)
        for person in people:
            with form.line_ids.new() as line:
                line.person_id = person
        return form

    def test_list_form_refuses_bad_values(self):
        self._list(month="2026-12-01")
        cases = [
            (
                "a second list for the month",
                {"month_date": date(2026, 12, 1)},
                self.police_user,
                "The operation cannot be completed: A commune has one list per month.",
                "Không thể hoàn tất thao tác: Mỗi xã chỉ có một danh sách mỗi tháng.",
            ),
            (
                "a person of another commune",
                {
                    "company_id": self.commune_a1,
                    "month_date": date(2027, 1, 1),
                    "people": [self.person_b1],
                },
                self.admin_user,
                "Người xã B does not live in Test commune A1.",
                "Người xã B không cư trú tại Test commune A1.",
            ),
            (
                "the same person twice",
                {
                    "month_date": date(2027, 1, 1),
                    "people": [self.person_a1, self.person_a1],
                },
                self.police_user,
                "A person appears once on a monthly list.",
                "Mỗi người chỉ có một dòng trong danh sách hằng tháng.",
            ),
            (
                "a list of a province",
                {"month_date": date(2027, 1, 1), "company_id": self.province_a},
                self.admin_user,
                "must belong to a commune or ward, not to Test province A.",
                "phải thuộc một xã, phường, không thuộc Test province A.",
            ),
        ]
        for case, values, user, english, vietnamese in cases:
            with self.subTest(case=case):
                self.assertRefused(
                    lambda env, v=values, u=user: self._list_form(
                        env, user=u, **dict(v)
                    ).save(),
                    UserError,
                    english,
                    vietnamese,
                    models=self.LIST_MODELS,
                )
        self.assertRequiredFields(
            lambda env: self._list_form(env, month_date=date(2027, 2, 1)),
            "rehab.monthly.list",
            {"month_date": "Tháng"},
            models=self.LIST_MODELS,
        )

    def test_list_edit_keeps_the_record(self):
        record = self._list(month="2026-12-01")
        fnames = ["month_date", "vbsp_office_id", "line_count", "state"]
        line = record.line_ids.filtered(lambda li: li.person_id == self.person_a1)

        def change_person(env):
            form = self._list_form(env, user=self.admin_user, record=record)
            with form.line_ids.edit(0) as edited:
                edited.person_id = self.person_b1
            return form.save()

        cases = [
            (
                "month given by another day",
                lambda env: (
                    record.with_env(env)
                    .with_user(self.admin_user)
                    .write({"month_date": "2026-12-15"})
                ),
                "The month of a list is given by its first day.",
                "Tháng của danh sách được ghi bằng ngày đầu tháng.",
                False,
            ),
            (
                "an office that does not serve the commune",
                lambda env: self._list_form(
                    env,
                    user=self.admin_user,
                    record=record,
                    vbsp_office_id=self.office_b,
                ).save(),
                "The VBSP transaction office Test VBSP office B does not serve "
                "Test commune A1.",
                "Phòng giao dịch NHCSXH Test VBSP office B không phục vụ Test "
                "commune A1.",
                NEW,
            ),
            (
                "a line moved to a person of another commune",
                change_person,
                "Người xã B does not live in Test commune A1.",
                "Người xã B không cư trú tại Test commune A1.",
                False,
            ),
        ]
        for case, call, english, vietnamese, new in cases:
            with self.subTest(case=case):
                self.assertRefused(
                    call,
                    UserError,
                    english,
                    vietnamese,
                    new=new,
                    models=self.LIST_MODELS,
                    records=record,
                    fnames=fnames,
                )
        self.assertEqual(line.person_id, self.person_a1)

    def test_changing_the_person_of_a_line_reads_the_new_person(self):
        record = self._list(month="2026-12-01")
        line = record.line_ids[:1]
        other = (self.person_a1 | self.second_a1 | self.ineligible_a1) - (
            record.line_ids.person_id
        )
        other = other or self.Person.create(
            self.person_vals(
                self.commune_a1, name="Người thứ ba", citizen_id="020090900004"
            )
        )
        line.person_id = other[:1]
        self.assertEqual(line.person_name, other[:1].name)
        self.assertEqual(line.citizen_id, other[:1].citizen_id)

    def test_confirmed_list_is_locked(self):
        record = self._confirmed_list()
        self.assertRefused(
            lambda env: (
                record.with_env(env)
                .with_user(self.police_user)
                .write({"vbsp_office_id": False})
            ),
            UserError,
            "is «Confirmed»: it is frozen and changes only through its steps",
            "đang ở trạng thái «Đã xác nhận»: hồ sơ đã khóa, chỉ thay đổi qua các "
            "bước xử lý",
            records=record,
            fnames=["vbsp_office_id", "state"],
        )

    def _submitted(self):
        record = self._list()
        record.with_user(self.police_user).action_submit()
        return record

    def _confirm_form(self, env, record):
        return Form(
            env["rehab.monthly.list.confirm"]
            .with_user(self.chairman_user)
            .with_context(default_list_id=record.id)
        )

    def test_confirm_wizard(self):
        record = self._submitted()
        fnames = ["state", "included_count", "confirmed_by_id"]
        line_fnames = ["excluded", "exclusion_reason", "person_name"]

        def leave_out(env, reasons):
            form = self._confirm_form(env, record)
            for index, reason in enumerate(reasons):
                with form.line_ids.edit(index) as line:
                    line.include = False
                    line.exclusion_reason = reason
            return form.save().action_confirm()

        names = record.line_ids.mapped("person_name")
        cases = [
            (
                "reason of spaces",
                ["   "],
                "Give the reason for leaving out %s, or tick «Confirm» for them."
                % names[0],
                "Ghi rõ lý do không đưa %s vào danh sách, hoặc đánh dấu «Xác nhận» "
                "cho họ." % names[0],
            ),
            (
                "everybody left out",
                ["Chuyển đi nơi khác"] * len(names),
                "A confirmed list keeps at least one person: tick «Confirm» for "
                "someone, or return the list to the commune police.",
                "Danh sách được xác nhận phải có ít nhất một người: đánh dấu «Xác "
                "nhận» cho ít nhất một người, hoặc trả lại danh sách cho Công an xã.",
            ),
        ]
        for case, reasons, english, vietnamese in cases:
            with self.subTest(case=case):
                self.assertRefused(
                    lambda env, r=reasons: leave_out(env, r),
                    UserError,
                    english,
                    vietnamese,
                    models=("rehab.referral.slip", "mail.activity"),
                    records=record,
                    fnames=fnames,
                )
                self.assertEqual(
                    record.line_ids.read(line_fnames),
                    [
                        {
                            "id": line.id,
                            "excluded": False,
                            "exclusion_reason": False,
                            "person_name": line.person_name,
                        }
                        for line in record.line_ids
                    ],
                )
        # No reason at all: the server names the person and what to do.
        form = self._confirm_form(self.env, record)
        with form.line_ids.edit(0) as line:
            line.include = False
        with self.assertRaisesRegex(UserError, "or tick «Confirm» for them"):
            form.save().action_confirm()
        self.assertEqual(record.state, "submitted")
        self.assertLabel(
            "rehab.monthly.list.confirm.line", "exclusion_reason", "Lý do không đưa vào"
        )
        # A reason in any script and of any length is kept.
        form = self._confirm_form(self.env, record)
        with form.line_ids.edit(0) as line:
            line.include = False
            line.exclusion_reason = "Đã chuyển đi – 已搬走 – ย้ายแล้ว " + LONG_TEXT
        form.note = LONG_TEXT
        form.save().action_confirm()
        left_out = record.line_ids.filtered("excluded")
        self.assertEqual(
            left_out.exclusion_reason,
            "Đã chuyển đi – 已搬走 – ย้ายแล้ว " + LONG_TEXT.strip(),
        )

    def test_return_wizard(self):
        record = self._confirmed_list()
        record.action_send()
        line = record.line_ids.filtered(lambda li: li.person_id == self.person_a1)
        slip = self.env["rehab.referral.slip"].create({"line_id": line.id})

        def give_back(env, reason):
            form = Form(
                env["rehab.monthly.list.return"]
                .with_user(self.chairman_user)
                .with_context(default_list_id=record.id)
            )
            form.reason = reason
            return form.save().action_return()

        self.assertRefused(
            lambda env: give_back(env, " \n\t "),
            UserError,
            "Give the reason for returning the list.",
            "Ghi rõ lý do trả lại danh sách.",
            models=("mail.activity",),
            records=record,
            fnames=["state", "return_reason"],
        )
        with self.assertRaisesRegex(AssertionError, "reason is a required field"):
            give_back(self.env, False)
        self.assertLabel("rehab.monthly.list.return", "reason", "Lý do")
        self.assertEqual(slip.state, "valid")
        give_back(self.env, LONG_TEXT)
        self.assertEqual(record.state, "returned")
        self.assertEqual(record.return_reason, LONG_TEXT.strip())

    def test_revoke_wizard(self):
        record = self._confirmed_list()
        line = record.line_ids.filtered(lambda li: li.person_id == self.person_a1)
        slip = self.env["rehab.referral.slip"].create({"line_id": line.id})

        def revoke(env, reason):
            form = Form(
                env["rehab.referral.slip.revoke"]
                .with_user(self.police_user)
                .with_context(default_slip_id=slip.id)
            )
            form.reason = reason
            return form.save().action_revoke()

        self.assertRefused(
            lambda env: revoke(env, "    "),
            UserError,
            "Give the reason for revoking the slip.",
            "Ghi rõ lý do thu hồi phiếu giới thiệu.",
            records=slip,
            fnames=["state", "revoke_reason"],
        )
        with self.assertRaisesRegex(AssertionError, "reason is a required field"):
            revoke(self.env, False)
        revoke(self.env, "Cấp nhầm người – 发错人")
        self.assertEqual(slip.state, "revoked")
        self.assertEqual(slip.revoke_reason, "Cấp nhầm người – 发错人")


# Loans and their wizards

INSTALLMENT_FIELDS = [
    "due_date",
    "principal_paid",
    "interest_paid",
    "overdue_interest_paid",
    "interest_waived",
    "principal_written_off",
    "overdue_principal_days",
]


@tagged("post_install", "-at_install")
class TestBadInputLoan(BadInputMixin, LoanCase):
    LOAN_MODELS = (
        "rehab.loan",
        "rehab.loan.installment",
        "rehab.loan.disbursement",
        "rehab.loan.repayment",
        "rehab.loan.extension",
        "rehab.loan.risk",
    )
    LOAN_FIELDS = [
        "state",
        "amount_approved",
        "term_months",
        "grace_months",
        "decision_date",
        "disbursed_amount",
        "outstanding_principal",
        "overdue_interest",
        "risk_action",
        "review_note",
    ]

    def _loan_form(self, env, **values):
        form = Form(env["rehab.loan"].with_user(self.vbsp_user))
        form.slip_id = self.slip
        form.purpose = "production"
        form.amount_requested = 10_000_000
        form.term_months = 12
        form.savings_group_id = self.group
        for name, value in values.items():
            setattr(form, name, value)
        return form

    def _step(self, env, model, loan, user, method, **values):
        form = Form(env[model].with_user(user).with_context(default_loan_id=loan.id))
        for name, value in values.items():
            if name == "installment_ids":
                for installment in value:
                    form.installment_ids.add(installment)
            else:
                setattr(form, name, value)
        return getattr(form.save(), method)()

    def _refused_step(self, loan, model, user, method, cases, *, exception=UserError):
        for values, english, vietnamese, new in cases:
            with self.subTest(wizard=model, values=values):
                self.assertRefused(
                    lambda env, v=values: self._step(
                        env, model, loan, user, method, **v
                    ),
                    exception,
                    english,
                    vietnamese,
                    new=new,
                    models=self.LOAN_MODELS,
                    records=[loan, loan.installment_ids],
                    fnames=[self.LOAN_FIELDS, INSTALLMENT_FIELDS],
                )

    def test_application_form(self):
        sequence = self.env.ref("post_rehab_credit.seq_rehab_loan")
        number = sequence.number_next_actual
        cases = [
            (
                {"amount_requested": 0},
                "The amount requested must be positive.",
                "Số tiền đề nghị vay phải lớn hơn 0.",
                NEW,
            ),
            (
                {"amount_requested": -10_000_000},
                "The amount requested must be positive.",
                "Số tiền đề nghị vay phải lớn hơn 0.",
                NEW,
            ),
            (
                {"term_months": 0},
                "The term must be between 1 and 120 months.",
                "Thời hạn vay phải từ 1 đến 120 tháng.",
                False,
            ),
            (
                {"term_months": 121},
                "The term must be between 1 and 120 months.",
                "Thời hạn vay phải từ 1 đến 120 tháng.",
                False,
            ),
            (
                {"grace_months": 12},
                "The grace must be shorter than the term.",
                "Thời gian ân hạn phải ngắn hơn thời hạn vay.",
                False,
            ),
            (
                {"grace_months": -1},
                "The grace cannot be negative.",
                "Thời gian ân hạn không được âm.",
                NEW,
            ),
            (
                {"household_rep_citizen_id": "12 34"},
                "Representative's citizen ID 12 34 of Hoàng Văn Sáng: The citizen "
                "ID must contain digits only.",
                "Số CCCD người đại diện 12 34 của Hoàng Văn Sáng",
                "Representative's citizen ID 12 34 of Hoàng Văn Sáng",
            ),
        ]
        for values, english, vietnamese, new in cases:
            with self.subTest(values=values):
                self.assertRefused(
                    lambda env, v=values: self._loan_form(env, **v).save(),
                    ValidationError,
                    english,
                    vietnamese,
                    new=new,
                    models=self.LOAN_MODELS,
                    records=self.slip,
                    fnames=["state", "used_date"],
                )
        # Nothing of a refused application is kept: not even its number.
        sequence.invalidate_recordset()
        self.assertEqual(sequence.number_next_actual, number)
        self.assertEqual(self.slip.state, "valid")
        self.assertRequiredFields(
            self._loan_form,
            "rehab.loan",
            {"purpose": "Mục đích vay", "slip_id": "Phiếu giới thiệu"},
            models=self.LOAN_MODELS,
        )
        # An application written in any script, with long minutes, goes through.
        loan = self._loan_form(
            self.env, household_rep_name="Lò Thị Ỏn – 李", household_rep_relation="Mẹ"
        ).save()
        self.assertEqual(loan.household_rep_name, "Lò Thị Ỏn – 李")
        self._step(
            self.env,
            "rehab.loan.review",
            loan,
            self.savings_user,
            "action_record",
            members_present=5,
            note=LONG_TEXT,
        )
        self.assertEqual(loan.review_note, LONG_TEXT)

    def test_review_wizard(self):
        loan = self._application()  # on 15/05/2026
        today = agency_date()
        self._refused_step(
            loan,
            "rehab.loan.review",
            self.savings_user,
            "action_record",
            [
                (
                    {"members_present": 0, "note": "Họp tổ"},
                    "Give the number of members present at the meeting.",
                    "Ghi số thành viên dự họp.",
                    False,
                ),
                (
                    {"members_present": -3, "note": "Họp tổ"},
                    "Give the number of members present at the meeting.",
                    "Ghi số thành viên dự họp.",
                    False,
                ),
                (
                    {"members_present": 6, "note": "Họp tổ"},
                    "More members present than the group has.",
                    "Số thành viên dự họp nhiều hơn số thành viên của tổ.",
                    False,
                ),
                (
                    {
                        "members_present": 4,
                        "note": "Họp tổ",
                        "meeting_date": today + timedelta(days=1),
                    },
                    "The meeting cannot be in the future.",
                    "Ngày họp không thể là ngày trong tương lai.",
                    False,
                ),
                (
                    {
                        "members_present": 4,
                        "note": "Họp tổ",
                        "meeting_date": date(2026, 5, 14),
                    },
                    "The meeting cannot be dated before the loan application of "
                    "15/05/2026.",
                    "Ngày họp tổ không được trước ngày lập hồ sơ vay, 15/05/2026.",
                    False,
                ),
                (
                    {"members_present": 4, "note": "  \n "},
                    "Write the minutes of the group meeting.",
                    "Ghi biên bản họp của tổ.",
                    NEW,
                ),
            ],
        )
        for fname in ("note", "meeting_date", "result"):
            with self.subTest(required=fname):
                values = {"members_present": 4, "note": "Họp tổ", fname: False}
                with self.assertRaisesRegex(AssertionError, "required"):
                    self._step(
                        self.env,
                        "rehab.loan.review",
                        loan,
                        self.savings_user,
                        "action_record",
                        **values,
                    )
        self.assertEqual(loan.state, "draft")

    def test_decide_wizard(self):
        loan = self._application()
        self._reviewed_and_confirmed(loan)
        future = agency_date() + timedelta(days=1)
        approve = {"decision_date": date(2026, 6, 1)}
        self._refused_step(
            loan,
            "rehab.loan.decide",
            self.vbsp_user,
            "action_decide",
            [
                (
                    {"decision_date": future},
                    "The decision cannot be dated in the future.",
                    "Ngày quyết định không thể là ngày trong tương lai.",
                    False,
                ),
                (
                    {"decision_date": date(1900, 1, 1)},
                    "The decision cannot be dated before the group review of "
                    "20/05/2026.",
                    "Quyết định cho vay không được ghi ngày trước ngày bình xét "
                    "của tổ, 20/05/2026.",
                    False,
                ),
                (
                    {**approve, "amount": 0},
                    "The approved amount must be positive.",
                    "Số tiền được duyệt phải lớn hơn 0.",
                    False,
                ),
                (
                    {**approve, "amount": -1},
                    "The approved amount must be positive.",
                    "Số tiền được duyệt phải lớn hơn 0.",
                    False,
                ),
                (
                    {**approve, "amount": 200_000_001},
                    "The bank approves at most what was requested and agreed by "
                    "the group: 10.000.000 đồng.",
                    "Ngân hàng chỉ phê duyệt tối đa số tiền đã đề nghị và được tổ "
                    "nhất trí: 10.000.000 đồng.",
                    False,
                ),
                (
                    {**approve, "term_months": 0},
                    "The term must be between 1 and 120 months.",
                    "Thời hạn vay phải từ 1 đến 120 tháng.",
                    False,
                ),
                (
                    {**approve, "term_months": 121},
                    "The term must be between 1 and 120 months.",
                    "Thời hạn vay phải từ 1 đến 120 tháng.",
                    False,
                ),
                (
                    {**approve, "grace_months": 12},
                    "The grace must be shorter than the term.",
                    "Thời gian ân hạn phải ngắn hơn thời hạn vay.",
                    False,
                ),
                (
                    {**approve, "grace_months": -1},
                    "The grace cannot be negative.",
                    "Thời gian ân hạn không được âm.",
                    NEW,
                ),
                (
                    {**approve, "term_months": 10, "frequency": "3"},
                    "Term and grace must be whole repayment periods.",
                    "Thời hạn vay và ân hạn phải là số nguyên kỳ trả nợ.",
                    False,
                ),
                (
                    {"decision": "reject", "note": " \n "},
                    "Give the reason for rejecting the loan.",
                    "Ghi rõ lý do từ chối cho vay.",
                    False,
                ),
            ],
            exception=UserError,
        )
        # Every rule broken at once is listed at once.
        self._refused_step(
            loan,
            "rehab.loan.decide",
            self.vbsp_user,
            "action_decide",
            [
                (
                    {**approve, "amount": 0, "term_months": 0},
                    "The approved amount must be positive.\nThe term must be "
                    "between 1 and 120 months.",
                    "Số tiền được duyệt phải lớn hơn 0.\nThời hạn vay phải từ 1 đến "
                    "120 tháng.",
                    False,
                )
            ],
            exception=ValidationError,
        )
        # An empty repayment frequency is refused by the form, and no longer
        # crashes (division by zero) when it comes by another way.
        with self.assertRaisesRegex(AssertionError, "frequency"):
            self._step(
                self.env,
                "rehab.loan.decide",
                loan,
                self.vbsp_user,
                "action_decide",
                frequency=False,
            )
        self.assertRefused(
            lambda env: (
                env["rehab.loan.decide"]
                .with_user(self.vbsp_user)
                .create(
                    {
                        "loan_id": loan.id,
                        "decision_date": date(2026, 6, 1),
                        "amount": 10_000_000,
                        "term_months": 12,
                        "frequency": False,
                    }
                )
                .action_decide()
            ),
            ValidationError,
            "a mandatory field is not set",
            "trường bắt buộc chưa được đặt",
            records=loan,
            fnames=self.LOAN_FIELDS,
        )
        self.assertEqual(loan.state, "confirmed")

    def test_disburse_wizard(self):
        loan = self._approved()
        self._refused_step(
            loan,
            "rehab.loan.disburse",
            self.vbsp_user,
            "action_disburse",
            [
                (
                    {"amount": 0},
                    "The amount disbursed must be positive.",
                    "Số tiền giải ngân phải lớn hơn 0.",
                    False,
                ),
                (
                    {"amount": -5_000_000},
                    "The amount disbursed must be positive.",
                    "Số tiền giải ngân phải lớn hơn 0.",
                    False,
                ),
                (
                    {"amount": 10_000_001},
                    "The disbursements would exceed the approved amount.",
                    "Tổng số tiền giải ngân sẽ vượt số tiền được duyệt.",
                    False,
                ),
                (
                    {"date": date(2026, 5, 31)},
                    "A tranche cannot be dated before the decision or the first "
                    "tranche.",
                    "Ngày giải ngân không thể trước ngày phê duyệt",
                    False,
                ),
                (
                    {"date": date(1900, 1, 1)},
                    "A tranche cannot be dated before the decision",
                    "Ngày giải ngân không thể trước ngày phê duyệt",
                    False,
                ),
                (
                    {"date": agency_date() + timedelta(days=1)},
                    "A disbursement cannot be dated in the future.",
                    "Ngày giải ngân không thể là ngày trong tương lai.",
                    NEW,
                ),
            ],
        )
        self.assertEqual(loan.state, "approved")
        self._step(
            self.env,
            "rehab.loan.disburse",
            loan,
            self.vbsp_user,
            "action_disburse",
            date=date(2026, 6, 1),
            place="Điểm giao dịch xã – Nhà văn hóa bản Khòn Pổ " + LONG_TEXT,
        )
        self.assertEqual(
            loan.disbursement_ids.place,
            "Điểm giao dịch xã – Nhà văn hóa bản Khòn Pổ " + LONG_TEXT,
        )

    def test_repay_wizard(self):
        loan = self._disbursed()
        self._refused_step(
            loan,
            "rehab.loan.repay",
            self.vbsp_user,
            "action_post",
            [
                (
                    {"amount": 0},
                    "The amount repaid must be positive.",
                    "Số tiền trả nợ phải lớn hơn 0.",
                    False,
                ),
                (
                    {"amount": -100_000},
                    "The amount repaid must be positive.",
                    "Số tiền trả nợ phải lớn hơn 0.",
                    False,
                ),
                (
                    {"amount": 100_000, "date": agency_date() + timedelta(1)},
                    "A repayment cannot be dated in the future.",
                    "Ngày trả nợ không thể là ngày trong tương lai.",
                    False,
                ),
                (
                    {"amount": 100_000, "date": date(2026, 5, 31)},
                    "A repayment cannot be dated before the disbursement.",
                    "Ngày trả nợ không thể trước ngày giải ngân.",
                    False,
                ),
                (
                    {"amount": 100_000, "date": date(1900, 1, 1)},
                    "A repayment cannot be dated before the disbursement.",
                    "Ngày trả nợ không thể trước ngày giải ngân.",
                    False,
                ),
                (
                    {"amount": 1_000_000_000, "date": date(2026, 7, 1)},
                    "đồng more than the loan owes.",
                    "Số tiền trả nhiều hơn số nợ",
                    False,
                ),
            ],
        )

    def test_extend_wizard(self):
        loan = self._disbursed()
        unpaid = loan.installment_ids.filtered(lambda i: not i.is_paid)[-2:]
        reason = "Gia đình gặp khó khăn – lũ quét"
        self._refused_step(
            loan,
            "rehab.loan.extend",
            self.vbsp_user,
            "action_extend",
            [
                (
                    {"months": 3, "reason": reason},
                    "Choose the instalments of this loan to extend.",
                    "Hãy chọn các kỳ trả nợ của khoản vay này cần gia hạn.",
                    False,
                ),
                (
                    {"installment_ids": unpaid, "months": 0, "reason": reason},
                    "The extension must be at least one month.",
                    "Thời gian gia hạn phải ít nhất một tháng.",
                    NEW,
                ),
                (
                    {"installment_ids": unpaid, "months": -2, "reason": reason},
                    "The extension must be at least one month.",
                    "Thời gian gia hạn phải ít nhất một tháng.",
                    NEW,
                ),
                (
                    {"installment_ids": unpaid, "months": 13, "reason": reason},
                    "An instalment may be extended by at most 12 months in all.",
                    "Mỗi kỳ trả nợ được gia hạn tổng cộng tối đa 12 tháng.",
                    False,
                ),
                (
                    {"installment_ids": unpaid, "months": 3, "reason": " \t"},
                    "Give the reason for the extension.",
                    "Ghi rõ lý do gia hạn nợ.",
                    False,
                ),
            ],
        )
        # An extension within the limit for one instalment, then one too long
        # for the other only: nothing is moved, not even the first.
        first, second = unpaid
        self._step(
            self.env,
            "rehab.loan.extend",
            loan,
            self.vbsp_user,
            "action_extend",
            installment_ids=second,
            months=10,
            reason=reason,
        )
        self._refused_step(
            loan,
            "rehab.loan.extend",
            self.vbsp_user,
            "action_extend",
            [
                (
                    {"installment_ids": unpaid, "months": 3, "reason": reason},
                    "An instalment may be extended by at most 12 months in all.",
                    "Mỗi kỳ trả nợ được gia hạn tổng cộng tối đa 12 tháng.",
                    False,
                ),
            ],
        )
        self.assertEqual(first.due_date, first.original_due_date)

    def test_risk_wizard(self):
        loan = self._disbursed()
        grounds = "Biên bản xác minh của UBND xã ngày 10/11/2026"
        self._refused_step(
            loan,
            "rehab.loan.risk.handle",
            self.vbsp_user,
            "action_apply",
            [
                (
                    {"cause": "illness", "action": "freeze", "note": "  "},
                    "Give the grounds of the risk handling.",
                    "Ghi rõ căn cứ xử lý rủi ro.",
                    False,
                ),
                (
                    {
                        "cause": "disaster",
                        "action": "write_off_interest",
                        "note": grounds,
                        "date": agency_date() + timedelta(days=1),
                    },
                    "Risk handling cannot be dated in the future.",
                    "Ngày xử lý rủi ro không thể là ngày trong tương lai.",
                    NEW,
                ),
                (
                    {
                        "cause": "death",
                        "action": "write_off_principal",
                        "note": grounds,
                        "date": date(2026, 5, 1),
                    },
                    "Risk handling cannot be dated before the disbursement.",
                    "Ngày xử lý rủi ro không thể trước ngày giải ngân.",
                    NEW,
                ),
            ],
        )
        for fname in ("cause", "action", "note"):
            with self.subTest(required=fname):
                values = {"cause": "other", "action": "freeze", "note": grounds}
                values[fname] = False
                with self.assertRaisesRegex(AssertionError, "required"):
                    self._step(
                        self.env,
                        "rehab.loan.risk.handle",
                        loan,
                        self.vbsp_user,
                        "action_apply",
                        **values,
                    )
        self.assertLabel("rehab.loan.risk.handle", "note", "Căn cứ (quyết định, hồ sơ)")
        self._step(
            self.env,
            "rehab.loan.risk.handle",
            loan,
            self.vbsp_user,
            "action_apply",
            cause="illness",
            action="freeze",
            note=LONG_TEXT,
        )
        self.assertEqual(loan.risk_ids.note, LONG_TEXT.strip())

    def test_interest_rate_and_capital(self):
        def rate_form(env, **values):
            form = Form(env["rehab.interest.rate"].with_user(self.vbsp_manager_user))
            form.effective_date = date(2027, 1, 1)
            form.annual_rate = 6.6
            for name, value in values.items():
                setattr(form, name, value)
            return form

        def rate(env, **values):
            return rate_form(env, **values).save()

        annual = (
            "The annual rate must be between 0 and 100 %.",
            "Lãi suất năm phải lớn hơn 0 và nhỏ hơn 100 %.",
        )
        overdue = (
            "The overdue rate must be between 100 % and 300 % of the rate.",
            "Lãi suất quá hạn phải từ 100 % đến 300 % lãi suất cho vay.",
        )
        cases = [
            ({"annual_rate": 0}, *annual),
            ({"annual_rate": -6.6}, *annual),
            ({"annual_rate": 100}, *annual),
            ({"annual_rate": 660}, *annual),
            ({"overdue_multiplier": 99.9}, *overdue),
            ({"overdue_multiplier": 301}, *overdue),
            (
                {"effective_date": date(2026, 5, 1)},
                "The operation cannot be completed: One rate per effective date.",
                "Không thể hoàn tất thao tác: Mỗi ngày hiệu lực chỉ có một mức lãi",
            ),
        ]
        for values, english, vietnamese in cases:
            with self.subTest(values=values):
                self.assertRefused(
                    lambda env, v=values: rate(env, **v),
                    ValidationError,
                    english,
                    vietnamese,
                    models=("rehab.interest.rate",),
                )
        self.assertRequiredFields(
            rate_form,
            "rehab.interest.rate",
            {"effective_date": "Ngày hiệu lực"},
            models=("rehab.interest.rate",),
        )
        self.assertEqual(rate(self.env, note=LONG_TEXT).note, LONG_TEXT)

        def allocation_form(env, user=None, **values):
            model = env["rehab.capital.allocation"].with_user(
                user or self.vbsp_manager_user
            )
            form = Form(model)
            form.source = "province"
            form.decision_number = "125/QĐ-UBND"
            form.decision_date = date(2026, 6, 1)
            form.company_id = self.branch_a
            form.amount = 5_000_000_000
            for name, value in values.items():
                setattr(form, name, value)
            return form

        def allocation(env, user=None, **values):
            return allocation_form(env, user=user, **values).save()

        cases = [
            (
                {"amount": 0},
                self.vbsp_manager_user,
                "The amount allocated must be positive.",
                "Số vốn bố trí phải lớn hơn 0.",
                False,
            ),
            (
                {"amount": -1_000_000},
                self.vbsp_manager_user,
                "The amount allocated must be positive.",
                "Số vốn bố trí phải lớn hơn 0.",
                False,
            ),
            (
                {"company_id": self.commune_a1},
                self.admin_user,
                "Capital is entrusted to a unit of the bank.",
                "Nguồn vốn được ủy thác cho một đơn vị của Ngân hàng Chính sách xã",
                False,
            ),
            (
                {"decision_date": agency_date() + timedelta(days=1)},
                self.vbsp_manager_user,
                "The decision cannot be dated in the future.",
                "Ngày quyết định không thể là ngày trong tương lai.",
                False,
            ),
        ]
        for values, user, english, vietnamese, new in cases:
            with self.subTest(values=values):
                self.assertRefused(
                    lambda env, v=values, u=user: allocation(env, user=u, **v),
                    ValidationError,
                    english,
                    vietnamese,
                    new=new,
                    models=("rehab.capital.allocation",),
                )
        self.assertRequiredFields(
            allocation_form,
            "rehab.capital.allocation",
            {"decision_number": "Số quyết định", "source": "Nguồn"},
            models=("rehab.capital.allocation",),
        )


# Plans, reports, activities, surveys, supervision, commendations, agencies


@tagged("post_install", "-at_install")
class TestBadInputProgramme(BadInputMixin, PostRehabCreditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.system_user = new_test_user(
            cls.env,
            login="t_system_bad",
            groups="base.group_user,base.group_system,base.group_erp_manager,"
            "base.group_partner_manager,%sprogramme_admin" % PREFIX,
            company_id=cls.province_a.id,
            company_ids=[(6, 0, (cls.province_a | cls.province_b).ids)],
        )
        cls.plan_b = cls.env["rehab.plan"].create(
            {"name": "Kế hoạch tỉnh B", "company_id": cls.province_b.id}
        )

    def _plan_form(self, env, record=None, **values):
        user = values.pop("user", self.province_user)
        model = env["rehab.plan"].with_user(user)
        form = Form(model.browse(record.id) if record else model)
        if not record:
            values = {"name": "Kế hoạch triển khai Quyết định 08/2026/QĐ-TTg", **values}
        tasks = values.pop("tasks", [])
        deadlines = values.pop("deadlines", [])
        for name, value in values.items():
            setattr(form, name, value)
        for task in tasks:
            with form.task_ids.new() as line:
                line.name = "Rà soát đối tượng"
                line.company_id = self.police_a
                for name, value in task.items():
                    setattr(line, name, value)
        for deadline in deadlines:
            with form.deadline_ids.new() as line:
                line.name = "Báo cáo sáu tháng"
                line.period = "half"
                for name, value in deadline.items():
                    setattr(line, name, value)
        return form

    def test_plan_form(self):
        models = ("rehab.plan", "rehab.plan.task", "rehab.plan.deadline")
        not_a_day = (
            "Báo cáo sáu tháng is not a day of the year.",
            "Báo cáo sáu tháng không phải là một ngày trong năm.",
            False,
        )
        reminder = (
            "The reminder is between 0 and 60 days ahead.",
            "Thời gian nhắc trước phải từ 0 đến 60 ngày.",
            False,
        )
        cases = [
            (
                "a plan of another province",
                # Seen by an administrator of both provinces only.
                {"user": self.admin_user, "parent_id": self.plan_b},
                "A plan implements a plan of its own province only.",
                "Kế hoạch chỉ thực hiện kế hoạch của tỉnh mình.",
                False,
            ),
            ("month 13", {"deadlines": [{"due_month": 13, "due_day": 15}]}, *not_a_day),
            ("month 0", {"deadlines": [{"due_month": 0, "due_day": 15}]}, *not_a_day),
            ("day 0", {"deadlines": [{"due_month": 6, "due_day": 0}]}, *not_a_day),
            ("31 April", {"deadlines": [{"due_month": 4, "due_day": 31}]}, *not_a_day),
            (
                "29 February",
                {"deadlines": [{"due_month": 2, "due_day": 29}]},
                *not_a_day,
            ),
            (
                "negative reminder",
                {"deadlines": [{"due_month": 6, "due_day": 15, "lead_days": -1}]},
                *reminder,
            ),
            (
                "reminder of 61 days",
                {"deadlines": [{"due_month": 6, "due_day": 15, "lead_days": 61}]},
                *reminder,
            ),
            (
                "a task due by a date without its date",
                {"tasks": [{"timing": "date"}]},
                "A task due by a date needs its due date.",
                "Nhiệm vụ có thời hạn theo ngày phải ghi ngày hạn.",
                NEW,
            ),
        ]
        for case, values, english, vietnamese, new in cases:
            with self.subTest(case=case):
                self.assertRefused(
                    lambda env, v=values: self._plan_form(env, **dict(v)).save(),
                    ValidationError,
                    english,
                    vietnamese,
                    new=new,
                    models=models,
                )
        self.assertRequiredFields(
            self._plan_form,
            "rehab.plan",
            {"name": "Tên kế hoạch"},
            models=models,
        )
        form = self._plan_form(self.env)
        with self.assertRaisesRegex(AssertionError, "required"):
            with form.task_ids.new() as line:
                line.company_id = self.police_a
        self.assertLabel("rehab.plan.task", "name", "Nhiệm vụ")
        # A plan may not implement itself.
        plan = self._plan_form(self.env).save()
        self.assertRefused(
            lambda env: (
                plan.with_env(env)
                .with_user(self.province_user)
                .write({"parent_id": plan.id})
            ),
            ValidationError,
            "A plan cannot implement itself.",
            "Kế hoạch không thể thực hiện chính nó.",
            records=plan,
            fnames=["parent_id"],
        )
        # Long tasks in any script are kept.
        plan = self._plan_form(
            self.env,
            name="Kế hoạch 李 – แผน",
            tasks=[
                {"name": LONG_TEXT},
                {"timing": "date", "deadline": date(2027, 6, 30)},
            ],
            deadlines=[{"due_month": 12, "due_day": 15}],
        ).save()
        self.assertEqual(plan.name, "Kế hoạch 李 – แผน")
        self.assertIn(LONG_TEXT, plan.task_ids.mapped("name"))

    def test_report_keeps_long_text(self):
        plan = self._plan_form(
            self.env,
            reporting_company_ids=self.commune_a1,
            deadlines=[{"due_month": 12, "due_day": 15}],
        ).save()
        plan.action_prepare_next_reports()
        report = plan.report_ids
        self.assertEqual(len(report), 1)
        officer = new_test_user(
            self.env,
            login="t_reporter_a1",
            groups="base.group_user,%scommune_officer" % PREFIX,
            company_id=self.commune_a1.id,
            company_ids=[(6, 0, self.commune_a1.ids)],
        )
        form = Form(report.with_user(officer))
        texts = {
            "results": LONG_TEXT,
            "difficulties": "Thiếu vốn – 资金不足 – ขาดทุน – نقص",
            "proposals": "Đề nghị bổ sung nguồn vốn 😀\n" * 50,
        }
        for name, value in texts.items():
            setattr(form, name, value)
        form.save()
        self.env.invalidate_all()
        for name, value in texts.items():
            self.assertEqual(report[name], value)

    def _activity_form(self, env, **values):
        form = Form(env["rehab.support.activity"].with_user(self.commune_officer_user))
        form.name = "Tuyên truyền tại nhà văn hóa bản Nà Phặc"
        form.activity_type = "communication"
        for name, value in values.items():
            setattr(form, name, value)
        return form

    def test_support_activity_form(self):
        models = ("rehab.support.activity",)
        cases = [
            (
                {"other_participants": -1},
                "The number of participants cannot be negative.",
                "Số người tham dự không được âm.",
            ),
            (
                {"activity_type": "training", "date": tomorrow()},
                "An enrolment or a placement is recorded once it happened.",
                "Chỉ ghi nhận học nghề hoặc giới thiệu việc làm khi đã diễn ra.",
            ),
            (
                {"activity_type": "job_placement", "date": tomorrow()},
                "An enrolment or a placement is recorded once it happened.",
                "Chỉ ghi nhận học nghề hoặc giới thiệu việc làm khi đã diễn ra.",
            ),
        ]
        for values, english, vietnamese in cases:
            with self.subTest(values=values):
                self.assertRefused(
                    lambda env, v=values: self._activity_form(env, **v).save(),
                    ValidationError,
                    english,
                    vietnamese,
                    models=models,
                )
        self.assertRequiredFields(
            self._activity_form,
            "rehab.support.activity",
            {"name": "Tiêu đề", "activity_type": "Loại"},
            models=models,
        )
        activity = self._activity_form(
            self.env, note=LONG_TEXT, place="Nhà văn hóa – 文化屋"
        ).save()
        self.env.invalidate_all()
        self.assertEqual(activity.note, LONG_TEXT)
        self.assertEqual(activity.place, "Nhà văn hóa – 文化屋")

    def test_informing_needs_a_session_held(self):
        person = (
            self.env["rehab.person"]
            .sudo()
            .create(RegistryCase.person_vals(self.commune_a1))
        )
        planned = self._activity_form(self.env, date=tomorrow()).save()
        planned.participant_ids = person
        self.assertRefused(
            lambda env: (
                planned.with_env(env)
                .with_user(self.commune_officer_user)
                .action_mark_informed()
            ),
            UserError,
            "The session Tuyên truyền tại nhà văn hóa bản Nà Phặc has not taken "
            "place yet.",
            "Buổi Tuyên truyền tại nhà văn hóa bản Nà Phặc chưa diễn ra.",
            new=NEW,
            records=person,
            fnames=["informed_date", "informed_channel"],
        )
        counselling = self._activity_form(self.env, activity_type="counselling").save()
        counselling.participant_ids = person
        self.assertRefused(
            lambda env: (
                counselling.with_env(env)
                .with_user(self.commune_officer_user)
                .action_mark_informed()
            ),
            UserError,
            "Only a communication session informs of the policy.",
            "Chỉ buổi tuyên truyền mới ghi nhận việc được tuyên truyền chính sách.",
            records=person,
            fnames=["informed_date", "informed_channel"],
        )

    def test_demand_survey(self):
        Survey = self.env["rehab.demand.survey"]
        survey = Survey.create({"company_id": self.commune_a1.id, "year": 2026})
        cases = [
            (
                lambda env: self._survey_adjust(env, survey, -1),
                "The capital demand of Test commune A1 cannot be negative.",
                "Nhu cầu vốn của Test commune A1 không được âm.",
                NEW,
            ),
            (
                lambda env: (
                    env["rehab.demand.survey"]
                    .with_user(self.system_user)
                    .create({"company_id": self.commune_a2.id, "year": 1900})
                ),
                "The year of a survey must be between 2000 and 2100.",
                "Năm rà soát phải từ 2000 đến 2100.",
                NEW,
            ),
            (
                lambda env: (
                    env["rehab.demand.survey"]
                    .with_user(self.system_user)
                    .create({"company_id": self.commune_a2.id, "year": 20260})
                ),
                "The year of a survey must be between 2000 and 2100.",
                "Năm rà soát phải từ 2000 đến 2100.",
                NEW,
            ),
            (
                lambda env: (
                    env["rehab.demand.survey"]
                    .with_user(self.system_user)
                    .create({"company_id": self.commune_a1.id, "year": 2026})
                ),
                "The operation cannot be completed: One survey per commune and year.",
                "Không thể hoàn tất thao tác: Mỗi xã chỉ có một bản rà soát mỗi năm.",
                False,
            ),
        ]
        for call, english, vietnamese, new in cases:
            with self.subTest(english=english):
                self.assertRefused(
                    call,
                    ValidationError,
                    english,
                    vietnamese,
                    new=new,
                    models=("rehab.demand.survey",),
                    records=survey,
                    fnames=["adjustment", "total_amount", "year"],
                )
        form = Form(survey.with_user(self.commune_officer_user))
        form.adjustment = 300_000_000
        form.note = LONG_TEXT
        form.save()
        self.assertEqual(survey.total_amount, 300_000_000)
        self.assertEqual(survey.note, LONG_TEXT)

    def _survey_adjust(self, env, survey, adjustment):
        form = Form(survey.with_env(env).with_user(self.commune_officer_user))
        form.adjustment = adjustment
        return form.save()

    def test_a_parameter_typed_by_hand_that_is_not_a_number(self):
        """System Parameters accept any text: the rules keep their default."""
        self.env["ir.config_parameter"].set_param("post_rehab_credit.min_age", "abc")
        logger = "odoo.addons.post_rehab_credit.tools.rehab_rules"
        with self.assertLogs(logger, "WARNING") as logs:
            params = rehab_rules.params_from_env(self.env)
        self.assertEqual(params["min_age"], 12)
        self.assertIn("post_rehab_credit.min_age", logs.output[0])
        person = self.env["rehab.person"].search([], limit=1)
        with self.assertLogs(logger, "WARNING"):
            eligible, __ = person._eligible_on(date(2026, 6, 1))
        self.assertIsInstance(eligible, bool)

    def test_supervision_and_commendation(self):
        def supervision(env):
            form = Form(env["rehab.supervision"].with_user(self.department_user))
            form.name = "Giám sát việc lập danh sách hằng tháng"
            return form

        def commendation(env):
            form = Form(env["rehab.commendation"].with_user(self.province_user))
            form.name = "Công an xã Châu Sơn"
            form.reason = "Lập danh sách đúng hạn"
            return form

        self.assertRequiredFields(
            supervision,
            "rehab.supervision",
            {"name": "Tiêu đề", "date": "Ngày"},
            models=("rehab.supervision",),
        )
        self.assertRequiredFields(
            commendation,
            "rehab.commendation",
            {"name": "Tập thể, cá nhân được khen", "reason": "Thành tích"},
            models=("rehab.commendation",),
        )
        form = supervision(self.env)
        form.findings = LONG_TEXT
        form.recommendations = "Khắc phục ngay – 立即纠正 – แก้ไขทันที – فوراً"
        form.follow_up = "😀" * 1000
        record = form.save()
        self.env.invalidate_all()
        self.assertEqual(record.findings, LONG_TEXT)
        self.assertEqual(
            record.recommendations, "Khắc phục ngay – 立即纠正 – แก้ไขทันที – فوراً"
        )
        self.assertEqual(record.follow_up, "😀" * 1000)
        form = commendation(self.env)
        form.name = "Nguyễn Thị Ánh Tuyết – 阮氏映雪"
        form.reason = LONG_TEXT
        record = form.save()
        self.env.invalidate_all()
        self.assertEqual(record.name, "Nguyễn Thị Ánh Tuyết – 阮氏映雪")
        self.assertEqual(record.reason, LONG_TEXT)

    def test_agencies(self):
        Company = "res.company"

        def agency(env, **values):
            form = Form(env[Company].with_user(self.system_user))
            form.name = "UBND xã Mới"
            for name, value in values.items():
                setattr(form, name, value)
            return form.save()

        commune = {"agency_type": "commune", "parent_id": self.province_a}
        cases = [
            (
                lambda env: agency(env, agency_type="commune"),
                "The agency UBND xã Mới must belong to a province People's "
                "Committee (set it as the parent company).",
                "Cơ quan UBND xã Mới phải thuộc một UBND tỉnh",
                False,
            ),
            (
                # The form hides the parent of a province: only by the ORM.
                lambda env: (
                    env[Company]
                    .with_user(self.system_user)
                    .create(
                        {
                            "name": "UBND tỉnh Mới",
                            "agency_type": "province_committee",
                            "parent_id": self.province_a.id,
                        }
                    )
                ),
                "The province People's Committee UBND tỉnh Mới cannot belong to "
                "another agency.",
                "UBND tỉnh UBND tỉnh Mới không thể trực thuộc một cơ quan khác.",
                False,
            ),
            (
                lambda env: agency(env, **commune, admin_code="T11"),
                "The operation cannot be completed: Another agency already has this "
                "administrative code.",
                "Không thể hoàn tất thao tác: Mã đơn vị hành chính này đã được",
                False,
            ),
            (
                lambda env: agency(env, **commune, admin_code="50%"),
                "The administrative code 50% may contain only letters, digits, dots "
                "and hyphens.",
                "Mã đơn vị hành chính 50% chỉ được gồm chữ cái, chữ số",
                NEW,
            ),
            (
                lambda env: agency(env, **commune, admin_code="031 17"),
                "The administrative code 031 17 may contain only letters, digits, "
                "dots and hyphens.",
                "Mã đơn vị hành chính 031 17 chỉ được gồm chữ cái, chữ số",
                NEW,
            ),
        ]
        for call, english, vietnamese, new in cases:
            with self.subTest(english=english):
                self.assertRefused(
                    call,
                    ValidationError,
                    english,
                    vietnamese,
                    new=new,
                    models=(Company, "res.partner"),
                )
        # Serving communes: only an office, only of its province.
        cases = [
            (
                self.branch_a,
                self.commune_a3,
                "Only a VBSP transaction office serves communes; Test VBSP branch A "
                "is not one.",
                "Chỉ phòng giao dịch NHCSXH mới phục vụ các xã; Test VBSP branch A",
            ),
            (
                self.office_a,
                self.commune_b1,
                "The transaction office Test VBSP office A can only serve communes "
                "of its own province: Test commune B1.",
                "Phòng giao dịch Test VBSP office A chỉ được phục vụ các xã trong "
                "tỉnh của mình: Test commune B1.",
            ),
        ]
        for office, commune, english, vietnamese in cases:
            with self.subTest(office=office.name):
                self.assertRefused(
                    lambda env, o=office, c=commune: (
                        o.with_env(env)
                        .with_user(self.system_user)
                        .write({"served_commune_ids": [(4, c.id)]})
                    ),
                    ValidationError,
                    english,
                    vietnamese,
                    records=office,
                    fnames=["served_commune_ids"],
                )
        commune = agency(
            self.env,
            name="UBND xã Chiềng Cơi – 清溪",
            agency_type="commune",
            parent_id=self.province_a,
            admin_code="03646-Đ",
        )
        self.assertEqual(commune.name, "UBND xã Chiềng Cơi – 清溪")
        self.assertEqual(commune.admin_code, "03646-Đ")

    def test_settings(self):
        ceilings = (
            "Ceilings, the training amount, the term and the extension must be "
            "positive.",
            "Mức vay tối đa, mức vay học nghề, thời hạn vay và thời hạn gia hạn phải",
        )
        day = (
            "The monthly list is due on a day between 1 and 28.",
            "Hạn lập danh sách hằng tháng phải là một ngày từ 1 đến 28.",
        )
        validity = (
            "A referral slip is valid between 1 and 3650 days.",
            "Thời hạn của phiếu giới thiệu phải từ 1 đến 3650 ngày.",
        )
        age = (
            "The minimum age must be between 1 and 100.",
            "Tuổi tối thiểu phải từ 1 đến 100.",
        )
        years = (
            "The years after the management decision must be between 1 and 100.",
            "Số năm kể từ quyết định quản lý phải từ 1 đến 100.",
        )
        warning = (
            "The warning days must be between 0 and 3650.",
            "Số ngày cảnh báo phải từ 0 đến 3650.",
        )
        share = (
            "The minimum share of post-rehab workers must be between 0 and 100 %.",
            "Tỷ lệ tối thiểu lao động sau cai nghiện phải lớn hơn 0",
        )
        cases = [
            ("rehab_individual_ceiling", 0, *ceilings),
            ("rehab_individual_ceiling", -200_000_000, *ceilings),
            ("rehab_establishment_ceiling", 0, *ceilings),
            ("rehab_training_amount_per_month", -1, *ceilings),
            ("rehab_max_term_months", 0, *ceilings),
            ("rehab_max_extension_months", -12, *ceilings),
            ("rehab_per_worker_ceiling", -1, *ceilings),
            ("rehab_list_deadline_day", 0, *day),
            ("rehab_list_deadline_day", 29, *day),
            ("rehab_list_deadline_day", 31, *day),
            ("rehab_slip_validity_days", 0, *validity),
            ("rehab_slip_validity_days", 3651, *validity),
            ("rehab_min_age", 0, *age),
            ("rehab_min_age", 101, *age),
            ("rehab_window_years", 0, *years),
            ("rehab_window_years", 101, *years),
            ("rehab_closing_soon_days", -1, *warning),
            ("rehab_closing_soon_days", 3651, *warning),
            ("rehab_establishment_min_share", 0, *share),
            ("rehab_establishment_min_share", 100.01, *share),
            ("rehab_establishment_min_share", -10, *share),
        ]
        Param = self.env["ir.config_parameter"].sudo()
        keys = [
            "post_rehab_credit.%s" % fname.removeprefix("rehab_")
            for fname, *__ in cases
        ]
        before = {key: Param.get_param(key) for key in keys}
        for fname, value, english, vietnamese in cases:
            with self.subTest(field=fname, value=value):

                def save(env, f=fname, v=value):
                    form = Form(env["rehab.settings"].with_user(self.admin_user))
                    setattr(form, f, v)
                    form.save().execute()

                self.assertRefused(save, ValidationError, english, vietnamese)
        self.assertEqual({key: Param.get_param(key) for key in keys}, before)


# The import of people


IMPORT_HEADER = (
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Thôn, bản, tổ dân phố",
    "Hình thức cai nghiện",
    "Ngày hoàn thành cai nghiện",
    "Ngày ban hành quyết định",
    "Số CCCD người đại diện",
    "Số tiền cần vay (đồng)",
)


def import_row(number, **values):
    """A good row; ``values`` by column position name."""
    row = {
        "name": "Người số %s" % number,
        "birth": "15/03/1990",
        "gender": "Nam",
        "cid": "020090%06d" % (500 + number),
        "village": "Bản Khòn Pổ",
        "route": "Tự nguyện",
        "completion": "01/05/2024",
        "decision": "01/06/2024",
        "rep": "020065001111",
        "amount": 50_000_000,
    }
    row.update(values)
    return list(row.values())


def workbook(rows, header=IMPORT_HEADER):
    return xlsx_file(rows, header)


@tagged("post_install", "-at_install")
class TestBadInputImport(BadInputMixin, RegistryCase):
    MODELS = ("rehab.person", "rehab.person.conduct")

    def _import(self, env, data, user=None):
        form = Form(env["rehab.person.import"].with_user(user or self.police_user))
        form.file = data
        wizard = form.save()
        return wizard, wizard.action_import()

    def test_bad_files(self):
        csv = "Họ và tên;Ngày sinh\nNguyễn Văn An;15/03/1990\n".encode()
        cases = [
            (
                "no file",
                False,
                "Choose the XLSX file to import.",
                "Hãy chọn tệp XLSX cần nhập.",
            ),
            (
                "a CSV file",
                base64.b64encode(csv),
                "The file is not a readable XLSX workbook",
                "Tệp không phải là bảng tính XLSX đọc được",
            ),
            (
                "an old XLS file",
                base64.b64encode(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
                "The file is not a readable XLSX workbook",
                "Tệp không phải là bảng tính XLSX đọc được",
            ),
            (
                "a zip that is not a workbook",
                base64.b64encode(
                    b"PK\x05\x06" + b"\0" * 18  # an empty zip archive
                ),
                "The file is not a readable XLSX workbook",
                "Tệp không phải là bảng tính XLSX đọc được",
            ),
            (
                "an empty workbook",
                workbook([], header=None),
                "The file is empty.",
                "Tệp trống.",
            ),
            (
                "wrong columns",
                workbook([["Nguyễn Văn An", "Nam"]], header=["Tên", "Phái"]),
                "The header row lacks the columns: Họ và tên, Ngày sinh, Giới tính, "
                "Số CCCD.",
                "Dòng tiêu đề thiếu các cột: Họ và tên, Ngày sinh, Giới tính, Số CCCD.",
            ),
            (
                "a header and no rows",
                workbook([["", None, "  "]]),
                "The file has no rows under its header.",
                "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.",
            ),
        ]
        for case, data, english, vietnamese in cases:
            with self.subTest(case=case):
                self.assertRefused(
                    lambda env, d=data: self._import(env, d),
                    UserError,
                    english,
                    vietnamese,
                    models=self.MODELS,
                )
        # Only into a commune.
        self.assertRefused(
            lambda env: (
                env["rehab.person.import"]
                .with_user(self.admin_user)
                .create({"company_id": self.province_a.id, "file": workbook([])})
                .action_import()
            ),
            UserError,
            "People are imported into a commune or ward.",
            "Chỉ nhập người sau cai nghiện vào một xã, phường.",
            models=self.MODELS,
        )

    def test_bad_rows_import_nothing_and_are_explained(self):
        long_name = "Nguyễn " * 40
        cases = [
            (
                {"birth": "31/02/1990"},
                "Ngày sinh: “31/02/1990” is not a date (day/month/year).",
                "Ngày sinh: “31/02/1990” không phải là ngày (ngày/tháng/năm).",
                False,
            ),
            (
                {"birth": "1990"},
                "“1990” is not a date",
                "“1990” không phải là ngày",
                False,
            ),
            (
                {"gender": "Không rõ"},
                "Giới tính: “Không rõ” is not one of the allowed values.",
                "Giới tính: “Không rõ” không thuộc các giá trị được chấp nhận.",
                False,
            ),
            (
                {"amount": "năm mươi triệu"},
                "“năm mươi triệu” is not an amount.",
                "“năm mươi triệu” không phải là số tiền.",
                False,
            ),
            (
                {"amount": datetime.datetime(2026, 5, 1)},
                "is not an amount.",
                "không phải là số tiền.",
                False,
            ),
            ({"amount": "nan"}, "“nan” is not an amount.", "“nan” không phải", False),
            ({"amount": "inf"}, "“inf” is not an amount.", "“inf” không phải", False),
            (
                {"amount": "-5.000.000"},
                "The amount cannot be negative.",
                "Số tiền không được âm.",
                False,
            ),
            (
                {"name": long_name},
                "Họ và tên: The text is longer than 256 characters.",
                "Họ và tên: Nội dung dài quá 256 ký tự.",
                False,
            ),
            ({"name": None}, "Họ và tên is required.", "Thiếu Họ và tên.", False),
            ({"name": "   "}, "Họ và tên is required.", "Thiếu Họ và tên.", False),
            (
                {"cid": "02009000A501"},
                "The citizen ID must contain digits only.",
                "Số CCCD chỉ được gồm các chữ số.",
                False,
            ),
            (
                {"cid": "0200900005019"},
                "The citizen ID must be 12 digits long.",
                "Số CCCD phải gồm đúng 12 chữ số.",
                False,
            ),
            (
                {"rep": "12345"},
                "Số CCCD người đại diện: The citizen ID must be 12 digits long.",
                "Số CCCD người đại diện: Số CCCD phải gồm đúng 12 chữ số.",
                False,
            ),
            (
                {"birth": tomorrow().strftime("%d/%m/%Y")},
                "Ngày sinh is in the future.",
                "Ngày sinh là một ngày trong tương lai.",
                False,
            ),
            (
                {"cid": self.person_a1.citizen_id},
                "The citizen ID is already registered in the programme.",
                "Số CCCD đã có trong chương trình.",
                False,
            ),
            (
                {"cid": "020090000501"},
                "The citizen ID is repeated on row 2 of the file.",
                "Số CCCD trùng với dòng 2 của tệp.",
                False,
            ),
        ]
        rows = [import_row(1)] + [
            import_row(number, **values)
            for number, (values, *__) in enumerate(cases, start=2)
        ]
        data = workbook(rows)
        before = self._state(self.MODELS)
        for lang in LANGS:
            with self.subTest(lang=lang):
                wizard, __ = self._import(self._env(lang), data)
                self.assertEqual(wizard.state, "error")
                self.assertEqual(wizard.error_count, len(cases))
                sheet = openpyxl.load_workbook(
                    io.BytesIO(base64.b64decode(wizard.error_file))
                ).active
                back = list(sheet.iter_rows(values_only=True))
                self.assertEqual(back[0][0], "Row" if lang == "en_US" else "Dòng")
                errors = {row[0]: row[-1] for row in back[1:]}
                self.assertEqual(sorted(errors), list(range(3, len(cases) + 3)))
                for number, (values, english, vietnamese, new) in enumerate(
                    cases, start=3
                ):
                    message = errors[number]
                    if lang == "en_US":
                        self.assertIn(english, message, values)
                    elif new:
                        self.assertTrue(english in message or vietnamese in message)
                    else:
                        self.assertIn(vietnamese, message, values)
        self.assertEqual(self._state(self.MODELS), before)

    def test_rows_refused_by_the_registry_import_nothing(self):
        """A row the file checks let through is still refused by the registry's
        own checks, and then nothing of the file is imported."""
        cases = [
            (
                {
                    "name": "Người sinh 1899",
                    "birth": "31/12/1899",
                    "cid": "020899000777",
                },
                "Nothing was imported: The date of birth of Người sinh 1899 is before "
                "1900.",
                "Không dòng nào được nhập: ",
                NEW,
            ),
            (
                {"completion": "01/01/1980"},
                "Nothing was imported: The date of rehab completion of Người số 2 is "
                "before the date of birth.",
                "Không dòng nào được nhập: Ngày hoàn thành cai nghiện của Người số 2 "
                "trước ngày sinh.",
                False,
            ),
        ]
        for values, english, vietnamese, new in cases:
            with self.subTest(values=values):
                data = workbook([import_row(1), import_row(2, **values)])
                self.assertRefused(
                    lambda env, d=data: self._import(env, d),
                    UserError,
                    english,
                    vietnamese,
                    new=new,
                    models=self.MODELS,
                )

    def test_good_rows_in_every_script_round_trip(self):
        rows = [
            import_row(number, name=name, village=name[:100])
            for number, name in enumerate(GOOD_NAMES, start=1)
        ]
        wizard, action = self._import(self.env, workbook(rows))
        self.assertEqual(wizard.state, "done")
        people = self.env["rehab.person"].search(action["domain"])
        self.assertEqual(sorted(people.mapped("name")), sorted(GOOD_NAMES))
        self.assertEqual(
            sorted(people.mapped("village")), sorted(n[:100] for n in GOOD_NAMES)
        )
