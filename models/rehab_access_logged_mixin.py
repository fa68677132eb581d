# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import os
import sys
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


def _rpc_entry(model, method):
    """Whether ``method`` of ``model`` is the very call a user made over RPC
    (the web client's call_kw or the external API), not a search the
    server's code makes while serving another call."""
    try:
        params = request.params
    except (AttributeError, RuntimeError):
        params = None
    if params is not None:
        if params.get("method") in ("execute", "execute_kw"):
            args = params.get("args") or ()
            return tuple(args[3:5]) == (model, method)
        return (params.get("model"), params.get("method")) == (model, method)
    # The external API runs without the request: its dispatcher's frame
    # names the model and the method called.
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if code.co_name == "execute_cr" and code.co_filename.endswith(
            os.path.join("service", "model.py")
        ):
            return (frame.f_locals.get("obj"), frame.f_locals.get("method")) == (
                model,
                method,
            )
        frame = frame.f_back
    return False


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
    (``export_data``), ``read``/``search_read``/``copy_data`` over RPC, and
    the searches and counts a user makes over RPC that filter on a
    sensitive field (the filter tells what it names). They run in a
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

    def _rehab_domain_fields(self, domain):
        """The sensitive fields a search domain filters on: a filter on the
        rehab route tells who had which route, whatever the columns shown.
        Paths through relations (``person_id.rehab_route``, ``any``) are
        named by their path when the field is a logged model's."""
        names = set()

        def walk(model, leaves, prefix):
            for leaf in leaves or ():
                if not isinstance(leaf, (list, tuple)) or len(leaf) != 3:
                    continue
                path, operator, value = leaf
                if not isinstance(path, str):
                    continue
                current, relational, parts = model, False, path.split(".")
                for index, part in enumerate(parts):
                    field = current._fields.get(part)
                    if field is None:
                        break
                    if part in getattr(current, "_rehab_logged_fields", ()):
                        names.add(prefix + ".".join(parts[: index + 1]))
                    relational = bool(field.relational)
                    if not relational:
                        break
                    current = self.env[field.comodel_name]
                else:
                    if (
                        relational
                        and operator in ("any", "not any")
                        and isinstance(value, (list, tuple))
                    ):
                        walk(current, value, prefix + path + ".")

        walk(self, domain, "")
        return names

    def _rehab_note(self, scope, ids, names, always=False, domain=None):
        """Note the records read if sensitive fields were among ``names``
        or filtered on in ``domain``; ``always`` (exports): whatever the
        fields, all of them named."""
        if always:
            note_access(scope, self._name, ids, _field_roots(names))
            return
        logged = self._rehab_logged(names) | self._rehab_domain_fields(domain)
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
                scope,
                [row["id"] for row in result["records"]],
                specification,
                domain=domain,
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
            self._rehab_note(
                scope, [row["id"] for row in result], fields or None, domain=domain
            )
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
            logged = self._rehab_logged(names) | self._rehab_domain_fields(domain)
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

    def copy_data(self, default=None):
        # The values a duplicate would take: those of the record.
        if not user_request(self.env):
            return super().copy_data(default)
        with access_scope(self.env, _request_channel("rpc"), "copy_data") as scope:
            result = super().copy_data(default)
            names = set().union(*(vals.keys() for vals in result)) if result else ()
            self._rehab_note(scope, self.ids, names)
        return result

    copy_data._readonly = False

    # Searches name records, not values: logged only when the user's call
    # filters on a sensitive field (who had compulsory rehab), and only the
    # call the user made, not the server's own searches while serving it.
    # They stay read-only: when one is logged, Odoo runs it again in a
    # read/write transaction (see access_scope).

    @api.model
    @api.readonly
    def search(self, domain, *args, **kwargs):
        result = super().search(domain, *args, **kwargs)
        if (
            SCOPE_KEY in self.env.cr.cache
            or not user_request(self.env)
            or not self._rehab_domain_fields(domain)
            or not _rpc_entry(self._name, "search")
        ):
            return result
        with access_scope(self.env, _request_channel("rpc"), "search") as scope:
            self._rehab_note(scope, result.ids, (), domain=domain)
        return result

    @api.model
    @api.readonly
    def search_count(self, domain, *args, **kwargs):
        result = super().search_count(domain, *args, **kwargs)
        if (
            SCOPE_KEY in self.env.cr.cache
            or not user_request(self.env)
            or not self._rehab_domain_fields(domain)
            or not _rpc_entry(self._name, "search_count")
        ):
            return result
        with access_scope(self.env, _request_channel("rpc"), "search_count") as scope:
            logged = self._rehab_domain_fields(domain)
            note_access(scope, self._name, (), logged, count=result)
        return result

    @api.model
    @api.readonly
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        result = super().name_search(name, args, operator, limit)
        if (
            SCOPE_KEY in self.env.cr.cache
            or not user_request(self.env)
            or not self._rehab_domain_fields(args)
            or not _rpc_entry(self._name, "name_search")
        ):
            return result
        with access_scope(self.env, _request_channel("list"), "name_search") as scope:
            self._rehab_note(scope, [row[0] for row in result], (), domain=args)
        return result
