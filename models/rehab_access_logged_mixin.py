# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager

import psycopg2

from odoo import SUPERUSER_ID, api, models
from odoo.http import request

# Where the pending entries of the current request are kept (cursor cache).
SCOPE_KEY = "rehab_access_scope"


def _field_roots(paths):
    """The fields named by export paths (``conduct_ids/date`` → conduct_ids)
    or read_group specs (``create_date:month``, ``amount:sum``)."""
    roots = set()
    for path in paths or ():
        roots.add(path.split("/")[0].split(".")[0].split(":")[0])
    return roots


def _request_channel(default):
    """The web client's routes keep the channel of their method; the
    external RPC routes (/jsonrpc, /xmlrpc) are "rpc"."""
    try:
        path = request.httprequest.path
    except (AttributeError, RuntimeError):
        # No request: the external API (/jsonrpc, /xmlrpc).
        return "rpc"
    if path.startswith(("/jsonrpc", "/xmlrpc")):
        return "rpc"
    return default


def user_request(env, sudo_too=False):
    """Whether the code reads for a user (not the server's own work, run as
    superuser: crons, installs). The external API (/jsonrpc, /xmlrpc) runs
    without Odoo's request object, so none is needed. A print made through
    sudo for the user still counts (``sudo_too``)."""
    if (env.su and not sudo_too) or not env.uid or env.uid == SUPERUSER_ID:
        return False
    return True


@contextmanager
def access_scope(env, channel, method):
    """Gather what a request reads of sensitive data into one entry per
    kind of record, written when the outermost method of the request ends:
    ``web_search_read`` calls ``web_read`` which calls ``read``, one entry."""
    cache = env.cr.cache
    outer = SCOPE_KEY not in cache
    if outer:
        cache[SCOPE_KEY] = {"channel": channel, "method": method, "entries": {}}
    try:
        yield cache[SCOPE_KEY]
        if outer:
            scope = cache.pop(SCOPE_KEY)
            if scope["entries"]:
                if env.cr.readonly:
                    # Read inside another model's read-only request: Odoo
                    # runs the request again in a read/write transaction.
                    raise psycopg2.errors.ReadOnlySqlTransaction(
                        "Sensitive data read in a read-only transaction"
                    )
                env["rehab.access.log"]._record(list(scope["entries"].values()))
    finally:
        if outer:
            cache.pop(SCOPE_KEY, None)


def note_access(scope, res_model, ids, names, *, document=None, count=0):
    """Add records and fields seen to the request's pending entry; a grouped
    read names no record, only how many it counted (``count``)."""
    if not ids and not count:
        return
    entry = scope["entries"].setdefault(
        (res_model, document),
        {
            "res_model": res_model,
            "ids": set(),
            "fields": set(),
            "document": document,
            "channel": scope["channel"],
            "method": scope["method"],
            "count": 0,
        },
    )
    entry["count"] += count
    entry["ids"].update(res_id for res_id in ids if isinstance(res_id, int))
    entry["fields"].update(names)


class RehabAccessLoggedMixin(models.AbstractModel):
    """Records holding sensitive personal data: every read of it by a user
    is written to the access log (``rehab.access.log``).

    A model lists its sensitive fields in ``_rehab_logged_fields``; a read
    that names none of them (a name in a drop-down) is not logged, an
    export of the records always is. The reading methods the web client and
    the external API call are covered: form (``web_read``), list
    (``web_search_read``), grouped views and pivots (``read_group``), export
    (``export_data``), and ``read``/``search_read`` over RPC. They run in a
    read-write transaction (their ``_readonly`` is off) so that the entry is
    written with the read, one insert per request.
    """

    _name = "rehab.access.logged.mixin"
    _description = "Sensitive personal data, access logged"

    _rehab_logged_fields = ()

    def _rehab_logged(self, names):
        """The sensitive fields among ``names`` (all fields when None)."""
        sensitive = set(self._rehab_logged_fields)
        if names is None:
            return sensitive
        return sensitive & _field_roots(names)

    def _rehab_note(self, scope, ids, names, always=False):
        """Note the records read if sensitive fields were among ``names``;
        ``always`` (exports): whatever the fields, all of them named."""
        if always:
            note_access(scope, self._name, ids, _field_roots(names))
            return
        logged = self._rehab_logged(names)
        if logged:
            note_access(scope, self._name, ids, logged)

    def web_read(self, specification):
        if not user_request(self.env):
            return super().web_read(specification)
        with access_scope(self.env, _request_channel("form"), "web_read") as scope:
            result = super().web_read(specification)
            self._rehab_note(scope, [row["id"] for row in result], specification)
        return result

    web_read._readonly = False

    @api.model
    def web_search_read(self, domain, specification, *args, **kwargs):
        if not user_request(self.env):
            return super().web_search_read(domain, specification, *args, **kwargs)
        with access_scope(
            self.env, _request_channel("list"), "web_search_read"
        ) as scope:
            result = super().web_search_read(domain, specification, *args, **kwargs)
            self._rehab_note(
                scope, [row["id"] for row in result["records"]], specification
            )
        return result

    web_search_read._readonly = False

    def read(self, fields=None, load="_classic_read"):
        if not user_request(self.env):
            return super().read(fields, load)
        with access_scope(self.env, _request_channel("rpc"), "read") as scope:
            result = super().read(fields, load)
            self._rehab_note(scope, [row["id"] for row in result], fields or None)
        return result

    read._readonly = False

    @api.model
    def search_read(self, domain=None, fields=None, *args, **kwargs):
        if not user_request(self.env):
            return super().search_read(domain, fields, *args, **kwargs)
        with access_scope(self.env, _request_channel("rpc"), "search_read") as scope:
            result = super().search_read(domain, fields, *args, **kwargs)
            self._rehab_note(scope, [row["id"] for row in result], fields or None)
        return result

    search_read._readonly = False

    @api.model
    def read_group(self, domain, fields, groupby, *args, **kwargs):
        if not user_request(self.env):
            return super().read_group(domain, fields, groupby, *args, **kwargs)
        with access_scope(self.env, _request_channel("list"), "read_group") as scope:
            result = super().read_group(domain, fields, groupby, *args, **kwargs)
            names = list(fields or ()) + (
                [groupby] if isinstance(groupby, str) else list(groupby or ())
            )
            logged = self._rehab_logged(names)
            if logged:
                # The records grouped, by their number (a pivot of a whole
                # province would name tens of thousands of ids).
                grouped = names[len(fields or ()) :][:1]
                counts = [
                    row.get("__count", row.get("%s_count" % grouped[0], 0))
                    if grouped
                    else row.get("__count", 0)
                    for row in result
                ]
                note_access(scope, self._name, (), logged, count=sum(counts))
        return result

    read_group._readonly = False

    def export_data(self, fields_to_export):
        if not user_request(self.env):
            return super().export_data(fields_to_export)
        with access_scope(self.env, "export", "export_data") as scope:
            result = super().export_data(fields_to_export)
            self._rehab_note(scope, self.ids, fields_to_export, always=True)
        return result
