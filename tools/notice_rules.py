# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The small counts of the commune's public notice (rehab.public.notice).

A public notice counts people; in a village where everyone knows who came
back from rehab, «1 person confirmed in Bản Khòn Pổ» names them. So:

- a count from 1 to ``minimum - 1`` is hidden (printed «…») and so is the
  amount beside it (one loan's amount is one person's) (primary
  suppression);
- a village whose every count is below the minimum is not named: such
  villages are printed together on one row («Other villages»);
- a hidden count must not be found again by subtracting the shown counts
  from the total (complementary suppression, per table and per column): a
  column with a hidden cell has at least two hidden cells, and its hidden
  cells are not all 1 as the reader could tell from their sum (each hidden
  count is at least 1, a zero is printed). Where one hidden cell would stand
  alone, the smallest shown non-zero cell(s) of the column are hidden too,
  which keeps the most: the totals stay printed, and the larger rows. Every
  hidden cell prints the same «…», so a reader cannot tell a small count
  from one hidden beside it. The amount of a row is hidden where its count
  of loans is;
- where no shown cell is left to hide (every non-zero cell hidden and their
  sum still tells them), the column is withheld: its cells and its total,
  in every table and in the sentences above them (the totals are the same
  in every table, so hiding one table's total alone would not do);
- a commune total below the minimum is hidden as well.

Limits: the tables are protected one by one; a figure the reader knows from
elsewhere (another notice, another period, gossip) is not accounted for.
``minimum`` 1 prints every figure.
"""

KEYS = ("people", "loans", "amount")
COUNTS = {"people": None, "loans": "amount"}


def is_small(count, minimum):
    """Whether ``count`` is hidden: 1 to minimum - 1 (a zero names nobody)."""
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


def exposed(hidden_count, hidden_sum):
    """Whether hidden counts can be told from the printed table: one hidden
    cell is the total less the shown cells; several hidden cells whose sum
    (the total less the shown cells, ``hidden_sum``) is their number are all
    1 (each hidden count is at least 1)."""
    return hidden_count == 1 or (hidden_count > 1 and hidden_sum <= hidden_count)


def protect_column(values, total, minimum):
    """``(hidden, withheld)`` of a column of counts ``values`` printed above
    ``total``: the indexes of the hidden cells (the small ones, then the
    smallest shown non-zero ones until no hidden cell can be told), and
    whether the column must be withheld (no cell left to hide)."""
    hidden = {index for index, value in enumerate(values) if is_small(value, minimum)}
    if is_small(total, minimum):
        return hidden, False
    candidates = sorted(
        (value, index)
        for index, value in enumerate(values)
        if index not in hidden and value
    )
    shown = sum(values[index] for index in range(len(values)) if index not in hidden)
    while hidden and exposed(len(hidden), (total or 0) - shown):
        if not candidates:
            return hidden, True
        value, index = candidates.pop(0)
        hidden.add(index)
        shown -= value
    return hidden, False


def protect_tables(tables, totals, minimum):
    """The tables as printed: ``(printed_tables, printed_totals)``.

    ``tables`` ``[[(label, {key: value})]]`` share the commune's ``totals``
    ``{key: value}``; a printed value is the figure or None when it is
    hidden. Counts (``COUNTS``: a count and the amount that goes with it)
    are protected column by column (``protect_column``); a column withheld
    in one table is withheld in all, its total too."""
    counts = COUNTS
    hidden = [{key: set() for key in counts} for __ in tables]
    withheld = set()
    for key in counts:
        for number, rows in enumerate(tables):
            values = [row.get(key) or 0 for __, row in rows]
            cells, lost = protect_column(values, totals.get(key) or 0, minimum)
            hidden[number][key] = cells
            if lost:
                withheld.add(key)
    printed_totals = {}
    for key, amount_key in counts.items():
        total_hidden = key in withheld or is_small(totals.get(key), minimum)
        printed_totals[key] = None if total_hidden else totals.get(key) or 0
        if amount_key:
            printed_totals[amount_key] = (
                None if total_hidden else totals.get(amount_key) or 0
            )
    printed_tables = []
    for number, rows in enumerate(tables):
        printed = []
        for index, (label, row) in enumerate(rows):
            values = {}
            for key, amount_key in counts.items():
                off = key in withheld or index in hidden[number][key]
                values[key] = None if off else row.get(key) or 0
                if amount_key:
                    values[amount_key] = None if off else row.get(amount_key) or 0
            printed.append((label, values))
        printed_tables.append(printed)
    return printed_tables, printed_totals


def derivable(printed_rows, printed_total, keys=KEYS):
    """The hidden cells of a printed table that its reader can tell from it:
    ``[(key, index)]``. A column with a hidden cell is safe when its total is
    hidden, or when at least two cells are hidden and (for counts) their sum,
    the total less the shown cells, is more than their number."""
    found = []
    for key in keys:
        hidden = [
            index
            for index, (__, values) in enumerate(printed_rows)
            if values[key] is None
        ]
        if not hidden or printed_total[key] is None:
            continue
        shown = sum(
            values[key] for __, values in printed_rows if values[key] is not None
        )
        hidden_sum = printed_total[key] - shown
        if len(hidden) == 1 or (key in COUNTS and exposed(len(hidden), hidden_sum)):
            found += [(key, index) for index in hidden]
    return found
