# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Walks a large table in batches for the scheduled actions, and splits
them into jobs of the queue, per province and batch."""

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


def refresh_stored(model, names, state_of, size=2000, domain=()):
    """Recompute, for the records whose values the date has moved, the stored
    computed fields ``names``; ``state_of(record)`` gives them as of today.

    Only the records that change are recomputed, and the ORM writes them in
    bulk: no write() per record, so nothing the server derives reaches the
    audit trail or the chatter, and a second run the same day writes nothing.
    ``domain``: the records to look at (default: all).
    """
    fields_ = [model._fields[name] for name in names]
    for batch in iter_batches(model, list(domain), size):
        changed = batch.filtered(
            lambda record: any(
                record[name] != value for name, value in state_of(record).items()
            )
        )
        if changed:
            for field in fields_:
                model.env.add_to_compute(field, changed)
            changed.flush_recordset(list(names))


# -- The daily runs as jobs of the queue (OCA queue_job) ------------------------
#
# A scheduled action is a dispatcher: it finds, in one grouped query, the
# batches of the records it walks, per province and by ranges of ids, and
# enqueues one job per batch. Each job does its batch's work for the cron's
# day in its own transaction (queue_job commits per job): a batch that fails
# or times out is retried or left failed alone, the others' work stays, and a
# run stopped halfway resumes with the batches not done. With the context key
# ``queue_job__no_delay`` (queue_job's own), every job runs at once, in the
# caller's transaction (the tests, the demo, the settings' refresh).

CHANNEL = "root.post_rehab_credit"
# The priority of a job that follows a run's batches (queue_job's default: 10).
LATER = 20
# From most records of the addon to their province.
PROVINCE_PATH = "company_id.province_id"


def batch_ranges(model, domain, province_path, size):
    """[(province id or None, first id, last id)] of the batches of at most
    ``size`` records of ``model`` matching ``domain``, each within one
    province (``province_path``: the many2one path from the record to its
    province, e.g. ``company_id.province_id``), in one query."""
    query = model._search(list(domain))
    alias, current = model._table, model
    names = province_path.split(".")
    for name in names[:-1]:
        column = current._field_to_sql(alias, name, query)
        current = model.env[current._fields[name].comodel_name]
        joined = query.make_alias(alias, name)
        query.add_join(
            "LEFT JOIN",
            joined,
            current._table,
            SQL("%s = %s", column, SQL.identifier(joined, "id")),
        )
        alias = joined
    province = current._field_to_sql(alias, names[-1], query)
    record_id = SQL.identifier(model._table, "id")
    rows = model.env.execute_query(
        SQL(
            """SELECT province, MIN(id), MAX(id)
                 FROM (%s) AS numbered
             GROUP BY province, chunk
             ORDER BY province NULLS FIRST, chunk""",
            query.select(
                SQL(
                    "%s AS province, %s AS id, (ROW_NUMBER() OVER "
                    "(PARTITION BY %s ORDER BY %s) - 1) / %s AS chunk",
                    province,
                    record_id,
                    province,
                    record_id,
                    size,
                )
            ),
        )
    )
    return [tuple(row) for row in rows]


def province_domain(province_path, province_id):
    """The records of one province (``province_id`` None or 0: of none)."""
    if province_id:
        return [(province_path, "=", province_id)]
    names = province_path.split(".")
    prefixes = [".".join(names[: index + 1]) for index in range(len(names))]
    return ["|"] * (len(prefixes) - 1) + [(path, "=", False) for path in prefixes]


def batch_domain(province_path, province_id, first_id, last_id):
    """The domain of one batch: its province, its range of ids."""
    return province_domain(province_path, province_id) + [
        ("id", ">=", first_id),
        ("id", "<=", last_id),
    ]


def refresh_day(model, day):
    """The day a refresh job brings the figures to: the day of the run that
    enqueued it, or the agency's today when later (a job retried, or done
    after the next day's job, never puts the figures back a day)."""
    return max(day, model._rehab_today())


def batch_records(model, domain, province_path, batch):
    """The records of one batch (province id, first id, last id) matching
    ``domain``, as its job finds them when it runs."""
    return model.search(
        list(domain) + batch_domain(province_path, *batch),
        order="id",
    )


def dispatch(
    target, method, day, *, records, domain, province_path, size, label, then=None
):
    """Enqueue ``target.<method>(day, province id, first id, last id)`` once
    for each batch of ``records`` (a model) matching ``domain`` (see
    batch_ranges), on the addon's channel; ``label``: what the jobs do, a lazy
    translation (_lt). The identity of a job is its day,
    method and batch: the cron run again while that day's jobs wait enqueues
    nothing new. ``then``: (method, label), one job of ``target`` for the day,
    ``method(day)``, enqueued after the batches with a lower priority, so that
    the job runner starts it after them (no dependency between jobs: a job
    never waits for a failed one). Returns the number of batches."""
    batches = batch_ranges(records, domain, province_path, size)
    provinces = (
        target.env["res.company"]
        .sudo()
        .browse({province for province, __, __ in batches if province})
    )
    names = {company.id: company.name for company in provinces}
    # The descriptions in the language of the run, else of its user.
    env = target.with_context(
        lang=target.env.lang or target.env.user.lang or "en_US"
    ).env

    def enqueue(name, work, *args, priority=None):
        key = "post_rehab_credit:%s.%s:%s" % (
            target._name,
            name,
            ":".join(str(arg) for arg in args),
        )
        delayed = target.with_delay(
            channel=CHANNEL, identity_key=key, description=work, priority=priority
        )
        getattr(delayed, name)(*args)

    for province_id, first_id, last_id in batches:
        work = env._(
            "%(work)s of %(day)s: %(province)s, records %(first)s to %(last)s",
            work=env._(label),
            day=day,
            province=names.get(province_id, "-"),
            first=first_id,
            last=last_id,
        )
        enqueue(method, work, day, province_id or 0, first_id, last_id)
    if then:
        name, then_label = then
        work = env._("%(work)s of %(day)s", work=env._(then_label), day=day)
        enqueue(name, work, day, priority=LATER)
    return len(batches)


def write_rows(model, names, rows):
    """Write the stored fields ``names`` of ``model`` for ``rows`` (tuples of
    the id then the value of each field, as the ORM holds them) in one
    ``UPDATE … FROM unnest(…)`` (one array a column), with write_uid and
    write_date as the ORM's flush of computed fields sets them, then drop
    what was written from the cache. The batched runs compute what changed
    with the plain functions of tools/ and write it so: no write() per
    record, so nothing the server derives reaches the audit trail or the
    chatter.
    """
    if not rows:
        return
    fields_ = [model._fields[name] for name in names]
    columns = [[row[0] for row in rows]] + [
        [
            None if value is False and field.type != "boolean" else value
            for value in (row[index] for row in rows)
        ]
        for index, field in enumerate(fields_, 1)
    ]
    model.env.cr.execute(
        SQL(
            """UPDATE %(table)s t
                  SET %(set)s, write_uid = %(uid)s, write_date = %(now)s
                 FROM unnest(%(arrays)s) AS v(id, %(names)s)
                WHERE t.id = v.id""",
            table=SQL.identifier(model._table),
            set=SQL(", ").join(
                SQL("%s = v.%s", SQL.identifier(f.name), SQL.identifier(f.name))
                for f in fields_
            ),
            uid=model.env.uid,
            now=model.env.cr.now(),
            arrays=SQL(", ").join(
                SQL("%s::%s[]", column, SQL(column_type))
                for column, column_type in zip(
                    columns,
                    ["int4"] + [f.column_type[1] for f in fields_],
                    strict=True,
                )
            ),
            names=SQL(", ").join(SQL.identifier(name) for name in names),
        )
    )
    model.browse([row[0] for row in rows]).invalidate_recordset(
        list(names) + ["write_uid", "write_date"], flush=False
    )
