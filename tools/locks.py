# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two steps on the same record at once: the second waits, then runs again.

Odoo runs its transactions in REPEATABLE READ. A step locks the rows it is about
to change with a no-op UPDATE: a second transaction taking a step on the same
rows waits until the first ends; if the first committed, the second fails with
a serialization error (the row changed after its snapshot), which Odoo's
request retry (``odoo.service.model.retrying``) catches, logging it at INFO,
and runs the request again, now reading the new state: it succeeds on fresh
figures or gets the step's clear refusal. A plain ``SELECT ... FOR NO KEY
UPDATE`` would not do: when the first step leaves the row itself unchanged, the
second would go on with its stale snapshot.

The lock statement alone is expected to fail this way: it is run without
Odoo's «bad query» ERROR line (``log_exceptions=False``), so the server's log
shows an ERROR only for a real fault.
"""

from odoo.tools import SQL


def lock_rows(cr, table, ids):
    """Lock the rows ``ids`` of ``table`` until the transaction ends."""
    ids = tuple(sorted(set(ids)))
    if not ids:
        return
    # In the order of the ids: two steps on the same rows never deadlock.
    cr.execute(
        SQL(
            "UPDATE %(table)s SET id = id WHERE id IN "
            "(SELECT id FROM %(table)s WHERE id IN %(ids)s ORDER BY id "
            "FOR NO KEY UPDATE)",
            table=SQL.identifier(table),
            ids=ids,
        ),
        log_exceptions=False,
    )
