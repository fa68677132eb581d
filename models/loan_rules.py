# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The arithmetic of a loan, as plain functions of values (whole đồng)."""

from dateutil.relativedelta import relativedelta

BUCKETS = [(30, "1_30"), (90, "31_90"), (180, "91_180")]


def round_vnd(amount):
    """Whole đồng, halves away from zero."""
    return int(amount + 0.5) if amount >= 0 else -int(-amount + 0.5)


def format_vnd(amount):
    """1.234.567: the way đồng are written."""
    return f"{amount:,.0f}".replace(",", ".")


def build_schedule(
    principal, start, *, term_months, grace_months, frequency, annual_rate
):
    """Instalments of a loan: interest only during the grace, then equal principal.

    Every period lasts ``frequency`` months (1 or 3). Interest is charged on the
    principal outstanding during the period; principal is split in whole đồng
    and the last instalment takes what rounding left.
    """
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
        if number <= grace:
            repaid = 0
        elif number == periods:
            repaid = outstanding
        else:
            repaid = share
        schedule.append(
            {
                "sequence": number,
                "due_date": start + relativedelta(months=number * frequency),
                "principal": repaid,
                "interest": interest,
            }
        )
        outstanding -= repaid
    return schedule


def overdue_interest(principal_days, annual_rate, multiplier):
    """Overdue interest on ``principal_days`` (đồng × days overdue)."""
    return round_vnd(principal_days * annual_rate / 100.0 * multiplier / 100.0 / 365.0)


def allocate(amount, dues):
    """Share a payment over what is due.

    ``dues`` is a list, oldest instalment first, of dicts with the amounts still
    owed: overdue_interest, interest, principal, and ``due`` (True when the
    instalment has fallen due). Each due instalment takes overdue interest,
    then interest, then principal; what is left repays the principal of later
    instalments, oldest first (a prepayment). Returns the list of allocations
    (same order, dicts of the three parts) and what could not be allocated.
    """
    left = amount
    allocations = [dict(overdue_interest=0, interest=0, principal=0) for __ in dues]
    for owed, taken in zip(dues, allocations, strict=True):
        if not owed["due"]:
            continue
        for part in ("overdue_interest", "interest", "principal"):
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


def delinquency_bucket(days_past_due):
    if days_past_due <= 0:
        return "current"
    for limit, code in BUCKETS:
        if days_past_due <= limit:
            return code
    return "over_180"
