# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bad input over the forms of people, conduct, establishments and savings
groups.

How each bad value is tried: tests/common_bad_input.py.
"""

import unicodedata
from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import RegistryCase
from .common_bad_input import GOOD_NAMES, LONG_TEXT, NEW, BadInputMixin, tomorrow

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
