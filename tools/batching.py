# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Walks a large table in batches for the scheduled actions."""


def iter_batches(model, domain, size=2000):
    """Yield recordsets of at most ``size`` records matching ``domain``, by id.

    Each batch is flushed and dropped from the cache before the next one is
    read, so that memory stays flat over tens of thousands of records.
    """
    last_id = 0
    while True:
        batch = model.search(domain + [("id", ">", last_id)], order="id", limit=size)
        if not batch:
            return
        yield batch
        last_id = batch[-1].id
        batch.flush_recordset()
        batch.invalidate_recordset()


def refresh_stored(model, names, state_of, size=2000):
    """Recompute, for the records whose values the date has moved, the stored
    computed fields ``names``; ``state_of(record)`` gives them as of today.

    Only the records that change are recomputed, and the ORM writes them in
    bulk: no write() per record, so nothing the server derives reaches the
    audit trail or the chatter, and a second run the same day writes nothing.
    """
    fields_ = [model._fields[name] for name in names]
    for batch in iter_batches(model, [], size):
        changed = batch.filtered(
            lambda record: any(
                record[name] != value for name, value in state_of(record).items()
            )
        )
        if changed:
            for field in fields_:
                model.env.add_to_compute(field, changed)
            changed.flush_recordset(list(names))
