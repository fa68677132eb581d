# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Masked by default: citizen IDs, phones and addresses.

Law 91/2025/QH15 on personal data protection: a role that does not need a
person's citizen ID, phone or address in full reads it masked (the last four
digits of an ID or a phone, nothing of an address). The server is the gate:
the real field carries ``groups=`` (the roles that read it in full), so that
``read``, ``search_read``, ``web_read``, ``export_data``, ``read_group`` and
domains on it are refused to the others; everybody reads the ``<field>_masked``
twin, computed from the real value through sudo. A role allowed to reveal
calls ``action_rehab_reveal``: the server checks the role and the record,
writes an access-log entry (channel "reveal", the record's id and the field,
never the value) and gives the value back to the client in a transient
notification (not in a URL, not in the chatter).

Who sees what (``groups=`` of the real fields, the reveal groups of
``_rehab_masked``):

=================  ======================  ==========================  ==========
record / field     in full                 masked, may reveal          masked only
=================  ======================  ==========================  ==========
person: citizen    commune police          chairman, province officer, commune
ID, household                              VBSP officer                officer
rep's citizen ID
person: phone,     commune police          chairman, province officer, (none)
address                                    VBSP officer, commune
                                           officer
list line:         commune police,         province officer            commune
citizen ID         chairman, VBSP officer                              officer
list line:         commune police,         province officer, commune   (none)
address            chairman, VBSP officer  officer
loan: household    commune police,         chairman, province officer  savings
rep's citizen ID   VBSP officer                                        group,
                                                                       commune
                                                                       officer,
                                                                       department
=================  ======================  ==========================  ==========

The commune police keep the registry: always in full. The monthly list is
the document the police draw up, the chairman confirms person by person and
the bank (VBSP) receives and lends from; its printed form, and the referral
slip the bank checks against the person's card, carry the full ID for these
parties, the masked one for others (``_rehab_doc``). The programme
administrator holds every role (the commune police's included) and reads in
full. The province officer (province police) supervises: masked, may
reveal. The commune officers inform and counsel people: they may reveal a
phone or an address, never an ID. Departments and savings groups have no
access to people; the loans they read show the representative's ID masked.
"""

from typing import NamedTuple

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import rehab_rules
from ..tools.privacy import MASK
from ..tools.roles import CHAIRMAN, POLICE, VBSP
from .rehab_access_logged_mixin import (
    _request_channel,
    access_scope,
    note_access,
    user_request,
)

# The ``groups=`` of the real fields: who reads them in full.
PERSON_FULL = POLICE
LIST_FULL = ",".join((POLICE, CHAIRMAN, VBSP))
LOAN_FULL = ",".join((POLICE, VBSP))

# How many searches by a whole citizen ID a user whose role reads the IDs
# masked makes an agency day (found or not); the system parameter below may
# set another number.
SEARCH_CAP = 30
SEARCH_CAP_PARAM = "post_rehab_credit.masked_search_cap"
# The key of a search's pending entry in the request's access scope.
SEARCH_KEY = "rehab.masked.search"


class Masked(NamedTuple):
    """A line of a model's ``_rehab_masked`` table: how the field is masked
    (kind "digits" or "text"), the groups that may reveal it, and the label,
    help and search of its ``<field>_masked`` twin."""

    kind: str
    reveal: str
    string: str
    help: str | None = None
    search: bool = False


def masked_fields(table, full):
    """The fields of a ``_rehab_masked`` table, for the class body of a model
    (``locals().update(masked_fields(_rehab_masked, FULL))``): each real
    field again with ``groups=full`` (who reads it in full), and its
    ``<field>_masked`` twin computed by ``_compute_rehab_masked``."""
    result = {}
    for fname in table:
        result[fname] = fields.Char(groups=full)
    for fname, masked in table.items():
        twin = {"string": masked.string, "compute": "_compute_rehab_masked"}
        if masked.search:
            twin["search"] = "_search_%s_masked" % fname
        if masked.help:
            twin["help"] = masked.help
        result["%s_masked" % fname] = fields.Char(**twin)
    return result


def mask_value(value, kind):
    """The value as a masked role reads it: the last four digits of an ID or
    a phone (``••••••••1234``), nothing of an address."""
    if not value:
        return False
    if kind == "text":
        return MASK * 8
    compact = "".join(value.split())
    if len(compact) <= 4:
        return MASK * 4
    return MASK * (len(compact) - 4) + compact[-4:]


class RehabMaskedMixin(models.AbstractModel):
    """Records with fields read masked by the roles that do not need them.

    A model lists them in ``_rehab_masked``: ``{field: Masked(kind, reveal
    groups, label of the twin)}``, kind "digits" or "text"; ``masked_fields``
    declares from it the real field with ``groups=`` and a ``<field>_masked``
    Char computed by ``_compute_rehab_masked``.
    """

    _name = "rehab.masked.mixin"
    _description = "Personal data masked by default"

    _rehab_masked = {}

    @api.depends(lambda self: list(self._rehab_masked))
    def _compute_rehab_masked(self):
        for record, real in zip(self, self.sudo(), strict=True):
            for fname, masked in self._rehab_masked.items():
                record["%s_masked" % fname] = mask_value(real[fname], masked.kind)

    # -- who sees what ---------------------------------------------------------

    def _rehab_sees_full(self, fname):
        """Whether the user reads ``fname`` in full (its ``groups=``)."""
        return self._fields[fname].is_accessible(self.sudo(False).env)

    def _rehab_may_reveal(self, fname):
        if fname not in self._rehab_masked:
            return False
        if self._rehab_sees_full(fname):
            return True
        return self.env.user.has_groups(self._rehab_masked[fname].reveal)

    def _rehab_doc(self, fname):
        """The value a printed document shows the user who prints it: in
        full to who reads it in full, masked to the others (read through
        sudo: documents are rendered for users who read the records)."""
        self.ensure_one()
        value = self.sudo()[fname]
        if fname in self._rehab_masked and not self.env.user.has_groups(
            self._fields[fname].groups
        ):
            return mask_value(value, self._rehab_masked[fname].kind) or ""
        return value or ""

    # -- reveal ----------------------------------------------------------------

    def action_rehab_reveal(self, fname=None):
        """Show one masked value in full to a role allowed to see it, and
        write that access to the log (the field and the id, not the value).
        The form's buttons pass the field in their ``args``; it has a default
        only for the view's check of buttons (none names no field)."""
        if len(self) != 1:
            raise UserError(_("Reveal the value of one record at a time."))
        if not isinstance(fname, str) or fname not in self._rehab_masked:
            raise UserError(_("This value cannot be revealed."))
        if not self._rehab_may_reveal(fname):
            raise AccessError(
                _(
                    "Your role does not need this value in full: it stays "
                    "masked for you."
                )
            )
        self.check_access("read")
        value = self.sudo()[fname]
        self.env["rehab.access.log"]._record(
            [
                {
                    "res_model": self._name,
                    "ids": [self.id],
                    "fields": [fname],
                    "channel": "reveal",
                    "method": "action_rehab_reveal",
                }
            ]
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self._fields[fname]._description_string(self.env),
                "message": value or _("Not recorded."),
                "type": "info",
                "sticky": False,
            },
        }

    # -- search by a masked value ---------------------------------------------

    def _search_citizen_id_masked(self, operator, value):
        return self._rehab_search_masked("citizen_id", operator, value)

    def _rehab_search_masked(self, fname, operator, value):
        """Search on the real field for the masked twin; logged as an access.

        A role that reads the field in full searches as it likes. The others
        find a person by one whole citizen ID only (read from the person's
        card), with "=" or "ilike": never by a part of it, nor by a list of
        guesses (the first six digits follow from the province, the gender
        and the year of birth, the mask shows the last four). A role that
        may not reveal the field may not search by it. Each search by an ID,
        found or not, is an entry of the access log (method "search"), and a
        user makes at most ``SEARCH_CAP`` of them an agency day. A text that
        is no citizen ID (a name typed in the search box) finds nothing.
        """
        if self._rehab_sees_full(fname):
            return self._rehab_search_full(fname, operator, value)
        if operator not in ("=", "ilike") or not isinstance(value, str):
            raise UserError(
                _(
                    "Search by a citizen ID with one whole 12-digit ID only, "
                    "not with a list nor a part of it."
                )
            )
        value = value.strip()
        if rehab_rules.citizen_id_errors(value):
            return [("id", "in", [])]
        if not self._rehab_may_reveal(fname):
            raise AccessError(
                _(
                    "Your role does not search people by citizen ID: ask the "
                    "commune police."
                )
            )
        if not user_request(self.env):
            return [("id", "in", self._rehab_search_exact(fname, value).ids)]
        return [("id", "in", self._rehab_search_logged(fname, value).ids)]

    def _rehab_search_exact(self, fname, value):
        """The records whose ``fname`` is ``value``, archived too, in sudo."""
        return self.sudo().with_context(active_test=False).search([(fname, "=", value)])

    def _rehab_search_logged(self, fname, value):
        """The search by one whole ID of a user's request, in the access log."""
        with access_scope(self.env, _request_channel("list"), "search") as scope:
            key = (SEARCH_KEY, self._name, fname, value)
            if key not in scope["entries"]:
                self._rehab_check_search_cap(scope)
            records = self._rehab_search_exact(fname, value)
            seen = records.with_env(self.env)._filtered_access("read")
            # One entry per ID searched, found or not ("keep"): the misses
            # are logged too, and the entries count the day's searches.
            entry = scope["entries"].setdefault(
                key,
                {
                    "res_model": self._name,
                    "ids": set(),
                    "fields": {fname},
                    "document": None,
                    "channel": scope["channel"],
                    "method": "search",
                    "count": 0,
                    "keep": True,
                },
            )
            entry["ids"].update(seen.ids)
        return records

    def _rehab_check_search_cap(self, scope):
        """Refuse a search by a masked value beyond the user's cap of the
        agency day: the searches logged today and those of this request."""
        Param = self.env["ir.config_parameter"].sudo()
        try:
            cap = int(Param.get_param(SEARCH_CAP_PARAM, SEARCH_CAP))
        except (TypeError, ValueError):
            cap = SEARCH_CAP
        pending = sum(1 for key in scope["entries"] if key[0] == SEARCH_KEY)
        done = (
            self.env["rehab.access.log"]
            .sudo()
            .search_count(
                [
                    ("user_id", "=", self.env.uid),
                    ("access_day", "=", self._rehab_today()),
                    ("method", "=", "search"),
                    ("channel", "!=", "reveal"),
                ]
            )
        )
        if done + pending >= cap:
            raise UserError(
                _(
                    "You have searched by a citizen ID %(count)s times today, "
                    "the most a role that reads the IDs masked may: ask the "
                    "commune police, or search again tomorrow.",
                    count=cap,
                )
            )

    def _rehab_search_full(self, fname, operator, value):
        """The search of a role that reads the field in full."""
        if operator not in ("=", "ilike", "=ilike", "like", "=like", "in"):
            raise UserError(_("Search this field by its whole value only."))
        values = value if operator == "in" else [value]
        values = [v.strip() for v in values if isinstance(v, str) and v.strip()]
        if operator == "in":
            domain = [(fname, "in", values)]
        else:
            domain = [(fname, operator, values[0] if values else "")]
        records = self.sudo().with_context(active_test=False).search(domain)
        if user_request(self.env):
            seen = records.with_env(self.env)._filtered_access("read")
            with access_scope(self.env, _request_channel("list"), "search") as scope:
                note_access(scope, self._name, seen.ids, [fname])
        return [("id", "in", records.ids)]
