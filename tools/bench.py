"""Benchmark of the addon at province scale: `make bench`.

Builds a synthetic province in the database given (installed with the addon,
without demo data): 75 communes, 50,000 people, 20,000 loans with their
schedules, all created in bulk. Then times what officials do every day and
prints one line per figure with its target; exits non-zero when a figure
misses its target.

Usage: python3 tools/bench.py DATABASE ADDONS_PATH
"""

import importlib
import io
import random
import resource
import sys
import time
from datetime import date, timedelta

import openpyxl
from dateutil.relativedelta import relativedelta
from psycopg2.extras import execute_values

import odoo
from odoo.tools import config

COMMUNES = 75
PEOPLE = 50_000
LOANS = 20_000
# Seconds, except the memory line (MiB).
TARGETS = {
    "eligibility": 20.0,
    "lists": 20.0,
    "overdue": 20.0,
    "list_xlsx": 15.0,
    "portfolio_xlsx": 15.0,
    "report_figures": 3.0,
    "report_annex": 5.0,
    "read_group": 1.0,
    "people_list": 0.5,
    "memory": 1536,
}
SURNAMES = "Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Hồ Lò Cầm Quàng Hà Lường".split()
MIDDLE = "Văn Thị Đức Minh Thanh Quang Hữu Ngọc".split()
GIVEN = "An Bình Cường Dũng Hạnh Hùng Lan Long Mai Nam Phong Sơn Tâm Tuấn Xuân".split()


def _print(label, value, target, unit="s"):
    ok = value <= target
    print(
        "%-62s %9.3f %s  (target <= %s %s) %s"
        % (label, value, unit, target, unit, "ok" if ok else "MISSED"),
        flush=True,
    )
    return ok


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start


def _users(env, companies, group_xmlid, prefix):
    group = env.ref(group_xmlid)
    users = env["res.users"].with_context(no_reset_password=True)
    return users.create(
        [
            {
                "name": "%s %s" % (prefix, company.name),
                "login": "%s.%d" % (prefix, company.id),
                "email": "%s.%d@example.com" % (prefix, company.id),
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
                "groups_id": [(6, 0, [env.ref("base.group_user").id, group.id])],
            }
            for company in companies
        ]
    )


def build_province(env, rng):
    """Companies and users of one province: 75 communes, 3 offices."""
    Company = env["res.company"]
    province = Company.create(
        {"name": "Tỉnh Thử Tải", "agency_type": "province_committee"}
    )
    police = Company.create(
        {
            "name": "Công an tỉnh Thử Tải",
            "agency_type": "province_police",
            "parent_id": province.id,
        }
    )
    communes = Company.create(
        [
            {
                "name": "Xã Thử Tải %02d" % number,
                "agency_type": "commune",
                "parent_id": province.id,
            }
            for number in range(1, COMMUNES + 1)
        ]
    )
    offices = Company.create(
        [
            {
                "name": "Phòng giao dịch NHCSXH %d" % number,
                "agency_type": "vbsp_office",
                "parent_id": province.id,
                "served_commune_ids": [(6, 0, communes[number - 1 :: 3].ids)],
            }
            for number in (1, 2, 3)
        ]
    )
    _users(env, communes, "post_rehab_credit.group_commune_police", "congan")
    _users(env, communes, "post_rehab_credit.group_commune_chairman", "chutich")
    _users(env, offices, "post_rehab_credit.group_vbsp_officer", "nhcsxh")
    officer = _users(env, police, "post_rehab_credit.group_province_officer", "tinh")
    return communes, officer


def _citizen_id(birth, gender, serial):
    century = 0 if birth.year < 2000 else 2
    digit = century + (1 if gender == "female" else 0)
    return "014%d%02d%06d" % (digit, birth.year % 100, serial)


def build_people(env, communes, rng, today):
    """50,000 people, unevenly over the communes; about 60 % eligible."""
    weights = [rng.uniform(0.3, 1.7) for __ in communes]
    weights[0] = 4.0  # one large commune
    sizes = [int(PEOPLE * w / sum(weights)) for w in weights]
    sizes[-1] += PEOPLE - sum(sizes)
    Person = (
        env["rehab.person"]
        .sudo()
        .with_context(tracking_disable=True, mail_create_nolog=True)
    )
    serial = 0
    vals_list = []
    for commune, size in zip(communes, sizes, strict=True):
        for __ in range(size):
            serial += 1
            gender = rng.choice(("male", "male", "male", "female"))
            birth = date(
                rng.randint(1965, 2004), rng.randint(1, 12), rng.randint(1, 28)
            )
            kind = rng.random()
            completion = today - timedelta(days=rng.randint(30, 3000))
            vals = {
                "name": "%s %s %s"
                % (rng.choice(SURNAMES), rng.choice(MIDDLE), rng.choice(GIVEN)),
                "citizen_id": _citizen_id(birth, gender, serial),
                "birth_date": birth,
                "gender": gender,
                "company_id": commune.id,
                "village": "Bản %d" % rng.randint(1, 20),
                "rehab_route": rng.choice(("voluntary", "compulsory", "substitution")),
                "completion_date": completion,
                "decision_number": "%d/QĐ-UBND" % serial,
                "decision_date": completion + timedelta(days=14),
                "purpose": "production",
                "amount_needed": rng.choice((30, 50, 80, 100)) * 1_000_000,
            }
            if kind > 0.6:
                # Not eligible: no decision yet, or the window has closed.
                if kind > 0.8:
                    vals["decision_date"] = False
                else:
                    vals["completion_date"] = today - timedelta(days=365 * 12)
                    vals["decision_date"] = today - timedelta(days=365 * 11)
            vals_list.append(vals)
    for start in range(0, len(vals_list), 5000):
        Person.create(vals_list[start : start + 5000])
        env.flush_all()
        env.invalidate_all()
    return sizes


def _insert(cr, table, columns, rows, page=5000):
    query = "INSERT INTO %s (%s) VALUES %%s" % (table, ", ".join(columns))
    for start in range(0, len(rows), page):
        execute_values(cr._obj, query, rows[start : start + page], page_size=page)


def build_loans(env, rng, today):
    """20,000 loans already in repayment, as the bank's portfolio is taken over.

    Loans, their disbursement and their schedule (built by the addon's own
    rule) are written with bulk INSERTs; about one loan in eight is behind.
    """
    # The addon's own rule, found once the addons path is set.
    loan_rules = importlib.import_module(
        "odoo.addons.post_rehab_credit.models.loan_rules"
    )
    cr = env.cr
    cr.execute(
        """SELECT p.id, p.name, p.company_id, o.office_id
             FROM rehab_person p
             JOIN res_company_vbsp_office_commune_rel o ON o.commune_id = p.company_id
            WHERE p.is_eligible
            ORDER BY md5(p.id::text) LIMIT %s""",
        [LOANS],
    )
    borrowers = cr.fetchall()
    uid = env.uid
    now = odoo.fields.Datetime.now()
    loan_rows, plans = [], []
    for number, (person_id, name, company_id, office_id) in enumerate(borrowers, 1):
        amount = rng.choice((30, 50, 80, 100)) * 1_000_000
        frequency = rng.choice((1, 3))
        term = rng.choice((24, 36, 60))
        start = today - relativedelta(
            months=rng.randint(1, term - 1), days=rng.randint(0, 27)
        )
        behind = rng.randint(1, 6) if rng.random() < 0.125 else 0
        plans.append((amount, start, term, frequency, behind))
        loan_rows.append(
            (
                "BENCH/%05d" % number,
                "person",
                person_id,
                name,
                company_id,
                office_id,
                "production",
                amount,
                amount,
                term,
                0,
                str(frequency),
                6.6,
                130.0,
                "repaying",
                start,
                uid,
                uid,
                now,
                now,
            )
        )
    columns = (
        "name borrower_type person_id borrower_name company_id vbsp_office_id "
        "purpose amount_requested amount_approved term_months grace_months "
        "frequency interest_rate overdue_multiplier state decision_date "
        "create_uid write_uid create_date write_date"
    ).split()
    _insert(cr, "rehab_loan", columns, loan_rows)
    cr.execute("SELECT id FROM rehab_loan WHERE name LIKE 'BENCH/%%' ORDER BY id")
    loan_ids = [row[0] for row in cr.fetchall()]
    disbursements, installments = [], []
    for loan_id, (amount, start, term, frequency, behind), row in zip(
        loan_ids, plans, loan_rows, strict=True
    ):
        disbursements.append((loan_id, row[4], start, amount, uid, uid, now, now))
        schedule = loan_rules.build_schedule(
            amount,
            start,
            term_months=term,
            grace_months=0,
            frequency=frequency,
            annual_rate=6.6,
        )
        due = [line for line in schedule if line["due_date"] < today]
        paid_up_to = len(due) - min(behind, len(due))
        for index, line in enumerate(schedule):
            paid = index < paid_up_to
            principal_paid = line["principal"] if paid else 0
            interest_paid = line["interest"] if paid else 0
            installments.append(
                (
                    loan_id,
                    row[4],
                    line["sequence"],
                    line["due_date"],
                    line["due_date"],
                    line["principal"],
                    line["interest"],
                    principal_paid,
                    interest_paid,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    line["principal"] - principal_paid,
                    line["interest"] - interest_paid,
                    0,
                    paid,
                    uid,
                    uid,
                    now,
                    now,
                )
            )
    _insert(
        cr,
        "rehab_loan_disbursement",
        "loan_id company_id date amount create_uid write_uid create_date "
        "write_date".split(),
        disbursements,
    )
    _insert(
        cr,
        "rehab_loan_installment",
        (
            "loan_id company_id sequence due_date original_due_date principal "
            "interest principal_paid interest_paid overdue_interest_paid "
            "interest_waived principal_written_off overdue_interest_waived "
            "overdue_principal_days overdue_interest principal_remaining "
            "interest_remaining overdue_interest_remaining is_paid create_uid "
            "write_uid create_date write_date"
        ).split(),
        installments,
    )
    # The stored amounts of the loans, as the ORM computes them.
    cr.execute(
        """
        UPDATE rehab_loan l
           SET disbursed_amount = l.amount_approved,
               outstanding_principal = s.outstanding,
               overdue_principal = s.overdue,
               overdue_interest = 0,
               days_past_due = 0,
               delinquency_bucket = 'current',
               par30_principal = 0,
               is_overdue = false,
               is_extended = false
          FROM (SELECT loan_id,
                       SUM(principal_remaining) AS outstanding,
                       SUM(principal_remaining) FILTER (
                           WHERE due_date < %s AND principal_remaining > 0
                       ) AS overdue
                  FROM rehab_loan_installment GROUP BY loan_id) s
         WHERE s.loan_id = l.id
        """,
        [today],
    )
    env.invalidate_all()
    return len(loan_ids), len(installments)


def query_count_of_list_run(env, today, size):
    """SQL queries of the monthly-list run for one commune of ``size`` people."""
    province = env["res.company"].search(
        [("agency_type", "=", "province_committee"), ("name", "=", "Tỉnh Thử Tải")]
    )
    commune = env["res.company"].create(
        {
            "name": "Xã đếm truy vấn %d" % size,
            "agency_type": "commune",
            "parent_id": province.id,
        }
    )
    env["res.company"].search(
        [("agency_type", "=", "vbsp_office"), ("parent_id", "=", province.id)], limit=1
    ).served_commune_ids = [(4, commune.id)]
    _users(env, commune, "post_rehab_credit.group_commune_police", "dem")
    Person = (
        env["rehab.person"]
        .sudo()
        .with_context(tracking_disable=True, mail_create_nolog=True)
    )
    Person.create(
        [
            {
                "name": "Người đếm %d" % number,
                "citizen_id": "0150900%05d" % (size * 10 + number),
                "birth_date": date(1990, 1, 1),
                "gender": "male",
                "company_id": commune.id,
                "rehab_route": "voluntary",
                "completion_date": today - timedelta(days=100),
                "decision_date": today - timedelta(days=90),
                "purpose": "production",
                "amount_needed": 50_000_000,
            }
            for number in range(size)
        ]
    )
    env.flush_all()
    env.invalidate_all()
    Lists = env["rehab.monthly.list"].sudo()
    before = env.cr.sql_log_count
    lists = Lists._create_lists(commune, today.replace(day=1))
    env.flush_all()
    count = env.cr.sql_log_count - before
    assert len(lists.line_ids) == size, "the list holds every eligible person"
    return count


def measure_eligibility(env):
    env["rehab.person"]._cron_refresh_eligibility()
    eligible = env["rehab.person"].search_count([("is_eligible", "=", True)])
    return "%d people eligible today" % eligible


def measure_lists(env):
    env["rehab.monthly.list"]._cron_monthly_lists()
    lines = env["rehab.monthly.list.line"].search_count([])
    return "%d lines on %d lists" % (lines, COMMUNES)


def measure_overdue(env):
    env["rehab.loan"]._cron_overdue()
    late = env["rehab.loan"].search_count([("days_past_due", ">", 0)])
    return "%d loans past due" % late


def _xlsx_rows(env, report, ids):
    content, __ = env["ir.actions.report"]._render_xlsx(report, ids, {})
    return openpyxl.load_workbook(io.BytesIO(content), read_only=True).active.max_row


def measure_list_xlsx(env):
    largest = env["rehab.monthly.list"].search([], order="line_count desc", limit=1)
    rows = _xlsx_rows(
        env, "post_rehab_credit.action_report_monthly_list_xlsx", largest.ids
    )
    return "%d people on the list, %d rows in the sheet" % (largest.line_count, rows)


def measure_portfolio_xlsx(env):
    loans = env["rehab.loan"].search([])
    rows = _xlsx_rows(
        env, "post_rehab_credit.action_report_loan_portfolio_xlsx", loans.ids
    )
    return "%d rows in the sheet" % rows


def _province_report(env):
    """The year's periodic report of the province police: all 75 communes."""
    police = env["res.company"].search(
        [("agency_type", "=", "province_police"), ("name", "=", "Công an tỉnh Thử Tải")]
    )
    Report = env["rehab.report"].sudo()
    report = Report.search([("company_id", "=", police.id)], limit=1)
    if report:
        return report
    today = date.today()
    plan = (
        env["rehab.plan"]
        .sudo()
        .create(
            {
                "name": "Kế hoạch thử tải",
                "company_id": police.province_id.id,
                "recipient_id": police.province_id.id,
            }
        )
    )
    return Report.create(
        {
            "plan_id": plan.id,
            "company_id": police.id,
            "period": "year",
            "period_start": today.replace(month=1, day=1),
            "period_end": today.replace(month=12, day=31),
            "due_date": today.replace(month=12, day=15),
        }
    )


def measure_report_figures(env):
    report = _province_report(env)
    before = env.cr.sql_log_count
    report.action_refresh_figures()
    return "%d people, PAR30 %.2f %%, %d queries" % (
        report.people_registered,
        report.par30,
        env.cr.sql_log_count - before,
    )


def measure_report_annex(env):
    report = _province_report(env)
    rows = _xlsx_rows(
        env, "post_rehab_credit.action_report_periodic_annex_xlsx", report.ids
    )
    return "%d rows in the sheet" % rows


def measure_grouping(env):
    groups = env["rehab.loan"].read_group(
        [("state", "in", ("disbursing", "repaying"))],
        ["outstanding_principal:sum", "par30_principal:sum"],
        ["company_id"],
        lazy=False,
    )
    return "%d communes with loans" % len(groups)


def measure_people_list(env):
    """What the web client asks when the registry opens."""
    Person = env["rehab.person"]
    views = Person.get_views([(False, "list"), (False, "search")])
    fields = views["models"]["rehab.person"]["fields"]
    arch = views["views"]["list"]["arch"]
    spec = {name: {} for name in fields if 'name="%s"' % name in arch}
    spec["company_id"] = {"fields": {"display_name": {}}}
    spec["currency_id"] = {"fields": {}}
    result = Person.web_search_read(
        [], spec, offset=0, limit=80, order="", count_limit=10001
    )
    return "%d rows read of %d" % (len(result["records"]), result["length"])


MEASURES = [
    (
        "Daily eligibility refresh, %d people" % PEOPLE,
        "eligibility",
        measure_eligibility,
        False,
    ),
    ("Monthly-list run, every commune", "lists", measure_lists, False),
    ("Daily overdue run, %d loans" % LOANS, "overdue", measure_overdue, False),
    ("XLSX of the largest monthly list", "list_xlsx", measure_list_xlsx, False),
    (
        "XLSX of the whole loan portfolio",
        "portfolio_xlsx",
        measure_portfolio_xlsx,
        False,
    ),
    (
        "Periodic report of the province: its figures",
        "report_figures",
        measure_report_figures,
        False,
    ),
    (
        "Periodic report of the province: its XLSX annex, by commune",
        "report_annex",
        measure_report_annex,
        False,
    ),
    (
        "Outstanding by commune (pivot read_group), province officer",
        "read_group",
        measure_grouping,
        True,
    ),
    (
        "People list, first 80 rows, province officer",
        "people_list",
        measure_people_list,
        True,
    ),
]


def build(registry, rng, today):
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        # The synthetic registry is loaded as a data migration would be, with
        # the audit trail off; it is on again for every timed run.
        audit = env["auditlog.rule"].search([("state", "=", "subscribed")])
        audit._revert_methods()
        with Timer() as timer:
            communes, officer = build_province(env, rng)
            sizes = build_people(env, communes, rng, today)
            loans, lines = build_loans(env, rng, today)
            eligible = env["rehab.person"].search_count([("is_eligible", "=", True)])
        audit._register_hook()
        print(
            "Synthetic province: %d communes, %d people (%d eligible), %d loans, "
            "%d instalments, built in %.0f s"
            % (len(communes), sum(sizes), eligible, loans, lines, timer.seconds),
            flush=True,
        )
        cr.commit()
        return officer.id


def measure_queries(registry, today):
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        # A warm-up, as in a running server: the first run fills the caches.
        query_count_of_list_run(env, today, 5)
        small = query_count_of_list_run(env, today, 50)
        large = query_count_of_list_run(env, today, 500)
        cr.rollback()
    print(
        "%-62s %5d and %d queries  %s"
        % (
            "Queries of the monthly-list run, one commune of 50 / 500",
            small,
            large,
            "ok (constant)" if small == large else "MISSED (grows)",
        ),
        flush=True,
    )
    return small == large


def main(db, addons):
    config.parse_config(
        [
            "-d",
            db,
            "--addons-path=%s" % addons,
            "--log-level=warn",
            "--workers=0",
            "--max-cron-threads=0",
        ]
    )
    registry = odoo.modules.registry.Registry(db)
    today = date.today()
    officer_id = build(registry, random.Random(8), today)
    ok = True
    for label, key, function, as_officer in MEASURES:
        with registry.cursor() as cr:
            uid = officer_id if as_officer else odoo.SUPERUSER_ID
            env = odoo.api.Environment(cr, uid, {"lang": "vi_VN"})
            with Timer() as timer:
                detail = function(env)
                env.flush_all()
            cr.commit()
        ok &= _print(label, timer.seconds, TARGETS[key])
        print("  (%s)" % detail, flush=True)
    ok &= measure_queries(registry, today)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ok &= _print("Peak memory of the process", peak, TARGETS["memory"], "MiB")
    print("bench: %s" % ("every figure within its target" if ok else "MISSED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
