# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The arithmetic of a loan, as plain functions of values (whole đồng)."""

from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

BUCKETS = [(30, "1_30"), (90, "31_90"), (180, "91_180")]


def round_vnd(amount):
    """Whole đồng, halves away from zero."""
    return int(amount + 0.5) if amount >= 0 else -int(-amount + 0.5)


def format_vnd(amount):
    """1.234.567: the way đồng are written."""
    return f"{amount:,.0f}".replace(",", ".")


def first_session_due(start, session_day, min_days, frequency=1):
    """The first due date of a loan disbursed on ``start`` whose borrower pays
    at the commune's session, held on ``session_day`` of each month.

    The first session at least ``min_days`` days after ``start`` (for
    instalments every ``frequency`` months, ``frequency`` - 1 months more):
    a loan disbursed on the 6th at a commune whose session is on the 17th,
    with 15 days, first falls due on the 17th of the next month.
    """
    earliest = start + relativedelta(months=frequency - 1) + timedelta(days=min_days)
    due = session_date(earliest, session_day)
    if due < earliest:
        due = session_date(earliest + relativedelta(months=1), session_day)
    return due


def schedule_due_date(start, number, frequency, first_due=None, due_day=None):
    """The due date the schedule gives instalment ``number`` (1, 2, …).

    Without ``first_due``, the day of ``start`` every ``frequency`` months;
    with it, the session day ``due_day`` of the month of ``first_due`` and
    then every ``frequency`` months (the month's last day when it has no
    such day).
    """
    if not first_due:
        return start + relativedelta(months=number * frequency)
    month = first_due + relativedelta(months=(number - 1) * frequency)
    return session_date(month, due_day or first_due.day)


def build_schedule(
    principal,
    start,
    *,
    term_months,
    grace_months,
    frequency,
    annual_rate,
    first_due=None,
    due_day=None,
    moved=None,
):
    """Instalments of a loan: interest only during the grace, then equal principal.

    Every period lasts ``frequency`` months (1 or 3). Interest is charged on the
    principal outstanding during the period; principal is split in whole đồng
    and the last instalment takes what rounding left. The due dates are
    ``schedule_due_date``'s; ``moved`` ({calendar day: day held}) gives the
    sessions already moved to another day.
    """
    moved = moved or {}
    if term_months % frequency or grace_months % frequency:
        raise ValueError("term and grace must be whole periods")
    periods = term_months // frequency
    grace = grace_months // frequency
    paying = periods - grace
    if paying < 1:
        raise ValueError("the grace must leave at least one repayment period")
    share = principal // paying
    outstanding = principal
    schedule = []
    for number in range(1, periods + 1):
        interest = round_vnd(outstanding * annual_rate / 100.0 * frequency / 12.0)
        due = schedule_due_date(start, number, frequency, first_due, due_day)
        if number <= grace:
            repaid = 0
        elif number == periods:
            repaid = outstanding
        else:
            repaid = share
        schedule.append(
            {
                "sequence": number,
                "due_date": moved.get(due, due),
                "principal": repaid,
                "interest": interest,
            }
        )
        outstanding -= repaid
    return schedule


def overdue_interest(principal_days, annual_rate, multiplier):
    """Overdue interest on ``principal_days`` (đồng × days overdue)."""
    return round_vnd(principal_days * annual_rate / 100.0 * multiplier / 100.0 / 365.0)


PARTS = ("overdue_interest", "interest", "principal")


def allocate(amount, dues):
    """Share a payment over what is due: the one rule of the desk and the session.

    ``dues`` is a list, oldest instalment first, of dicts with the amounts still
    owed: overdue_interest, interest, principal, and ``due`` (True when the
    instalment has fallen due), as ``owed_on`` gives them. The payment takes
    first the overdue interest of every instalment fallen due, then their
    interest, then their principal, each oldest first: a borrower who brings
    the overdue interest and the interest the collection sheet shows has them
    booked as such, none of it as principal. What is left repays the principal
    of later instalments, oldest first (a prepayment). Returns the list of
    allocations (same order, dicts of the three parts) and what could not be
    allocated.
    """
    left = amount
    allocations = [dict.fromkeys(PARTS, 0) for __ in dues]
    for part in PARTS:
        for owed, taken in zip(dues, allocations, strict=True):
            if not owed["due"] or not left:
                continue
            paid = min(left, owed[part])
            taken[part] += paid
            left -= paid
    for owed, taken in zip(dues, allocations, strict=True):
        if owed["due"] or not left:
            continue
        paid = min(left, owed["principal"] - taken["principal"])
        taken["principal"] += paid
        left -= paid
    return allocations, left


def split(amount, dues):
    """What a payment of ``amount`` books on each part, in all (allocate's sums).

    Returns a dict of overdue_interest, interest, principal and ``left`` (what
    the loan does not owe).
    """
    allocations, left = allocate(amount, dues)
    totals = {part: sum(taken[part] for taken in allocations) for part in PARTS}
    totals["left"] = left
    return totals


def accrue(line, day):
    """(overdue principal-days, accrued to) of an instalment once its overdue
    interest is accrued up to ``day``: its principal remaining × the days
    from its due date, or from the day it was accrued to, up to ``day``;
    idempotent for a day. ``line``: a mapping of due_date, accrued_to (or
    None), principal_remaining and overdue_principal_days."""
    principal_days = line["overdue_principal_days"] or 0
    accrued_to = line["accrued_to"] or False
    start = max(accrued_to or line["due_date"], line["due_date"])
    days = (day - start).days
    if line["principal_remaining"] > 0 and days > 0:
        principal_days += line["principal_remaining"] * days
    if days > 0 or not accrued_to:
        accrued_to = max(day, line["due_date"])
    return principal_days, accrued_to


def remaining(line):
    """What an instalment still owes: a dict of principal_remaining,
    interest_remaining, overdue_interest_remaining and is_paid, from the
    mapping ``line`` of its amounts due, paid, waived and written off."""
    principal = (
        line["principal"] - line["principal_paid"] - line["principal_written_off"]
    )
    interest = max(
        line["interest"] - line["interest_paid"] - line["interest_waived"], 0
    )
    overdue = max(
        line["overdue_interest"]
        - line["overdue_interest_paid"]
        - line["overdue_interest_waived"],
        0,
    )
    return {
        "principal_remaining": principal,
        "interest_remaining": interest,
        "overdue_interest_remaining": overdue,
        "is_paid": not (principal or interest or overdue),
    }


def delinquency(day, running, oldest_unpaid, overdue_principal, outstanding):
    """The figures of a loan that move with the date, on ``day``: a dict of
    overdue_principal, days_past_due, delinquency_bucket, par30_principal.

    ``running``: the loan is disbursing or repaying (a loan closed is past
    due no more); ``oldest_unpaid``: the earliest due date before ``day`` of
    an instalment not paid (None: none); ``overdue_principal``: the principal
    remaining of the instalments due before ``day``; ``outstanding``: the
    loan's outstanding principal.
    """
    days = (day - oldest_unpaid).days if running and oldest_unpaid else 0
    return {
        "overdue_principal": overdue_principal,
        "days_past_due": days,
        "delinquency_bucket": delinquency_bucket(days),
        "par30_principal": outstanding if days > 30 else 0,
    }


def delinquency_bucket(days_past_due):
    if days_past_due <= 0:
        return "current"
    for limit, code in BUCKETS:
        if days_past_due <= limit:
            return code
    return "over_180"


# Figures as of a past day, from the ledger


def parse_extension_detail(detail):
    """The moves of an extension, [(sequence, old due date, new due date)].

    ``detail`` is the text the extension recorded, one line a move:
    ``2: 01/08/2026 → 01/11/2026``; lines not in that shape are left out.
    Read once, for the extensions recorded before the extension's lines
    (rehab.loan.extension._fill_lines_from_detail).
    """
    moves = []
    for line in (detail or "").splitlines():
        head, colon, dates = line.partition(":")
        old, arrow, new = dates.partition("→")
        if not (colon and arrow):
            continue
        try:
            moves.append(
                (
                    int(head.strip()),
                    datetime.strptime(old.strip(), "%d/%m/%Y").date(),
                    datetime.strptime(new.strip(), "%d/%m/%Y").date(),
                )
            )
        except ValueError:
            continue
    return moves


def _sum_by_day(first, last, breaks, value_at):
    """Σ value_at(d) for the days first..last; value_at is constant between breaks.

    ``breaks`` are the days on which the value may change.
    """
    if last < first:
        return 0
    starts = sorted({first} | {b for b in breaks if first < b <= last})
    total = 0
    for start, end in zip(starts, starts[1:] + [last + timedelta(days=1)], strict=True):
        total += value_at(start) * (end - start).days
    return total


def _schedule_in_force(day, loan, installments, paid_out, later_tranche):
    """The schedule on ``day``: today's, unless a later tranche remade it."""
    if not later_tranche:
        return installments
    # The one in force was over the principal disbursed by then.
    return [
        dict(row, original_due_date=row["due_date"])
        for row in build_schedule(
            int(sum(amount for __, amount in paid_out)),
            paid_out[0][0],
            term_months=loan["term_months"],
            grace_months=loan["grace_months"],
            frequency=loan["frequency"],
            annual_rate=loan["interest_rate"],
            first_due=loan.get("first_due_date"),
            due_day=loan.get("due_day"),
        )
    ]


def _due_timelines(rows, extensions, since, day):
    """{sequence: [(from day, due date in force)]}, oldest first.

    The original due dates, moved by the extensions made from ``since`` (the
    day the schedule was last made) to ``day``.
    """
    timelines = {
        row["sequence"]: [(date.min, row["original_due_date"])] for row in rows
    }
    for ext_day, __, moves in sorted(extensions):
        if not since <= ext_day <= day:
            continue
        for sequence, old, new in moves:
            timeline = timelines.get(sequence)
            if timeline and timeline[-1][1] == old:
                timeline.append((ext_day, new))
    return timelines


def _risk_facts(risks, day):
    """What the risk handling made of the loan by ``day``."""
    risks = sorted(r for r in risks if r[0] <= day)
    frozen_spans = []
    for index, (risk_day, __, action) in enumerate(risks):
        if action == "freeze":
            # Frozen the days after the freeze, up to the next risk handling.
            until = risks[index + 1][0] if index + 1 < len(risks) else day
            frozen_spans.append((risk_day + timedelta(days=1), until))
    interest_off = [r[0] for r in risks if r[2] == "write_off_interest"]
    return {
        "written_off_on": next(
            (r[0] for r in risks if r[2] == "write_off_principal"), None
        ),
        "interest_off_on": interest_off[-1] if interest_off else None,
        "frozen_spans": frozen_spans,
        "last_action": risks[-1][2] if risks else None,
    }


def _overdue_principal_days(row, timeline, paid, facts, until):
    """Σ over the days up to ``until`` past the due date then in force."""
    written_off_on = facts["written_off_on"]
    frozen_spans = facts["frozen_spans"]

    def due_at(when):
        return [due for start, due in timeline if start <= when][-1]

    def charged(when):
        if when <= due_at(when):
            return 0
        if any(start <= when <= end for start, end in frozen_spans):
            return 0
        if written_off_on is not None and written_off_on < when:
            return 0
        left = row["principal"] - sum(p["principal"] for p in paid if p["date"] < when)
        return max(left, 0)

    one = timedelta(days=1)
    breaks = [start for start, __ in timeline] + [due + one for __, due in timeline]
    breaks += [p["date"] + one for p in paid]
    breaks += [b for start, end in frozen_spans for b in (start, end + one)]
    if written_off_on is not None:
        breaks.append(written_off_on + one)
    first = min(due for __, due in timeline) + one
    return _sum_by_day(first, until, breaks, charged)


def _line_as_of(day, row, timeline, paid, facts):
    """One instalment at the end of ``day``."""
    written_off_on = facts["written_off_on"]

    def overdue_interest_left(until):
        accrued = overdue_interest(
            _overdue_principal_days(row, timeline, paid, facts, until), *facts["rates"]
        )
        return accrued - sum(p["overdue_interest"] for p in paid if p["date"] <= until)

    waived = 0
    if facts["interest_off_on"]:
        waived = max(overdue_interest_left(facts["interest_off_on"]), 0)
    oi_left = max(overdue_interest_left(day) - waived, 0)
    if written_off_on is not None:
        principal_left = 0
        written_off = row["principal"] - sum(
            p["principal"] for p in paid if p["date"] <= written_off_on
        )
    else:
        principal_left = row["principal"] - sum(p["principal"] for p in paid)
        written_off = 0
    interest_left = 0
    if written_off_on is None and not facts["interest_off_on"]:
        interest_left = max(
            row["interest"] - sum(p["interest"] + p["interest_waived"] for p in paid),
            0,
        )
    return {
        "due_date": [due for start, due in timeline if start <= day][-1],
        "principal_remaining": principal_left,
        "overdue_interest_remaining": oi_left,
        "written_off": written_off,
        "is_paid": not (principal_left or interest_left or oi_left),
    }


def figures_as_of(day, loan, *, installments, disbursements, payments, **ledger):
    """A loan's figures at the end of ``day``, recomputed from its ledger.

    - ``loan``: interest_rate, overdue_multiplier, term_months, grace_months,
      frequency (int), and due_day, first_due_date when the schedule falls
      due on the commune's session day;
    - ``installments``: today's schedule, dicts of sequence, original_due_date,
      principal, interest;
    - ``disbursements``: (date, amount);
    - ``payments``: what each repayment paid on an instalment, dicts of
      sequence, date, reversed_on (the reversal's date or None), principal,
      interest, overdue_interest, interest_waived;
    - ``extensions``: (date, id, moves), the moves (sequence, old due date,
      new due date) of the instalments, as the extension's lines hold them;
    - ``risks``: (date, id, action).

    An entry counts from its date on; a repayment stops counting from the date
    of its reversal (then it never happened). Overdue interest accrues on the
    principal of each day past the due date then in force, except while the
    debt is frozen; a write-off of interest clears what was owed that day.
    Returns None when nothing was disbursed by ``day``.
    """
    paid_out = sorted(d for d in disbursements if d[0] <= day)
    if not paid_out:
        return None
    later_tranche = len(paid_out) < len(disbursements)
    rows = _schedule_in_force(day, loan, installments, paid_out, later_tranche)
    timelines = _due_timelines(rows, ledger.get("extensions", ()), paid_out[-1][0], day)
    facts = _risk_facts(ledger.get("risks", ()), day)
    standing = [
        p
        for p in payments
        if p["date"] <= day and (not p["reversed_on"] or p["reversed_on"] > day)
    ]
    facts["rates"] = (loan["interest_rate"], loan["overdue_multiplier"])
    lines = [
        _line_as_of(
            day,
            row,
            timelines[row["sequence"]],
            [p for p in standing if p["sequence"] == row["sequence"]],
            facts,
        )
        for row in rows
    ]
    return _loan_totals(day, lines, facts, paid_out)


def _loan_totals(day, lines, facts, paid_out):
    outstanding = sum(line["principal_remaining"] for line in lines)
    overdue_interest_left = sum(line["overdue_interest_remaining"] for line in lines)
    written_off = facts["written_off_on"] is not None
    closed = written_off or not (outstanding or overdue_interest_left)
    late = [
        line["due_date"]
        for line in lines
        if line["due_date"] < day and not line["is_paid"]
    ]
    days = (day - min(late)).days if late and not closed else 0
    if written_off:
        status = "written_off"
    elif closed:
        status = "closed"
    elif facts["last_action"] == "freeze":
        status = "frozen"
    else:
        status = "overdue" if days > 0 else "current"
    return {
        "disbursed_amount": sum(amount for __, amount in paid_out),
        "outstanding_principal": outstanding,
        "overdue_principal": sum(
            line["principal_remaining"] for line in lines if line["due_date"] < day
        ),
        "overdue_interest": overdue_interest_left,
        "written_off_principal": sum(line["written_off"] for line in lines),
        "days_past_due": days,
        "delinquency_bucket": delinquency_bucket(days),
        "par30_principal": outstanding if days > 30 else 0,
        "status": status,
        "first_disbursed_on": paid_out[0][0],
        "written_off_on": facts["written_off_on"],
    }


def term_class(term_months, short_max=12, medium_max=60):
    """Short (up to ``short_max`` months), medium (up to ``medium_max``) or long."""
    if term_months <= short_max:
        return "short"
    if term_months <= medium_max:
        return "medium"
    return "long"


def capital_source(sources_by_date, day):
    """The source of the capital a loan disbursed on ``day`` was lent from.

    ``sources_by_date`` is [(decision date, source)] of the province's
    allocations. One source allocated by then: that one; none: "none";
    several: "pooled" (the capital is pooled, a loan is not tied to one).
    """
    sources = {source for when, source in sources_by_date if when <= day}
    if not sources:
        return "none"
    if len(sources) == 1:
        return sources.pop()
    return "pooled"


def month_bounds(day):
    """The first and the last day of the month of ``day``."""
    first = day.replace(day=1)
    return first, first + relativedelta(months=1, days=-1)


# The commune transaction day


def session_date(month, day):
    """The day of ``month`` a transaction point holds its session.

    ``month`` is any date of the month; ``day`` the configured day (1 to 31).
    A month without that day (the 31st in April, the 30th in February) holds
    its session on its last day.
    """
    first = month.replace(day=1)
    last = (first + relativedelta(months=1) - timedelta(days=1)).day
    return first.replace(day=min(max(day, 1), last))


def owed_on(day, installments, *, annual_rate, overdue_multiplier, frozen=False):
    """What each instalment owes on ``day``, as a repayment on that day takes it.

    ``installments`` are the loan's instalments, oldest first, as dicts of
    due_date, principal_remaining, interest_remaining, overdue_principal_days
    (đồng × days accrued so far), accrued_to (the day accrued to, or None) and
    overdue_interest_settled (overdue interest paid or waived).

    The overdue interest is accrued up to ``day`` on the principal of every
    instalment past its due date (not on a frozen loan), as
    ``rehab.loan._accrue_overdue`` does. Returns, in the same order, dicts of
    ``due`` (due date on or before ``day``), overdue_interest, interest and
    principal: what ``allocate`` shares a payment over.
    """
    owed = []
    for line in installments:
        principal_days = line["overdue_principal_days"] or 0
        if not frozen and line["due_date"] < day and line["principal_remaining"] > 0:
            principal_days = accrue(line, day)[0]
        accrued = overdue_interest(principal_days, annual_rate, overdue_multiplier)
        owed.append(
            {
                "due": line["due_date"] <= day,
                "overdue_interest": round_vnd(
                    max(accrued - line["overdue_interest_settled"], 0)
                ),
                "interest": round_vnd(line["interest_remaining"]),
                "principal": round_vnd(line["principal_remaining"]),
            }
        )
    return owed


def due_by(day, installments, *, annual_rate, overdue_multiplier, frozen=False):
    """What a loan owes by ``day``, as a repayment on that day would take it.

    The sums of ``owed_on`` over the instalments due by ``day`` (due date on
    or before it): a dict of overdue_interest, interest, principal and total,
    in whole đồng, the amount that, paid on ``day``, settles exactly what has
    fallen due, and that ``allocate`` books part by part as shown.
    """
    return due_totals(
        owed_on(
            day,
            installments,
            annual_rate=annual_rate,
            overdue_multiplier=overdue_multiplier,
            frozen=frozen,
        )
    )


def due_totals(owed):
    """The parts and total of what has fallen due among ``owed`` (the rows of
    ``owed_on``): what the sheet asks and the desk shows."""
    totals = {part: sum(line[part] for line in owed if line["due"]) for part in PARTS}
    totals["total"] = sum(totals.values())
    return totals


def payoff_by(day, installments, *, annual_rate, overdue_multiplier, frozen=False):
    """The most a payment on ``day`` can take: what has fallen due by then
    (``due_by``) and the principal of the later instalments (a prepayment),
    as ``rehab.loan._repay`` allocates a payment. Whole đồng."""
    owed = due_by(
        day,
        installments,
        annual_rate=annual_rate,
        overdue_multiplier=overdue_multiplier,
        frozen=frozen,
    )["total"]
    later = sum(
        line["principal_remaining"] for line in installments if line["due_date"] > day
    )
    return owed + round_vnd(later)
