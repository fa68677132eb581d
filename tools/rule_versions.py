# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The programme's configurable facts as dated versions, as plain functions.

Every key of ``rehab_rules.DEFAULT_PARAMS`` is a rule. A rule has a scope:

- ``national``: a fact of Decision 08/2026/QĐ-TTg (or of national law),
  changed only by the national administrator;
- ``province``: what a province or its VBSP branch decides; a province's
  own version comes first, else the programme's default version (a version
  without a province), else the value of ``DEFAULT_PARAMS``.

A version (``rehab.rule.value``) holds a value from a date (``date_from``),
optionally until a date (``date_to``). On a day, the version in force is the
one that started last among those covering the day. The models read the
versions as rows ``(id, key, province_id, value, date_from, date_to)`` and
call :func:`resolve`; nothing here touches the database.
"""

from datetime import timedelta

from .rehab_rules import DEFAULT_PARAMS

NATIONAL = "national"
PROVINCE = "province"

# The scope of each rule.
RULE_SCOPES = {
    "min_age": NATIONAL,
    "window_years": NATIONAL,
    "closing_soon_days": NATIONAL,
    "establishment_min_share": NATIONAL,
    "individual_ceiling": NATIONAL,
    "establishment_ceiling": NATIONAL,
    "per_worker_ceiling": NATIONAL,
    "training_amount_per_month": NATIONAL,
    "max_term_months": NATIONAL,
    "max_extension_months": NATIONAL,
    "decision_working_days": NATIONAL,
    "retention_years": NATIONAL,
    "first_due_days": PROVINCE,
    "new_loan_overdue_days": PROVINCE,
    "list_deadline_day": PROVINCE,
    "slip_validity_days": PROVINCE,
    "session_move_days": PROVINCE,
    "use_check_months": PROVINCE,
    "entrustment_fee_rate": PROVINCE,
    "leader_commission_rate": PROVINCE,
    "access_volume_factor": PROVINCE,
    "access_volume_minimum": PROVINCE,
    "notice_people": PROVINCE,
    "notice_loans": PROVINCE,
    "notice_by_village": PROVINCE,
    "notice_by_purpose": PROVINCE,
    "notice_min_count": PROVINCE,
}
assert set(RULE_SCOPES) == set(DEFAULT_PARAMS), "every parameter has a scope"

# The rules whose value is a whole number (days, months, years, đồng).
WHOLE_RULES = frozenset(
    key for key, default in DEFAULT_PARAMS.items() if isinstance(default, int)
) | {
    "individual_ceiling",
    "establishment_ceiling",
    "per_worker_ceiling",
    "training_amount_per_month",
}

# The bounds of each rule's value (inclusive); the reason code of a value
# out of them is the key itself (see rehab.rule.value._value_messages).
RULE_BOUNDS = {
    "min_age": (1, 100),
    "window_years": (1, 100),
    "closing_soon_days": (0, 3650),
    "establishment_min_share": (0.01, 100),
    "individual_ceiling": (1, 10**13),
    "establishment_ceiling": (1, 10**13),
    "per_worker_ceiling": (0, 10**13),
    "training_amount_per_month": (1, 10**13),
    "max_term_months": (1, 600),
    "max_extension_months": (1, 600),
    "decision_working_days": (1, 30),
    "retention_years": (1, 100),
    "first_due_days": (0, 90),
    "new_loan_overdue_days": (0, 3650),
    "list_deadline_day": (1, 28),
    "slip_validity_days": (1, 3650),
    "session_move_days": (1, 31),
    "use_check_months": (1, 120),
    "entrustment_fee_rate": (0, 100),
    "leader_commission_rate": (0, 100),
    "access_volume_factor": (1, 1000),
    "access_volume_minimum": (1, 1_000_000),
    "notice_people": (0, 1),
    "notice_loans": (0, 1),
    "notice_by_village": (0, 1),
    "notice_by_purpose": (0, 1),
    "notice_min_count": (1, 1000),
}
assert set(RULE_BOUNDS) == set(DEFAULT_PARAMS), "every parameter has bounds"


def value_error(key, value):
    """None when ``value`` may be the value of rule ``key``, else the reason
    code: "key" (not a rule), "whole" (a fraction where a whole number is
    expected) or "bounds" (outside RULE_BOUNDS[key])."""
    if key not in RULE_SCOPES:
        return "key"
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "bounds"
    if key in WHOLE_RULES and value != int(value):
        return "whole"
    low, high = RULE_BOUNDS[key]
    if not low <= value <= high:
        return "bounds"
    return None


def typed(key, value):
    """The value as the rules read it: int for whole rules, else float."""
    if isinstance(DEFAULT_PARAMS[key], int):
        return int(round(value))
    return float(value)


def in_force(row, day):
    """Whether the version ``row`` covers ``day``."""
    __, __, __, __, date_from, date_to = row
    return date_from <= day and (not date_to or day <= date_to)


def resolve(rows, day, province_id=None):
    """The parameters in force on ``day`` for ``province_id`` (None: the
    programme's defaults of the province rules), and the ids of the versions
    they come from.

    Returns ``(params, version_ids)``: ``params`` has every key of
    DEFAULT_PARAMS; a rule without any version in force keeps its default
    (and names no version).
    """
    best = {}
    for row in rows:
        __, key, row_province, __, date_from, __ = row
        if key not in RULE_SCOPES or not in_force(row, day):
            continue
        if row_province and (
            RULE_SCOPES[key] == NATIONAL or row_province != province_id
        ):
            continue
        # A province's own version before the programme's default; then the
        # version that started last.
        rank = (bool(row_province), date_from)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, row)
    params = dict(DEFAULT_PARAMS)
    version_ids = []
    for key, (__, row) in best.items():
        params[key] = typed(key, row[3])
        version_ids.append(row[0])
    return params, sorted(version_ids)


def changes_on(rows, day, province_id=None):
    """The keys whose value in force on ``day`` differs from the day before."""
    before, __ = resolve(rows, day - timedelta(days=1), province_id)
    after, __ = resolve(rows, day, province_id)
    return {key for key in DEFAULT_PARAMS if before[key] != after[key]}
