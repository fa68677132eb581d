"""The database after a `make loadtest` run: nothing lost, nothing twice.

``before``: writes what the ledger looks like before the run (BASELINE, JSON):
for every loan its gap between the stored balances and the ledger's entries,
and the instalments whose paid parts differ from their allocations (the bench's
loans are taken over with instalments already paid and no repayment: their gap
is the starting point), with the last id of every entry.

``after``: checks, against BASELINE, RECORD (the writes the server accepted,
JSON lines from scripts/loadtest/locustfile.py) and the server's LOG:
- every write that returned success is there once: each person registered,
  each list confirmed, each disbursement, each repayment (per loan, as many
  and as much as accepted), each collection sheet posted with its repayments;
- no number of a list, slip or loan is used twice, nor a ledger sequence;
- the ledger reconciles as before (models/rehab_loan_reconciliation.py's
  checks): no loan's gap changed, no instalment newly differs;
- no ERROR or CRITICAL line in the server's log.
Exits 1 on any miss.

Usage: python3 scripts/loadtest/check.py before DB ADDONS BASELINE
       python3 scripts/loadtest/check.py after DB ADDONS BASELINE RECORD LOG
"""

import importlib
import json
import re
import sys
from collections import Counter, defaultdict

import odoo
from odoo.tools import config

ENTRIES = ("rehab_loan_repayment", "rehab_loan_disbursement", "rehab_person")


def _ledger(cr):
    """({loan id: gaps}, [(loan id, sequence)]) of the reconciliation's SQL."""
    # The addon's own checks, found once the addons path is set.
    checks = importlib.import_module(
        "odoo.addons.post_rehab_credit.models.rehab_loan_reconciliation"
    )
    cr.execute(checks.LOANS_SQL)
    gaps = {}
    for row in cr.fetchall():
        (loan_id, outstanding, disbursed, repaid, lost) = row[:5]
        (principal, unpaid, remaining, lost_schedule) = row[5:]
        ledger = disbursed - repaid - lost
        gap = [
            round(outstanding - ledger),
            round(unpaid - ledger),
            round(remaining - ledger),
            round(principal - disbursed),
            round(lost_schedule - lost),
        ]
        if any(gap):
            gaps[str(loan_id)] = gap
    cr.execute(checks.INSTALMENTS_SQL)
    return gaps, sorted(list(row) for row in cr.fetchall())


def _registry(db, addons):
    config.parse_config(
        ["-d", db, "--addons-path=%s" % addons, "--log-level=warn", "--no-http"]
    )
    return odoo.modules.registry.Registry(db)


def before(db, addons, baseline):
    with _registry(db, addons).cursor() as cr:
        gaps, instalments = _ledger(cr)
        last = {}
        for table in ENTRIES:
            cr.execute("SELECT coalesce(max(id), 0) FROM %s" % table)
            last[table] = cr.fetchone()[0]
    with open(baseline, "w", encoding="utf-8") as file:
        json.dump({"gaps": gaps, "instalments": instalments, "last": last}, file)
    return 0


def _people_and_lists(cr, kinds):
    """Each person registered there once; each list confirmed."""
    problems = []
    people = kinds["person"]
    if people:
        cr.execute(
            "SELECT citizen_id, count(*) FROM rehab_person"
            " WHERE citizen_id = ANY(%s) GROUP BY citizen_id",
            [[p["citizen_id"] for p in people]],
        )
        found = dict(cr.fetchall())
        problems += [
            "person %s: %s rows" % (p["id"], found.get(p["citizen_id"], 0))
            for p in people
            if found.get(p["citizen_id"]) != 1
        ]
    lists = [w["id"] for w in kinds["list_confirmed"]]
    if lists:
        cr.execute(
            "SELECT id FROM rehab_monthly_list WHERE id = ANY(%s)"
            " AND state != 'confirmed'",
            [lists],
        )
        problems += ["list %s not confirmed" % row[0] for row in cr.fetchall()]
    return problems


def _disbursements(cr, kinds, last):
    """One disbursement per loan disbursed, of its amount."""
    problems = []
    cr.execute(
        "SELECT loan_id, count(*), sum(amount) FROM rehab_loan_disbursement"
        " WHERE id > %s GROUP BY loan_id",
        [last["rehab_loan_disbursement"]],
    )
    paid_out = {loan: (count, amount) for loan, count, amount in cr.fetchall()}
    accepted = {w["loan_id"]: w["amount"] for w in kinds["disbursement"]}
    for loan, amount in accepted.items():
        if paid_out.get(loan) != (1, amount):
            problems.append("loan %s disbursed %s" % (loan, paid_out.get(loan)))
    problems += [
        "loan %s disbursed, not reported to its user" % loan
        for loan in set(paid_out) - set(accepted)
    ]
    return problems, sum(count for count, __ in paid_out.values())


def _repayments(cr, kinds, last):
    """Per loan as many repayments and as much as accepted, those of the
    collection sheets posted included (one per line paid)."""
    problems = []
    cr.execute(
        "SELECT loan_id, count(*), sum(amount) FROM rehab_loan_repayment"
        " WHERE id > %s GROUP BY loan_id",
        [last["rehab_loan_repayment"]],
    )
    posted = {loan: (count, amount) for loan, count, amount in cr.fetchall()}
    expected = defaultdict(lambda: (0, 0))
    for write in kinds["repayment"]:
        count, amount = expected[write["loan_id"]]
        expected[write["loan_id"]] = (count + 1, amount + write["amount"])
    sheets = [w["id"] for w in kinds["sheet"]]
    if sheets:
        cr.execute(
            "SELECT sheet.id, sheet.state, line.loan_id, repayment.amount"
            "  FROM rehab_session_sheet sheet"
            "  JOIN rehab_session_sheet_line line ON line.sheet_id = sheet.id"
            "  LEFT JOIN rehab_loan_repayment repayment"
            "         ON repayment.id = line.repayment_id"
            " WHERE sheet.id = ANY(%s)",
            [sheets],
        )
        for sheet_id, state, loan, amount in cr.fetchall():
            if state != "posted":
                problems.append("sheet %s is %s" % (sheet_id, state))
            if amount is not None:
                count, total = expected[loan]
                expected[loan] = (count + 1, total + amount)
    for loan in set(expected) | set(posted):
        if expected.get(loan, (0, 0)) != posted.get(loan, (0, 0)):
            problems.append(
                "loan %s: repayments accepted %s, posted %s"
                % (loan, expected.get(loan, (0, 0)), posted.get(loan))
            )
    return problems, sum(count for count, __ in posted.values())


def _numbers(cr):
    """No number of a list, slip or loan twice, nor a ledger sequence."""
    problems = []
    for table in ("rehab_loan", "rehab_referral_slip", "rehab_monthly_list"):
        cr.execute(
            "SELECT name, count(*) FROM %s WHERE name IS NOT NULL"
            " GROUP BY name HAVING count(*) > 1" % table
        )
        problems += [
            "%s: number %s used %d times" % (table, name, count)
            for name, count in cr.fetchall()
        ]
    cr.execute(
        "SELECT ledger_sequence FROM (SELECT ledger_sequence FROM"
        " rehab_loan_repayment UNION ALL SELECT ledger_sequence FROM"
        " rehab_loan_disbursement) entries WHERE ledger_sequence IS NOT NULL"
        " GROUP BY ledger_sequence HAVING count(*) > 1"
    )
    problems += ["ledger sequence %s used twice" % row[0] for row in cr.fetchall()]
    return problems


def _reconciles(cr, base):
    """No loan's gap changed, no instalment newly differs."""
    problems = []
    gaps, instalments = _ledger(cr)
    for loan in set(gaps) | set(base["gaps"]):
        if gaps.get(loan) != base["gaps"].get(loan):
            problems.append(
                "loan %s: ledger gap %s, before the run %s"
                % (loan, gaps.get(loan), base["gaps"].get(loan))
            )
    new = {tuple(i) for i in instalments} - {tuple(i) for i in base["instalments"]}
    problems += [
        "instalment %s/%s differs from its allocations" % i for i in sorted(new)
    ]
    return problems


def after(db, addons, baseline, record, log):
    with open(baseline, encoding="utf-8") as file:
        base = json.load(file)
    with open(record, encoding="utf-8") as file:
        writes = [json.loads(line) for line in file if line.strip()]
    kinds = defaultdict(list)
    for write in writes:
        kinds[write["kind"]].append(write)
    with _registry(db, addons).cursor() as cr:
        problems = _people_and_lists(cr, kinds)
        found, disbursed = _disbursements(cr, kinds, base["last"])
        problems += found
        found, repaid = _repayments(cr, kinds, base["last"])
        problems += found
        problems += _numbers(cr)
        problems += _reconciles(cr, base)
    with open(log, encoding="utf-8", errors="replace") as file:
        errors = [
            line.rstrip() for line in file if re.search(r" (ERROR|CRITICAL) ", line)
        ]
    problems += ["server log: %s" % line[:300] for line in errors[:20]]
    counts = Counter(w["kind"] for w in writes)
    print(
        "check: %d writes accepted (%s); %d repayments, %d disbursements in the "
        "database"
        % (
            len(writes),
            ", ".join("%s %d" % item for item in sorted(counts.items())),
            repaid,
            disbursed,
        )
    )
    for problem in problems[:50]:
        print("check: %s" % problem)
    print(
        "check: %s"
        % (
            "every write there once, no number twice, the ledger reconciles, "
            "no ERROR in the log"
            if not problems
            else "%d problems" % len(problems)
        )
    )
    return 1 if problems else 0


if __name__ == "__main__":
    step, args = sys.argv[1], sys.argv[2:]
    sys.exit(before(*args) if step == "before" else after(*args))
