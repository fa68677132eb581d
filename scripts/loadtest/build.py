"""The province of `make loadtest`: the bench's province (scripts/bench.py)
and the work its officials find on their desks.

Once, in the database given (installed with the addon, without demo data): the
bench's synthetic province, a password for every official of the province (the
bench's users, and more bank officers and province officers), the capital the
province entrusted to the bank. Before every run, what is still to do is topped
up: monthly lists submitted to the chairmen of some communes (months ahead), in
other communes confirmed lists whose slips the bank checks and whose loans are
approved, waiting for their disbursement. So the same database serves run after
run. Writes what the simulated users work on to a JSON file
(scripts/loadtest/locustfile.py reads it).

Usage: python3 scripts/loadtest/build.py DATABASE ADDONS_PATH OUTPUT_JSON
"""

import json
import os
import random
import sys
import time

from dateutil.relativedelta import relativedelta

import odoo
from odoo.tools import config

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import bench  # noqa: E402  (scripts/bench.py, its builders)

PASSWORD = "loadtest"
# The capital of the province: once it is there, so are its officials.
CAPITAL_DECISION = "1/QĐ-THUTAI"
# Communes whose chairmen confirm lists, and the months ahead they confirm.
CHAIRMAN_COMMUNES = 12
LIST_MONTHS = 3
# Communes whose confirmed lists gave slips and approved loans, and how many.
LOAN_COMMUNES = 6
LOANS_PER_COMMUNE = 40
BANK_OFFICERS_PER_OFFICE = 4
PROVINCE_OFFICERS = 4
VBSP = "post_rehab_credit.group_vbsp_officer"
PROVINCE = "post_rehab_credit.group_province_officer"


def _officials(env, province):
    """More of the bank's officers and the province's officers."""
    offices = env["res.company"].search(
        [("agency_type", "=", "vbsp_office"), ("parent_id", "=", province.id)]
    )
    for number in range(2, BANK_OFFICERS_PER_OFFICE + 1):
        bench._users(env, offices, VBSP, "nhcsxh%d" % number)
    police = env["res.company"].search(
        [("agency_type", "=", "province_police"), ("parent_id", "=", province.id)]
    )
    for number in range(2, PROVINCE_OFFICERS + 1):
        users = bench._users(env, police, PROVINCE, "tinh%d" % number)
        users.groups_id |= env.ref("base.group_allow_export")
    # One password for the province's officials, hashed once: theirs only,
    # never another user's of the database.
    hashed = env["res.users"]._crypt_context().hash(PASSWORD)
    env.flush_all()
    env.cr.execute(
        """UPDATE res_users u SET password = %s
             FROM res_company c
            WHERE u.company_id = c.id AND c.province_id = %s
              AND u.id > 2 AND u.active""",
        [hashed, province.id],
    )


def _capital(env, province):
    """Capital enough for the loans outstanding and this run's tranches."""
    position = env["rehab.capital.position"].search([("province_id", "=", province.id)])
    office = env["res.company"].search(
        [("agency_type", "=", "vbsp_office"), ("parent_id", "=", province.id)], limit=1
    )
    env["rehab.capital.allocation"].create(
        {
            "source": "central",
            "decision_number": CAPITAL_DECISION,
            "decision_date": bench.agency_today() - relativedelta(days=30),
            "company_id": office.id,
            "amount": position.outstanding + 20_000_000_000,
        }
    )


def _next_month(env, commune, today):
    """The first month after the commune's last list (this month if none)."""
    last = env["rehab.monthly.list"].search(
        [("company_id", "=", commune.id)], order="month_date desc", limit=1
    )
    if not last:
        return today.replace(day=1)
    return last.month_date + relativedelta(months=1)


def _lists_to_confirm(env, communes, today):
    """Lists submitted by the police, months ahead, for the chairmen."""
    Lists = env["rehab.monthly.list"]
    ids = {}
    for commune in communes:
        pending = Lists.search(
            [("company_id", "=", commune.id), ("state", "=", "submitted")]
        )
        for __ in range(LIST_MONTHS - len(pending)):
            record = Lists.create(
                {
                    "company_id": commune.id,
                    "month_date": _next_month(env, commune, today),
                }
            )
            record._add_eligible_lines()
            record.action_submit()
            pending |= record
        ids[commune.id] = pending.ids
    return ids


def _approved_loans(env, commune, today, count):
    """A confirmed list, its slips, ``count`` loans approved and waiting to be
    paid out."""
    record = env["rehab.monthly.list"].create(
        {"company_id": commune.id, "month_date": _next_month(env, commune, today)}
    )
    record._add_eligible_lines()
    record.action_submit()
    record._confirm({})
    env.cr.execute(
        """SELECT line.id FROM rehab_monthly_list_line line
            WHERE line.list_id = %s AND NOT line.excluded
              AND NOT EXISTS (SELECT 1 FROM rehab_referral_slip slip
                               JOIN rehab_monthly_list_line other
                                 ON other.id = slip.line_id
                              WHERE other.person_id = line.person_id)
              AND NOT EXISTS (SELECT 1 FROM rehab_loan loan
                               WHERE loan.person_id = line.person_id)
            ORDER BY line.id LIMIT %s""",
        [record.id, count],
    )
    lines = env["rehab.monthly.list.line"].browse([row[0] for row in env.cr.fetchall()])
    issued = env["rehab.referral.slip"]
    for line in lines:
        issued |= issued.browse(line.action_issue_slip()["res_id"])
    record.action_send()
    group = env["rehab.savings.group"].search(
        [("company_id", "=", commune.id), ("name", "=like", "Tổ TK&VV tải %")], limit=1
    ) or env["rehab.savings.group"].create(
        {
            "name": "Tổ TK&VV tải %s" % commune.name,
            "company_id": commune.id,
            "organisation": "farmers",
            "village": "Bản 1",
            "leader_name": "Hà Văn Tổ",
            "member_ids": [(0, 0, {"name": "Thành viên %d" % n}) for n in range(8)],
        }
    )
    officer = env["res.users"].search(
        [
            ("login", "=like", "nhcsxh.%"),
            ("company_id", "in", commune.vbsp_office_ids.ids),
        ],
        limit=1,
    )
    for slip in issued:
        loan = (
            env["rehab.loan"]
            .with_user(officer)
            .with_company(officer.company_id)
            .create(
                {
                    "slip_id": slip.id,
                    "purpose": "production",
                    "amount_requested": 30_000_000,
                    "term_months": 24,
                    "savings_group_id": group.id,
                }
            )
            .sudo()
        )
        loan._review(True, today, 6, "Nhất trí")
        loan.action_confirm_commune()
        loan._decide(True, today, "", amount=30_000_000, term=24)


def _work_of_the_bank(env, communes, today):
    """Approved loans waiting in each commune (topped up), and the slips the
    bank checks."""
    Loans = env["rehab.loan"]
    for commune in communes:
        waiting = Loans.search_count(
            [("company_id", "=", commune.id), ("state", "=", "approved")]
        )
        if waiting < LOANS_PER_COMMUNE // 2:
            _approved_loans(env, commune, today, LOANS_PER_COMMUNE - waiting)
    loans = Loans.search(
        [("company_id", "in", communes.ids), ("state", "=", "approved")], order="id"
    )
    slips = env["rehab.referral.slip"].search(
        [("company_id", "in", communes.ids)], order="id desc", limit=500
    )
    return (
        [{"token": slip._token()} for slip in slips],
        [
            {
                "id": loan.id,
                "office_id": loan.vbsp_office_id.id,
                "amount": loan.amount_approved,
            }
            for loan in loans
        ],
    )


def _desks(env, communes, lists, slips, loans):
    """Who logs in, and what each finds on their desk."""
    Users = env["res.users"]

    def logins(pattern):
        return Users.search([("login", "=like", pattern)], order="id")

    police = [
        {"login": user.login, "commune_id": user.company_id.id}
        for user in logins("congan.%")
    ]
    chairmen = [
        {"login": user.login, "list_ids": lists.get(user.company_id.id, [])}
        for user in logins("chutich.%")
        if user.company_id.id in lists
    ]
    bank = [
        {"login": user.login, "office_id": user.company_id.id}
        for user in logins("nhcsxh%")
    ]
    env.cr.execute(
        # Of the loans in repayment, 300 an office (the bench's, not the
        # savings group's of the session).
        """SELECT l.vbsp_office_id, array_agg(l.id ORDER BY l.id)
             FROM (SELECT id, vbsp_office_id,
                          row_number() OVER (
                              PARTITION BY vbsp_office_id ORDER BY md5(id::text)
                          ) AS n
                     FROM rehab_loan
                    WHERE state = 'repaying' AND name LIKE 'BENCH/_____') l
            WHERE l.n <= 300
         GROUP BY l.vbsp_office_id"""
    )
    repaying = {str(office): ids for office, ids in env.cr.fetchall()}
    province = [{"login": user.login} for user in logins("tinh%")]
    team = {
        role: Users.search([("login", "=", "phien.%s" % role)]).login
        for role in ("truong", "kiemsoat", "giaodich")
    }
    return {
        "password": PASSWORD,
        "police": police,
        "chairmen": chairmen,
        "bank": bank,
        "province": province,
        "team": team,
        "repaying": repaying,
        "approved": loans,
        "slips": slips,
        "portfolio_report": env.ref(
            "post_rehab_credit.action_report_loan_portfolio_xlsx"
        ).report_name,
    }


def main(db, addons, output):
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
    today = bench.agency_today()
    started = time.perf_counter()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        built = env["res.company"].search_count([("name", "=", "Tỉnh Thử Tải")])
        people = env["rehab.person"].with_context(active_test=False).search_count([])
    if not built and people:
        # The province is built only into a database of its own, installed
        # without demo data: never into one that holds people (production,
        # the demo), whose officials' passwords the build would set.
        sys.exit(
            "loadtest: %s holds people and no load-test province: not a "
            "database of the load test (LOADTEST_DB); nothing done." % db
        )
    if not built:
        bench.build(registry, random.Random(8), today)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        province = env["res.company"].search(
            [("agency_type", "=", "province_committee"), ("name", "=", "Tỉnh Thử Tải")]
        )
        communes = env["res.company"].search(
            [("agency_type", "=", "commune"), ("parent_id", "=", province.id)],
            order="name",
        )
        staffed = env["rehab.capital.allocation"].search_count(
            [("decision_number", "=", CAPITAL_DECISION)]
        )
        if not staffed:
            _officials(env, province)
            _capital(env, province)
            cr.commit()
        lists = _lists_to_confirm(env, communes[1 : 1 + CHAIRMAN_COMMUNES], today)
        slips, loans = _work_of_the_bank(
            env,
            communes[1 + CHAIRMAN_COMMUNES : 1 + CHAIRMAN_COMMUNES + LOAN_COMMUNES],
            today,
        )
        desks = _desks(env, communes, lists, slips, loans)
        # The sheet of today's session (the bench's), once: prepared and
        # opened by its leader, the cash counted, for the teller to post.
        session = env["rehab.transaction.session"].search(
            [("date", "=", today), ("state", "in", ("planned", "open"))], limit=1
        )
        if session and session.state != "open":
            session.action_prepare_sheets()
            session.action_open()
        controller = env["res.users"].search([("login", "=", "phien.kiemsoat")])
        for sheet in session.sheet_ids.filtered(lambda sheet: not sheet.counted_by_id):
            sheet.with_user(controller).cash_counted = sheet.amount_total
        desks["sheet_ids"] = session.sheet_ids.filtered(
            lambda sheet: sheet.state != "posted"
        ).ids
        # Citizen IDs of the people the police register: after the last.
        cr.execute(
            "SELECT max(right(citizen_id, 6)::int) FROM rehab_person"
            " WHERE citizen_id LIKE '014%%'"
        )
        desks["next_serial"] = (cr.fetchone()[0] or 0) + 1
        cr.commit()
    with open(output, "w", encoding="utf-8") as file:
        json.dump(desks, file)
    print(
        "loadtest: the province's desks built in %.0f s: %d police, %d chairmen "
        "(%d lists), %d bank officers, %d province officers, %d approved loans, "
        "%d slips"
        % (
            time.perf_counter() - started,
            len(desks["police"]),
            len(desks["chairmen"]),
            sum(len(c["list_ids"]) for c in desks["chairmen"]),
            len(desks["bank"]),
            len(desks["province"]),
            len(loans),
            len(slips),
        ),
        flush=True,
    )


if __name__ == "__main__":
    main(*sys.argv[1:4])
