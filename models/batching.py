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
