"""Values no field can hold, sent over JSON-RPC (issue 20).

A web client's widgets never send them; any logged-in user can. Text, NaN,
Infinity, 1e300 or 10**30 for a number, a choice outside a selection, a text
or a list where a record or a number goes, a date that does not exist or in
the year 9999: in every model and wizard of the programme they are refused
with a clear, translated message naming the field, nothing is saved, and no
traceback is logged as an ERROR (the ORM's ValueError or the database's
error used to be).
"""

from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import JsonRpcMixin
from .common_loan import LoanCase

WATCHED = (
    "rehab.person",
    "rehab.establishment",
    "rehab.loan",
    "rehab.loan.decide",
    "rehab.loan.repay",
    "rehab.loan.check",
    "rehab.loan.repayment",
    "rehab.loan.use.check",
    "mail.message",
)
NAN = float("nan")
INF = float("inf")


@tagged("post_install", "-at_install")
class TestBadValuesOverRpc(JsonRpcMixin, HttpCase, LoanCase):
    def _label(self, model, fname, lang="en_US"):
        env = self.env(context=dict(self.env.context, lang=lang))
        return env[model]._fields[fname]._description_string(env)

    def _counts(self):
        # What the steps before left to the end of the transaction (their
        # tracking messages) is written now, not by the first request.
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        return {
            model: self.env[model]
            .sudo()
            .with_context(active_test=False)
            .search_count([])
            for model in WATCHED
        }

    def _messages(self, model, fname):
        """What is said of each bad value of a field, by its kind."""
        label = self._label(model, fname)
        return {
            "text": "«%s» must be a number." % label,
            "finite": "«%s» must be a finite number." % label,
            "huge": "«%s» must be between" % label,
            "whole": "«%s» must be a whole number." % label,
            "record": "«%s» must be a record." % label,
            "date": "«%s» must be a valid date." % label,
            "far": "«%s» must be a date between 01/01/1800 and 31/12/2999." % label,
        }

    def _number_cases(self, model, fname, integer=False):
        said = self._messages(model, fname)
        cases = [
            ("năm mươi triệu", said["text"]),
            ("50000000", said["text"]),
            ([50_000_000], said["text"]),
            ({"amount": 1}, said["text"]),
            (True, said["text"]),
            (NAN, said["finite"]),
            (INF, said["finite"]),
            (-INF, said["finite"]),
            (1e300, said["huge"]),
            (10**30, said["huge"]),
            (-(10**30), said["huge"]),
        ]
        if integer:
            cases.append((1.5, said["whole"]))
        return cases

    def assertRefusedOverRpc(self, user, model, method, args, cases, fname):  # noqa: PLR0917
        """Each bad value of ``fname`` in ``args`` (the vals last) is refused
        with its message; nothing saved; no ERROR logged."""
        before = self._counts()
        for value, message in cases:
            with self.subTest(model=model, field=fname, value=repr(value)[:40]):
                *head, vals = args
                sent = [*head, dict(vals, **{fname: value})]
                with self.assertNoLogs("odoo", "ERROR"):
                    result, error = self.rpc(user, model, method, *sent, context={})
                self.assertFalse(result)
                self.assertIn(message, error or "")
        self.assertEqual(self._counts(), before)

    def test_person(self):
        vals = self.person_vals(self.commune_a1, citizen_id="020090123457")
        args = [vals]
        police = self.police_user
        Person = "rehab.person"
        self.assertRefusedOverRpc(
            police,
            Person,
            "create",
            args,
            self._number_cases(Person, "amount_needed"),
            "amount_needed",
        )
        said = self._messages(Person, "company_id")
        self.assertRefusedOverRpc(
            police,
            Person,
            "create",
            args,
            [
                ("Test commune A1", said["record"]),
                ([self.commune_a1.id], said["record"]),
                (10**30, said["record"]),
                (-1, said["record"]),
                (1.5, said["record"]),
            ],
            "company_id",
        )
        said = self._messages(Person, "birth_date")
        self.assertRefusedOverRpc(
            police,
            Person,
            "create",
            args,
            [
                ("1990-02-31", said["date"]),
                ("31/02/1990", said["date"]),
                ("hôm qua", said["date"]),
                (19900412, said["date"]),
                (["1990-04-12"], said["date"]),
                ("9999-12-31", said["far"]),
                ("0001-01-01", said["far"]),
            ],
            "birth_date",
        )
        gender = self._label(Person, "gender")
        self.assertRefusedOverRpc(
            police,
            Person,
            "create",
            args,
            [
                ("nam", "«nam» is not one of the choices of «%s»." % gender),
                (["male"], "«%s» must be one of its choices." % gender),
            ],
            "gender",
        )
        self.assertRefusedOverRpc(
            police,
            Person,
            "create",
            args,
            [(["Bản"], "«%s» must be a text." % self._label(Person, "village"))],
            "village",
        )
        # The same values written on a person already registered.
        self.assertRefusedOverRpc(
            police,
            Person,
            "write",
            [[self.person_a1.id], {}],
            self._number_cases(Person, "amount_needed"),
            "amount_needed",
        )
        self.assertEqual(self.person_a1.amount_needed, 50_000_000)

    def test_establishment(self):
        model = "rehab.establishment"
        self.assertRefusedOverRpc(
            self.police_user,
            model,
            "create",
            [
                {
                    "name": "Hợp tác xã Bình Minh",
                    "company_id": self.commune_a1.id,
                    "establishment_type": "cooperative",
                }
            ],
            self._number_cases(model, "total_workers", integer=True),
            "total_workers",
        )

    def test_loan_and_its_wizards(self):
        loan = self._application()
        bank = self.vbsp_user
        # The application itself.
        self.assertRefusedOverRpc(
            bank,
            "rehab.loan",
            "write",
            [[loan.id], {}],
            self._number_cases("rehab.loan", "amount_requested"),
            "amount_requested",
        )
        purpose = self._label("rehab.loan", "purpose")
        self.assertRefusedOverRpc(
            bank,
            "rehab.loan",
            "write",
            [[loan.id], {}],
            [("stolen", "«stolen» is not one of the choices of «%s»." % purpose)],
            "purpose",
        )
        self.assertEqual(loan.amount_requested, 10_000_000)
        self.assertEqual(loan.purpose, "production")
        # The bank's decision.
        self._reviewed_and_confirmed(loan)
        decide = {
            "loan_id": loan.id,
            "decision": "approve",
            "decision_date": "2026-06-01",
            "amount": 10_000_000,
            "term_months": 12,
            "grace_months": 0,
            "frequency": "1",
        }
        for fname, integer in (
            ("amount", False),
            ("term_months", True),
            ("grace_months", True),
        ):
            self.assertRefusedOverRpc(
                bank,
                "rehab.loan.decide",
                "create",
                [decide],
                self._number_cases("rehab.loan.decide", fname, integer),
                fname,
            )
        said = self._messages("rehab.loan.decide", "loan_id")
        self.assertRefusedOverRpc(
            bank,
            "rehab.loan.decide",
            "create",
            [decide],
            [("KU/2026/000001", said["record"]), ([loan.id], said["record"])],
            "loan_id",
        )
        frequency = self._label("rehab.loan.decide", "frequency")
        self.assertRefusedOverRpc(
            bank,
            "rehab.loan.decide",
            "create",
            [decide],
            [("12", "«12» is not one of the choices of «%s»." % frequency)],
            "frequency",
        )
        said = self._messages("rehab.loan.decide", "decision_date")
        self.assertRefusedOverRpc(
            bank,
            "rehab.loan.decide",
            "create",
            [decide],
            [("2026-06-31", said["date"]), ("2999-99-99", said["date"])],
            "decision_date",
        )
        self.assertEqual(loan.state, "confirmed")
        # Money in: the repayment and the use check.
        self._wizard(
            "rehab.loan.decide",
            loan,
            bank,
            decision_date=date(2026, 6, 1),
            amount=10_000_000,
        ).action_decide()
        self._wizard(
            "rehab.loan.disburse", loan, bank, date=date(2026, 6, 1), amount=10_000_000
        ).action_disburse()
        self.assertRefusedOverRpc(
            bank,
            "rehab.loan.repay",
            "create",
            [{"loan_id": loan.id, "date": "2026-06-20", "amount": 1_000_000}],
            self._number_cases("rehab.loan.repay", "amount"),
            "amount",
        )
        finding = self._label("rehab.loan.check", "finding")
        self.assertRefusedOverRpc(
            bank,
            "rehab.loan.check",
            "create",
            [
                {
                    "loan_id": loan.id,
                    "date": "2026-06-20",
                    "checked_by": "bank",
                    "finding": "as_planned",
                }
            ],
            [("stolen", "«stolen» is not one of the choices of «%s»." % finding)],
            "finding",
        )
        self.assertFalse(loan.repayment_ids)
        self.assertFalse(loan.use_check_ids)

    def test_messages_are_translated(self):
        Person = self.env["rehab.person"].with_context(lang="vi_VN")
        label = self._label("rehab.person", "amount_needed", "vi_VN")
        vals = self.person_vals(self.commune_a1, citizen_id="020090123457")
        for value, message in (
            ("năm mươi triệu", "«%s» phải là một số." % label),
            (NAN, "«%s» phải là một số hữu hạn." % label),
            (1e300, "«%s» phải trong khoảng" % label),
        ):
            with self.subTest(value=value):
                with self.assertRaises(ValidationError) as caught:
                    Person.create(dict(vals, amount_needed=value))
                self.assertIn(message, str(caught.exception))
        gender = self._label("rehab.person", "gender", "vi_VN")
        with self.assertRaisesRegex(
            ValidationError,
            "«nam» không phải là một lựa chọn của «%s»." % gender,
        ):
            Person.create(dict(vals, gender="nam"))

    def test_every_field_of_every_programme_model_is_checked(self):
        """In-process, every field of every model and wizard of the
        programme: each bad value of its type is named, a good one passes."""
        bad = {
            "float": ["x", NAN, INF, 1e300, [1]],
            "monetary": ["x", NAN, -INF, 10**30, [1]],
            "integer": ["x", NAN, 10**30, 1.5, [1]],
            "many2one": ["x", [1], 10**30, 1.5],
            "date": ["2026-02-30", "9999-01-01", [1]],
            "datetime": ["2026-02-30 10:00:00", "0001-01-01 00:00:00", [1]],
            "char": [[1], {"a": 1}],
            "text": [[1], {"a": 1}],
        }
        good = {
            "float": 12.5,
            "monetary": 1_000_000,
            "integer": 3,
            "many2one": 1,
            "date": date(2026, 6, 1),
            "datetime": "2026-06-01 10:00:00",
            "char": "Bản Khòn Pổ",
            "text": "Ghi chú",
        }
        checked = 0
        for name in self.env.registry:
            Model = self.env[name]
            if not name.startswith("rehab.") or Model._abstract:
                continue
            for fname, field in Model._fields.items():
                with self.subTest(model=name, field=fname):
                    if field.type == "selection":
                        self.assertTrue(
                            Model._rehab_value_problem(field, "no_such_choice")
                        )
                        for value in field.get_values(self.env):
                            self.assertIsNone(Model._rehab_value_problem(field, value))
                        checked += 1
                        continue
                    if field.type not in bad:
                        continue
                    for value in bad[field.type]:
                        problem = Model._rehab_value_problem(field, value)
                        self.assertTrue(problem, repr(value))
                        self.assertIn(
                            "«%s»" % field._description_string(self.env), problem
                        )
                    self.assertIsNone(
                        Model._rehab_value_problem(field, good[field.type])
                    )
                    self.assertIsNone(Model._rehab_value_problem(field, False))
                    checked += 1
        self.assertGreater(checked, 500)
        # A value of the programme's fields on the host's models too (the
        # agency type added to companies).
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaisesRegex(ValidationError, "is not one of the choices"),
        ):
            self.env["res.company"].create({"name": "X", "agency_type": "bank"})
