"""Planning the merge or split of communes (the 2025 local government reform).

Plain functions, no database: the model method
(``res.company._rehab_merge_communes``, models/res_company_merge.py) reads the
records, asks these where each goes, and writes them in bulk.

A mapping is ``{old commune id: target}``; the target is a commune id (a
MERGE: every record of the old commune goes there) or a dict (a SPLIT by
village)::

    {"villages": {"Thôn 1": new_a_id, "Thôn 2": new_b_id, "": new_a_id},
     "seat": new_a_id}

``villages`` maps each village (the free text of the person or the savings
group, compared without case and extra spaces; ``""`` for the records without
a village) to its commune; ``seat`` takes what has no village (the
establishments, the transaction points).
"""

# The kinds of records a merge counts, in the order the preview shows them.
MOVED_KINDS = (
    "people",
    "establishments",
    "savings_groups",
    "open_lists",
    "loans",
    "transaction_points",
    "users",
)
KEPT_KINDS = ("closed_lists", "slips", "reports")


def village_key(village):
    """A village as compared: without case or extra spaces ("" for none)."""
    return " ".join((village or "").split()).casefold()


def is_split(target):
    return isinstance(target, dict)


def targets_of(target):
    """The communes one old commune goes to (a set of ids)."""
    if not is_split(target):
        return {target}
    return set(target.get("villages", {}).values()) | (
        {target["seat"]} if target.get("seat") else set()
    )


def village_map(target):
    """{village key: commune id} of a split."""
    return {village_key(v): c for v, c in (target.get("villages") or {}).items()}


def unmapped_villages(villages, target):
    """The villages among ``villages`` (as written) a split leaves unmapped,
    each once, sorted ("" stands for the records without a village)."""
    mapped = village_map(target)
    missing = {}
    for village in villages:
        key = village_key(village)
        if key not in mapped:
            missing.setdefault(key, " ".join((village or "").split()))
    return sorted(missing.values())


def target_of(target, village=None):
    """Where a record of the old commune goes: by its village in a split
    (None when the village is not mapped), else the merge's commune."""
    if not is_split(target):
        return target
    return village_map(target).get(village_key(village))


def seat_of(target):
    """Where the records without a village of their own go."""
    return target.get("seat") if is_split(target) else target


def plan(records, target, village_of=None):
    """{record id: commune id} of ``records`` (ids) of one old commune,
    ``village_of`` {id: village} for the records placed by village."""
    if village_of is None:
        commune = seat_of(target)
        return dict.fromkeys(records, commune)
    return {rid: target_of(target, village_of.get(rid)) for rid in records}


def group_by_target(moves):
    """{commune id: [record ids]} of a plan {record id: commune id}: one
    update a commune, whatever the number of records."""
    grouped = {}
    for rid, commune in moves.items():
        grouped.setdefault(commune, []).append(rid)
    return grouped
