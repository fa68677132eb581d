# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The small counts of the commune's public notice (rehab.public.notice).

A public notice counts people; in a village where everyone knows who came
back from rehab, «1 person confirmed in Bản Khòn Pổ» names them. So:

- a count from 1 to ``minimum - 1`` is printed «< minimum» and the amount
  beside it is not printed (one loan's amount is one person's);
- a village whose every count is below the minimum is not named: such
  villages are printed together on one row («Other villages»), which points
  at no place;
- the commune's totals are printed (a total below the minimum as
  «< minimum» too).

A hidden count can still be narrowed by subtracting the shown ones from the
total, but what it gives belongs to no named village. ``minimum`` 1 prints
every figure.
"""

KEYS = ("people", "loans", "amount")
COUNTS = {"people": None, "loans": "amount"}


def is_small(count, minimum):
    """Whether ``count`` is printed «< minimum»: 1 to minimum - 1 (a zero
    names nobody)."""
    return 0 < (count or 0) < minimum


def cell(count, minimum):
    """What a count's cell shows: the count, or None when it is hidden."""
    return None if is_small(count, minimum) else count or 0


def amount_cell(count, amount, minimum):
    """What an amount's cell shows: the amount, or None when the count
    beside it (``count``) is hidden."""
    return None if is_small(count, minimum) else amount or 0


def merge_small_rows(rows, minimum, keys=KEYS):
    """``(named, others)`` of the rows ``[(label, {key: value})]``: the rows
    with a count at or over ``minimum`` keep their label, the others are
    summed into ``others`` (None when there is none). Counts are ``people``
    and ``loans``; ``amount`` is summed along."""
    named, others = [], None
    for label, values in rows:
        counts = [values.get(key) or 0 for key in keys if key in COUNTS]
        if any(count >= minimum for count in counts):
            named.append((label, values))
            continue
        others = others or dict.fromkeys(keys, 0)
        for key in keys:
            others[key] += values.get(key) or 0
    return named, others
