import base64
import io
import json
from datetime import date

import openpyxl

from odoo.tests import Form, new_test_user
from odoo.tests.common import TransactionCase

from ..tools import rehab_rules

PREFIX = "post_rehab_credit.group_"


def agency_today():
    """Today as the programme counts it: the date in Asia/Ho_Chi_Minh, which
    is a day ahead of the server's (UTC) date from 17:00 to midnight UTC."""
    return rehab_rules.agency_date()


def xlsx_file(rows, header=None):
    """An XLSX file, base64 as uploaded, of ``rows`` under ``header`` (if any)."""
    book = openpyxl.Workbook()
    sheet = book.active
    if header:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return base64.b64encode(buffer.getvalue())


def xlsx_title_row(sheet):
    """The row (1-based) of the table's header: the row repeated on every
    printed page, under the heading of the official layout."""
    return int(sheet.print_title_rows.split(":")[0].strip("$"))


def xlsx_heading(sheet):
    """The texts above the table's header, row by row, left to right."""
    return [
        value
        for row in sheet.iter_rows(max_row=xlsx_title_row(sheet) - 1, values_only=True)
        for value in row
        if value
    ]


def xlsx_rows(sheet):
    """Every row under the table's header (values)."""
    return list(sheet.iter_rows(min_row=xlsx_title_row(sheet) + 1, values_only=True))


def xlsx_table(sheet):
    """The rows of the table's body: under its header, down to a blank row."""
    rows = []
    for row in xlsx_rows(sheet):
        if not any(value not in (None, "") for value in row):
            break
        rows.append(row)
    return rows


def set_rule(env, key, value, day=None, province=None):
    """The rule ``key`` has ``value`` for ``province`` (a national rule or the
    programme's default when not given): from ``day``, a version entered as
    the superuser (rehab.rule.value), which may be dated in the past; without
    a day, on every day (every version of the rule is given the value), as
    the single setting of the old days. Returns the versions written."""
    Version = env["rehab.rule.value"].sudo()
    domain = [
        ("key", "=", key),
        ("province_id", "=", province.id if province else False),
    ]
    if day is None:
        found = Version.search(domain)
        day = date(1900, 1, 1)
        found.filtered(lambda v: v.date_from != day).write({"value": value})
    else:
        found = Version.browse()
    same_day = Version.search(domain + [("date_from", "=", day)])
    if same_day:
        same_day.write({"value": value})
        return found | same_day
    return found | Version.create(
        {
            "key": key,
            "value": value,
            "province_id": province.id if province else False,
            "date_from": day,
            "legal_number": "TEST/2026",
            "legal_date": min(day, Version._rehab_today()),
        }
    )


class JsonRpcMixin:
    """Calls to the server as a web client makes them (HttpCase)."""

    def rpc(self, user, model, method, *args, context=None, **kwargs):
        """(result, error message) of a call_kw as ``user``."""
        self.authenticate(user.login, user.login)
        if context is not None:
            kwargs["context"] = dict(context, lang="en_US")
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": kwargs,
            },
        }
        response = self.url_open(
            "/web/dataset/call_kw/%s/%s" % (model, method),
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        body = response.json()
        error = body.get("error")
        return body.get("result"), error and error["data"]["message"]

    def ok(self, user, model, method, *args, **kwargs):
        result, error = self.rpc(user, model, method, *args, **kwargs)
        self.assertFalse(error, "%s.%s as %s" % (model, method, user.login))
        return result


# Every context key the code ever read to open a lock, and then some.
CLIENT_KEYS = {
    "rehab_list_transition": True,
    "rehab_loan_transition": True,
    "rehab_workflow_gate": True,
}


class PostRehabCreditCase(TransactionCase):
    """Two provinces with their agencies, and one user per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # No invitation mail for the test users (auth_signup sends one to
        # every user created with an address, which is most of a class's
        # set-up time); the notification mails of to-dos queued in mail.mail,
        # not sent at once (their messages are in mail.message as before); no
        # chatter tracking; the daily runs' jobs (queue_job) done at once, in
        # the test's transaction: queue_job's own key.
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=True,
                no_reset_password=True,
                mail_notify_force_send=False,
                lang="en_US",
                queue_job__no_delay=True,
            )
        )
        Company = cls.env["res.company"]
        vnd = cls.env.ref("base.VND")
        # Created in two batches (the provinces, then their agencies): each
        # create of companies adds them to the current user's companies,
        # which clears the registry's caches. The offices' communes are
        # written once the communes exist.
        cls.province_a, cls.province_b = Company.create(
            [
                {
                    "name": "Test province A",
                    "agency_type": "province_committee",
                    "admin_code": "T1",
                    "currency_id": vnd.id,
                },
                {
                    "name": "Test province B",
                    "agency_type": "province_committee",
                    "admin_code": "T2",
                    "currency_id": vnd.id,
                },
            ]
        )

        def agency(name, agency_type, parent, **vals):
            return dict(vals, name=name, agency_type=agency_type, parent_id=parent.id)

        (
            cls.police_a,
            cls.branch_a,
            cls.finance_a,
            cls.commune_a1,
            cls.commune_a2,
            cls.commune_a3,
            cls.commune_b1,
            cls.office_a,
            cls.office_b,
        ) = Company.create(
            [
                agency("Test police A", "province_police", cls.province_a),
                agency("Test VBSP branch A", "vbsp_branch", cls.province_a),
                agency("Test finance A", "department", cls.province_a),
                agency("Test commune A1", "commune", cls.province_a, admin_code="T11"),
                agency("Test commune A2", "commune", cls.province_a, admin_code="T12"),
                agency("Test commune A3", "commune", cls.province_a, admin_code="T13"),
                agency("Test commune B1", "commune", cls.province_b, admin_code="T21"),
                agency("Test VBSP office A", "vbsp_office", cls.province_a),
                agency("Test VBSP office B", "vbsp_office", cls.province_b),
            ]
        )
        cls.office_a.served_commune_ids = cls.commune_a1 | cls.commune_a2
        cls.office_b.served_commune_ids = cls.commune_b1

        def user(login, role, company):
            return new_test_user(
                cls.env,
                login=login,
                groups="base.group_user,%s%s" % (PREFIX, role),
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
            )

        cls.police_user = user("t_police_a1", "commune_police", cls.commune_a1)
        cls.chairman_user = user("t_chairman_a1", "commune_chairman", cls.commune_a1)
        cls.commune_officer_user = user(
            "t_officer_a1", "commune_officer", cls.commune_a1
        )
        cls.savings_user = user("t_savings_a1", "savings_group_officer", cls.commune_a1)
        cls.police_b_user = user("t_police_b1", "commune_police", cls.commune_b1)
        cls.vbsp_user = user("t_vbsp_a", "vbsp_officer", cls.office_a)
        cls.vbsp_manager_user = user("t_vbsp_manager_a", "vbsp_manager", cls.branch_a)
        cls.province_user = user("t_province_a", "province_officer", cls.police_a)
        cls.department_user = user(
            "t_department_a", "department_officer", cls.finance_a
        )
        cls.admin_user = user("t_admin_ab", "programme_admin", cls.province_a)
        cls.admin_user.company_ids = [(4, cls.province_b.id)]
        # The national administrator: the national rules and the defaults.
        cls.national_admin_user = user("t_national_a", "national_admin", cls.province_a)

    def setUp(self):
        cls = type(self)
        if "_fixtures_made" not in cls.__dict__:
            # Each class of the hierarchy that defines _class_fixtures, from
            # the base down: a case adds to the fixtures of its bases.
            for klass in reversed(cls.__mro__):
                if "_class_fixtures" in klass.__dict__:
                    klass.__dict__["_class_fixtures"](self)
            cls._fixtures_made = True
        super().setUp()

    def _class_fixtures(self):
        """The records of the class made once, in its transaction, after all
        of its setUpClass (its people, its agencies' names) and before the
        first test's savepoint: every test starts from them as they were
        made. A case defining it sets class attributes (``type(self).name =
        ...``) and does not call super(): the fixtures of its bases are made
        before."""


class RegistryCase(PostRehabCreditCase):
    """Adds people and an establishment to the agencies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Person = cls.env["rehab.person"]
        cls.person_a1 = cls.Person.create(cls.person_vals(cls.commune_a1))
        cls.person_b1 = cls.Person.create(
            cls.person_vals(
                cls.commune_b1,
                name="Người xã B",
                citizen_id="014195907788",
                birth_date="1995-09-02",
                gender="female",
            )
        )

    @classmethod
    def person_vals(cls, commune, **values):
        vals = {
            "name": "Hoàng Văn Sáng",
            "citizen_id": "020090904512",
            "birth_date": "1990-04-12",
            "gender": "male",
            "company_id": commune.id,
            "village": "Bản Khòn Pổ",
            "rehab_route": "voluntary",
            "rehab_facility": "Cơ sở cai nghiện tỉnh",
            "completion_date": "2024-05-20",
            "decision_number": "45/QĐ-UBND",
            "decision_date": "2024-06-03",
            "purpose": "production",
            "amount_needed": 50_000_000,
        }
        vals.update(values)
        return vals


class MonthlyListCase(RegistryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.List = cls.env["rehab.monthly.list"]
        cls.ineligible_a1 = cls.Person.create(
            cls.person_vals(
                cls.commune_a1,
                name="Chưa đủ điều kiện",
                citizen_id="020090900002",
                rehab_route=False,
            )
        )
        cls.second_a1 = cls.Person.create(
            cls.person_vals(
                cls.commune_a1, name="Người thứ hai", citizen_id="020090900003"
            )
        )

    @classmethod
    def _list(cls, commune=None, month="2026-12-01"):
        record = cls.List.create(
            {"company_id": (commune or cls.commune_a1).id, "month_date": month}
        )
        record.action_fill()
        return record

    @classmethod
    def _confirmed_list(cls):
        record = cls._list()
        record.with_user(cls.police_user).action_submit()
        wizard = Form(
            cls.env["rehab.monthly.list.confirm"]
            .with_user(cls.chairman_user)
            .with_context(default_list_id=record.id)
        ).save()
        wizard.action_confirm()
        return record
