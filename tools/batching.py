# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Walks a large table in batches for the scheduled actions."""

from odoo.tools import SQL


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


def write_rows(model, names, rows):
    """Write the stored fields ``names`` of ``model`` for ``rows`` (tuples of
    the id then the value of each field, as the ORM holds them) in one
    ``UPDATE … FROM (VALUES …)``, with write_uid and write_date as the ORM's
    flush of computed fields sets them, then drop what was written from the
    cache. The batched runs compute what changed with the plain functions
    of tools/ and write it so: no write() per record, so nothing the server
    derives reaches the audit trail or the chatter.
    """
    if not rows:
        return
    fields_ = [model._fields[name] for name in names]
    columns = SQL(", ").join(
        SQL(
            "%s = v.%s::%s",
            SQL.identifier(f.name),
            SQL.identifier(f.name),
            SQL(f.column_type[1]),
        )
        for f in fields_
    )
    placeholder = "(%s)" % ", ".join(["%s"] * (len(names) + 1))
    values = SQL(", ").join(
        SQL(
            placeholder,
            row[0],
            *(
                None if value is False and field.type != "boolean" else value
                for field, value in zip(fields_, row[1:], strict=True)
            ),
        )
        for row in rows
    )
    model.env.cr.execute(
        SQL(
            """UPDATE %(table)s t
                  SET %(columns)s, write_uid = %(uid)s, write_date = %(now)s
                 FROM (VALUES %(values)s) AS v(id, %(names)s)
                WHERE t.id = v.id""",
            table=SQL.identifier(model._table),
            columns=columns,
            uid=model.env.uid,
            now=model.env.cr.now(),
            values=values,
            names=SQL(", ").join(SQL.identifier(name) for name in names),
        )
    )
    model.browse([row[0] for row in rows]).invalidate_recordset(
        list(names) + ["write_uid", "write_date"], flush=False
    )
