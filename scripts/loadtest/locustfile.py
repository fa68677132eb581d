"""The province's officials at work, for `make loadtest` (scripts/loadtest.sh).

Each simulated user logs in as one official of the load-test province
(scripts/loadtest/build.py wrote who and what is on their desk) and works as the
web client does, over JSON-RPC with a session: commune police open, search and
read their people and register new ones; chairmen open their lists and confirm
them through the wizard; bank officers check slips on the public page, open
loans, post repayments and disburse through the wizards, and the session's
teller posts the whole collection sheet; province officers open pivots and
print the portfolio. Between two actions a user thinks (LOADTEST_THINK seconds,
"min-max").

Every action is reported under a name that says its class: ``form:``,
``list:``, ``page:`` (target p95 < 1 s), ``wizard:`` or ``post:`` (< 2 s);
``print:``, ``login`` and ``views:`` (the views' definitions, which the web
client loads once a session) have no target. Every write the server accepted
is appended to the file LOADTEST_RECORD (JSON lines) for
scripts/loadtest/check.py.
"""

import itertools
import json
import os
import random
import threading

from locust import HttpUser, between, task

with open(os.environ["LOADTEST_DESKS"], encoding="utf-8") as _file:
    DESKS = json.load(_file)
THINK = [float(x) for x in os.environ.get("LOADTEST_THINK", "2-6").split("-")]
RECORD = open(os.environ["LOADTEST_RECORD"], "a", encoding="utf-8")  # noqa: SIM115
_lock = threading.Lock()
_serial = itertools.count(DESKS["next_serial"])
# Work handed out once: each approved loan is disbursed by one officer, each
# list confirmed by its chairman, the sheet posted by the teller.
_approved = list(DESKS["approved"])
random.Random(1).shuffle(_approved)
_sheets = list(DESKS["sheet_ids"])
_desks = {
    role: itertools.cycle(DESKS[role])
    for role in ("police", "chairmen", "bank", "province")
}
GIVEN = "An Bình Cường Dũng Hạnh Hùng Lan Long Mai Nam Phong Sơn Tâm Tuấn Xuân".split()
CONTEXT = {"lang": "vi_VN", "tz": "Asia/Ho_Chi_Minh"}


def record(kind, **values):
    with _lock:
        RECORD.write(json.dumps(dict(values, kind=kind)) + "\n")
        RECORD.flush()


class RpcError(Exception):
    pass


class Official(HttpUser):
    abstract = True
    role = None
    wait_time = between(*THINK)

    def desk_of_the_day(self):
        with _lock:
            return next(_desks[self.role])

    def on_start(self):
        self.desk = self.desk_of_the_day()
        self.odoo_context = dict(CONTEXT)
        result = self.rpc(
            "login",
            "/web/session/authenticate",
            {
                "db": self.host_db,
                "login": self.desk["login"],
                "password": DESKS["password"],
            },
        )
        self.odoo_context["uid"] = result["uid"]
        self.odoo_context["allowed_company_ids"] = [
            result["user_companies"]["current_company"]
        ]
        self.specs = {}

    @property
    def host_db(self):
        return os.environ["LOADTEST_DB"]

    def rpc(self, name, url, params):
        """A JSON-RPC call as the web client makes it; its result, or raises
        (the request reported as failed, with the server's message)."""
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        with self.client.post(
            url, json=payload, name=name, catch_response=True
        ) as response:
            try:
                data = response.json()
            except ValueError:
                response.failure("HTTP %s, not JSON" % response.status_code)
                raise RpcError(name) from None
            if "error" in data:
                error = data["error"].get("data", {})
                response.failure(
                    "%s: %s"
                    % (error.get("name", "error"), error.get("message", ""))[:300]
                )
                raise RpcError(name)
            return data["result"]

    def call(self, name, model, method, *args, **kwargs):
        kwargs.setdefault("context", self.odoo_context)
        return self.rpc(
            name,
            "/web/dataset/call_kw/%s/%s" % (model, method),
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def button(self, name, model, method, ids, context=None):
        return self.rpc(
            name,
            "/web/dataset/call_button/%s/%s" % (model, method),
            {
                "model": model,
                "method": method,
                "args": [ids],
                "kwargs": {"context": context or self.odoo_context},
            },
        )

    def spec(self, model, view):
        """The fields of the view the web client reads: its loaded view's
        columns, as the client asks for them (many2one with their name)."""
        key = (model, view)
        if key not in self.specs:
            views = self.call(
                "views: %s" % model,
                model,
                "get_views",
                [[False, view]],
                options={},
            )
            fields = views["models"][model]["fields"]
            arch = views["views"][view]["arch"]
            spec = {}
            for name, field in fields.items():
                if 'name="%s"' % name not in arch:
                    continue
                if field["type"] == "many2one":
                    spec[name] = {"fields": {"display_name": {}}}
                elif field["type"] in ("one2many", "many2many"):
                    continue
                else:
                    spec[name] = {}
            self.specs[key] = spec
        return self.specs[key]

    def search(self, name, model, domain, limit=80, order=""):
        return self.call(
            name,
            model,
            "web_search_read",
            domain,
            self.spec(model, "list"),
            offset=0,
            limit=limit,
            order=order,
            count_limit=10001,
        )["records"]

    def read(self, name, model, ids):
        return self.call(name, model, "web_read", ids, self.spec(model, "form"))

    def wizard(self, name, model, values, method, context):
        """A wizard as the client opens it: its defaults, saved, its button."""
        context = dict(self.odoo_context, **context)
        defaults = self.call(
            "%s (open)" % name,
            model,
            "onchange",
            [],
            {},
            [],
            {"display_name": {}},
            context=context,
        )
        values = dict(
            {
                key: value
                for key, value in defaults["value"].items()
                if not isinstance(value, (list, dict))
            },
            **values,
        )
        saved = self.call(
            "%s (save)" % name,
            model,
            "web_save",
            [],
            values,
            specification={},
            context=context,
        )
        return self.button(name, model, method, [saved[0]["id"]], context)


class CommunePolice(Official):
    role = "police"
    weight = 30

    @task(4)
    def people_list(self):
        self.people = self.search("list: people", "rehab.person", [])

    @task(3)
    def people_search(self):
        self.people = self.search(
            "list: people, searched",
            "rehab.person",
            [("name", "ilike", random.choice(GIVEN))],
        )

    @task(3)
    def person_form(self):
        people = getattr(self, "people", None) or self.search(
            "list: people", "rehab.person", []
        )
        if people:
            self.read("form: person", "rehab.person", [random.choice(people)["id"]])

    @task(1)
    def register_person(self):
        with _lock:
            serial = next(_serial)
        citizen_id = "0140%02d%06d" % (random.randint(70, 99), serial % 1_000_000)
        year = 1900 + int(citizen_id[4:6])
        result = self.call(
            "post: register a person",
            "rehab.person",
            "web_save",
            [],
            {
                "name": "Người đăng ký %d" % serial,
                "citizen_id": citizen_id,
                "birth_date": "%d-03-15" % year,
                "gender": "male",
                "village": "Bản %d" % random.randint(1, 20),
                "rehab_route": "voluntary",
                "completion_date": "2025-06-01",
                "decision_number": "%d/QĐ-TẢI" % serial,
                "decision_date": "2025-06-15",
                "purpose": "production",
                "amount_needed": 50_000_000,
            },
            specification={"display_name": {}},
        )
        record("person", id=result[0]["id"], citizen_id=citizen_id)


class Chairman(Official):
    role = "chairmen"
    weight = 6

    @task(3)
    def lists(self):
        self.search("list: monthly lists", "rehab.monthly.list", [])

    @task(1)
    def confirm(self):
        with _lock:
            todo = list(self.desk["list_ids"])
            list_id = todo.pop(0) if todo else None
            self.desk["list_ids"] = todo
        if list_id is None:
            return self.lists()
        self.read("form: monthly list", "rehab.monthly.list", [list_id])
        self.wizard(
            "wizard: confirm a list",
            "rehab.monthly.list.confirm",
            {"list_id": list_id},
            "action_confirm",
            {"default_list_id": list_id, "active_id": list_id},
        )
        record("list_confirmed", id=list_id)


class BankOfficer(Official):
    role = "bank"
    weight = 18

    def loans(self):
        return DESKS["repaying"].get(str(self.desk_office), [])

    @property
    def desk_office(self):
        return self.desk["office_id"]

    @task(2)
    def slip_page(self):
        slip = random.choice(DESKS["slips"])
        with self.client.get(
            "/slip/%s" % slip["token"], name="page: slip check", catch_response=True
        ) as response:
            if response.status_code != 200 or "PGT-" not in response.text:
                response.failure("HTTP %s, no slip number" % response.status_code)

    @task(3)
    def loan_list_and_form(self):
        loans = self.search("list: loans", "rehab.loan", [("state", "=", "repaying")])
        if loans:
            self.read("form: loan", "rehab.loan", [random.choice(loans)["id"]])

    @task(3)
    def repay(self):
        loans = self.loans()
        if not loans:
            return
        loan_id = random.choice(loans)
        loan = self.read("form: loan", "rehab.loan", [loan_id])[0]
        # The borrower pays at most what is left of the principal.
        amount = min(
            random.choice((300_000, 500_000, 1_000_000, 2_000_000)),
            int(loan.get("outstanding_principal") or 0),
        )
        if amount <= 0:
            return
        self.wizard(
            "wizard: post a repayment",
            "rehab.loan.repay",
            {"loan_id": loan_id, "amount": amount},
            "action_post",
            {"default_loan_id": loan_id, "active_id": loan_id},
        )
        record("repayment", loan_id=loan_id, amount=amount)

    @task(1)
    def disburse(self):
        with _lock:
            mine = [loan for loan in _approved if loan["office_id"] == self.desk_office]
            loan = mine[0] if mine else None
            if loan:
                _approved.remove(loan)
        if loan is None:
            return
        self.read("form: loan", "rehab.loan", [loan["id"]])
        self.wizard(
            "wizard: disburse",
            "rehab.loan.disburse",
            {
                "loan_id": loan["id"],
                "amount": loan["amount"],
                "place": "Trụ sở UBND xã",
            },
            "action_disburse",
            {"default_loan_id": loan["id"], "active_id": loan["id"]},
        )
        record("disbursement", loan_id=loan["id"], amount=loan["amount"])


class Teller(Official):
    """The teller of today's session: posts the group's collection sheet."""

    role = "team"
    weight = 1
    fixed_count = 1

    def desk_of_the_day(self):
        return {"login": DESKS["team"]["giaodich"]}

    @task
    def post_sheet(self):
        with _lock:
            sheet_id = _sheets.pop() if _sheets else None
        if sheet_id is None:
            self.search("list: loans", "rehab.loan", [("state", "=", "repaying")])
            return
        self.read("form: collection sheet", "rehab.session.sheet", [sheet_id])
        self.button(
            "post: a group's collection sheet",
            "rehab.session.sheet",
            "action_post",
            [sheet_id],
        )
        record("sheet", id=sheet_id)


class ProvinceOfficer(Official):
    role = "province"
    weight = 5

    @task(3)
    def pivot(self):
        self.call(
            "list: loans pivot",
            "rehab.loan",
            "read_group",
            [],
            ["outstanding_principal:sum", "overdue_principal:sum"],
            ["company_id", "delinquency_bucket"],
            lazy=False,
        )

    @task(2)
    def people_pivot(self):
        self.call(
            "list: people pivot",
            "rehab.person",
            "read_group",
            [],
            ["__count"],
            ["company_id", "is_eligible"],
            lazy=False,
        )

    @task(1)
    def portfolio(self):
        loans = self.search("list: loans", "rehab.loan", [])
        ids = ",".join(str(loan["id"]) for loan in loans)
        with self.client.get(
            "/report/xlsx/%s/%s" % (DESKS["portfolio_report"], ids),
            name="print: portfolio (a page of loans, XLSX)",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or not response.content.startswith(b"PK"):
                response.failure("HTTP %s, no XLSX" % response.status_code)
