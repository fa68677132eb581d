# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The rules of Decision 08/2026/QĐ-TTg as plain functions of values.

Nothing here touches the database: the models gather the values and the
configurable parameters, call these functions and turn the reason codes into
translated messages. The tests call them directly at the boundaries.
"""

import contextlib
import contextvars
from datetime import date, datetime, timezone

import pytz

# Province codes of the citizen identity number (Circular 07/2016/TT-BCA, and
# 59/2021/TT-BCA): the first three digits.
CITIZEN_ID_PROVINCE_CODES = frozenset(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 "
    "031 033 034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 "
    "060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 "
    "091 092 093 094 095 096".split()
)
# Fourth digit: century of birth and gender (even: male, odd: female).
CITIZEN_ID_CENTURIES = {1900: 0, 2000: 2, 2100: 4, 2200: 6, 1800: 8}
# Plausibility limits of what is typed in: nobody registered was born before
# this day; short texts (names, places, numbers) are at most this long, in the
# forms as in the import file.
EARLIEST_BIRTH_DATE = date(1900, 1, 1)
MAX_TEXT_LENGTH = 256
# The time zone of the agencies' day: "today" of every guard and run is the
# date there, never the date in the client's or the user's time zone.
AGENCY_TZ = "Asia/Ho_Chi_Minh"

# The moment of the demo's story, in the thread playing it only (story_clock).
# Never set from a request: no context key, field or parameter reaches it.
_STORY_MOMENT = contextvars.ContextVar("post_rehab_credit_story", default=None)


def agency_now():
    """Now, as Odoo stores it (a naive UTC datetime, to the second): the
    server's clock, or the moment of the demo's step being played in this
    thread (story_clock)."""
    moment = _STORY_MOMENT.get()
    if moment is None:
        moment = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    return moment


@contextlib.contextmanager
def story_clock(moment):
    """Within the block, agency_now() of this thread (and of no other) is
    ``moment`` (a naive UTC datetime): the demo's engine plays each step of
    its year on the step's day. Demo data only."""
    token = _STORY_MOMENT.set(moment)
    try:
        yield moment
    finally:
        _STORY_MOMENT.reset(token)


def agency_date(moment=None, tz_name=None):
    """The agency's date at ``moment`` (a naive UTC datetime, as Odoo stores
    them; now when not given), in ``tz_name`` (AGENCY_TZ when not given or
    not a known time zone)."""
    if moment is None:
        moment = agency_now()
    try:
        zone = pytz.timezone(tz_name or AGENCY_TZ)
    except pytz.UnknownTimeZoneError:
        zone = pytz.timezone(AGENCY_TZ)
    return pytz.utc.localize(moment).astimezone(zone).date()


# The fields holding a full citizen ID (12 digits; a longer value would be
# cut by the field's size without a word): never in the chatter or the trail.
CITIZEN_ID_FIELDS = ("citizen_id", "household_rep_citizen_id")
DEFAULT_PARAMS = {
    "min_age": 12,
    "window_years": 10,
    "closing_soon_days": 60,
    "establishment_min_share": 10.0,
    # Loans (Decision 08/2026/QĐ-TTg; whole đồng, months).
    "individual_ceiling": 200_000_000,
    "establishment_ceiling": 2_000_000_000,
    "per_worker_ceiling": 0,
    "training_amount_per_month": 4_000_000,
    "max_term_months": 120,
    "max_extension_months": 12,
    # The first instalment falls due at the commune's first transaction
    # session at least so many days after the disbursement.
    "first_due_days": 15,
    # A borrower with a loan overdue so many days or more takes no new loan
    # (0: any loan overdue does not keep them from one).
    "new_loan_overdue_days": 1,
    # Monthly lists are drawn up before this day; a slip is valid so many days.
    "list_deadline_day": 5,
    "slip_validity_days": 90,
    # The bank decides within so many working days of a complete file.
    "decision_working_days": 3,
    # A session moves at most so many days from its day in the calendar.
    "session_move_days": 15,
    # A disbursed loan's use is checked at least every so many months (from
    # the first disbursement, then from the last check).
    "use_check_months": 6,
    # Entrustment fee of the organisation and commission of the group
    # leader, in percent of the interest collected from the group. Set by
    # the VBSP branch: zero until then.
    "entrustment_fee_rate": 0.0,
    "leader_commission_rate": 0.0,
    # Unusual volume of access to people's records: a user who opened at
    # least so many in a day, and more than so many times their usual.
    "access_volume_factor": 3.0,
    "access_volume_minimum": 200,
    # Retention: the sensitive data of a person archived (window closed,
    # nothing owed) are erased so many years after the archiving.
    "retention_years": 5,
    # The commune's public notice (rehab.public.notice): its sections (1 shown,
    # 0 not) and the smallest count printed (below it: «…»).
    "notice_people": 1,
    "notice_loans": 1,
    "notice_by_village": 1,
    "notice_by_purpose": 1,
    "notice_min_count": 3,
}


def unusual_volume(count, usual_counts, factor, minimum):
    """Whether a day's count of records opened is far above the usual.

    ``usual_counts`` are the counts of the user's other days with access
    (the last weeks); without them only the minimum applies. A day is
    unusual when its count reaches the minimum and passes ``factor`` times
    the average of the usual days.
    """
    if count < minimum:
        return False
    if not usual_counts:
        return True
    return count > factor * (sum(usual_counts) / len(usual_counts))


def citizen_id_errors(citizen_id, birth_date=None, gender=None):
    """Reason codes why a 12-digit citizen ID is not valid for this person."""
    if not citizen_id or not citizen_id.isdigit() or not citizen_id.isascii():
        return ["not_digits"]
    if len(citizen_id) != 12:
        return ["length"]
    errors = []
    if citizen_id[:3] not in CITIZEN_ID_PROVINCE_CODES:
        errors.append("province")
    if birth_date:
        century = birth_date.year - birth_date.year % 100
        expected = CITIZEN_ID_CENTURIES.get(century)
        digit = int(citizen_id[3])
        if expected is None or digit - digit % 2 != expected:
            errors.append("century")
        elif gender in ("male", "female") and digit % 2 != (gender == "female"):
            errors.append("gender")
        if citizen_id[4:6] != "%02d" % (birth_date.year % 100):
            errors.append("birth_year")
    return errors


def add_years(day, years):
    """``day`` ``years`` (a whole number) later, as ``relativedelta`` adds
    them (29 February to 28 February in a common year), ten times faster:
    the daily refresh adds years to every person's dates."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def window_end(decision_date, window_years):
    """Last day on which a person may borrow under the 10-year window."""
    if not decision_date:
        return False
    return add_years(decision_date, window_years)


def person_ineligibility(person, on_date, params):
    """Reason codes why a person may not borrow on ``on_date``.

    ``person`` is a mapping with: birth_date, rehab_route, completion_date,
    decision_date, conduct (list of (date, kind) with kind in good,
    violation, relapse), purpose, other_training_debt, training_confirmed.
    An empty list means eligible.
    """
    reasons = []
    birth_date = person.get("birth_date")
    if not birth_date or on_date < add_years(birth_date, params["min_age"]):
        reasons.append("under_age")
    completion = person.get("completion_date")
    if not person.get("rehab_route") or not completion or completion > on_date:
        reasons.append("rehab_not_completed")
    decision_date = person.get("decision_date")
    if not decision_date or decision_date > on_date:
        reasons.append("no_decision")
    elif on_date > window_end(decision_date, params["window_years"]):
        reasons.append("window_closed")
    # Conduct since the management decision: what came before is the history
    # that led to rehab.
    entries = sorted(
        e
        for e in person.get("conduct") or ()
        if e[0] <= on_date and (not decision_date or e[0] >= decision_date)
    )
    if any(kind == "relapse" for __, kind in entries):
        reasons.append("relapse")
    elif entries and entries[-1][1] != "good":
        reasons.append("conduct")
    if person.get("purpose") == "training":
        if person.get("other_training_debt"):
            reasons.append("training_debt")
        if not person.get("training_confirmed"):
            reasons.append("training_confirmation")
    return reasons


# The aggregator of every ratio field (models/rehab_ratio_mixin.py): a group's
# ratio is ``ratio`` of the group's summed numerator and denominator.
RATIO_AGGREGATOR = "weighted"


def ratio(numerator, denominator):
    """A percentage: 100 × numerator / denominator, 0 when there is nothing."""
    if not denominator:
        return 0.0
    return 100.0 * (numerator or 0) / denominator


def establishment_share(rehab_workers, total_workers):
    """Share (percent) of post-rehab workers with a contract in force."""
    return ratio(rehab_workers, total_workers)


def establishment_meets_share(rehab_workers, total_workers, min_share):
    """At least ``min_share`` percent, compared without rounding."""
    return bool(total_workers) and rehab_workers * 100 >= min_share * total_workers


def new_loan_block(owed, days_overdue, under_recovery, params):
    """Why a person cannot take a new loan of the programme, or None.

    ``owed``: what the person owes under the programme (outstanding principal
    and amounts approved not yet paid out, as the ceiling reads it);
    ``days_overdue``: the most days past due of their loans; ``under_recovery``:
    a loan found misused is being recovered. In this order: "recovery",
    "overdue" (``new_loan_overdue_days`` or more, unless that setting is 0),
    "ceiling" (no room left under the individual ceiling).
    """
    if under_recovery:
        return "recovery"
    limit = params["new_loan_overdue_days"]
    if limit and days_overdue >= limit:
        return "overdue"
    if owed >= params["individual_ceiling"]:
        return "ceiling"
    return None


def params_from_env(env, day=None, province=None):
    """The configurable parameters in force on ``day`` (the agency's today
    when not given) for ``province`` (an agency; none: the programme's
    defaults of the province rules): the dated versions of
    ``rehab.rule.value`` (tools/rule_versions.py), the defaults above for a
    rule without any."""
    return env["rehab.rule.value"].sudo()._params_on(day, province)
