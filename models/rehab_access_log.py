# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import format_date

from ..tools import rehab_rules
from ..tools.roles import ADMIN, PROVINCE

_logger = logging.getLogger(__name__)

CHANNELS = [
    ("form", "Form"),
    ("list", "List"),
    ("export", "Export"),
    ("report", "Printed document"),
    ("rpc", "RPC"),
    # One masked value shown in full on request (rehab_masked_mixin).
    ("reveal", "Full value revealed"),
]
# The records that stand for one person each: the day's count of people a
# user opened (the unusual-volume check).
PEOPLE_MODELS = ("rehab.person", "rehab.monthly.list.line")
# How many past days make a user's usual volume.
USUAL_DAYS = 30
# The to-do of the province officers on an unusual volume of access.
ACCESS_VOLUME = "post_rehab_credit.mail_activity_access_volume"


class RehabAccessLog(models.Model):
    """Who saw whose sensitive personal data, when and how.

    Law 91/2025/QH15 on personal data protection: a province shows its
    data-protection review who read the rehab history and the citizen IDs of
    the people on the programme. One entry per request (a list page of 80
    people is one entry), naming the records by id and the fields or the
    document by name, never a value read. Written by the server only
    (``_record``), never changed, never deleted, by anyone.
    """

    _name = "rehab.access.log"
    _description = "Access to sensitive personal data"
    # The province officer's to-dos on unusual volume hang on an entry.
    _inherit = [
        "rehab.mail.mixin",
        "mail.activity.mixin",
        "rehab.base.mixin",
    ]
    _order = "access_time desc, id desc"
    _rec_name = "access_time"

    user_id = fields.Many2one(
        "res.users",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    access_time = fields.Datetime(string="When", required=True, readonly=True)
    access_day = fields.Date(
        string="Day",
        required=True,
        readonly=True,
        index=True,
        help="The day in Viet Nam.",
    )
    company_id = fields.Many2one(
        "res.company", string="Agency", readonly=True, ondelete="set null"
    )
    province_id = fields.Many2one(
        "res.company",
        readonly=True,
        index=True,
        ondelete="set null",
    )
    res_model = fields.Char(string="Data", required=True, readonly=True)
    model_description = fields.Char(
        string="Kind of record", compute="_compute_field_labels"
    )
    res_ids = fields.Text(
        string="Record ids",
        readonly=True,
        help="The ids of the records seen, never their values.",
    )
    record_count = fields.Integer(string="Records", readonly=True)
    field_names = fields.Char(string="Technical field names", readonly=True)
    field_labels = fields.Char(
        string="Fields",
        compute="_compute_field_labels",
        help="The fields read or the columns exported, in the reader's language.",
    )
    document = fields.Char(readonly=True)
    channel = fields.Selection(CHANNELS, string="How", required=True, readonly=True)
    method = fields.Char(readonly=True)

    @api.depends("res_model", "field_names")
    @api.depends_context("lang")
    def _compute_field_labels(self):
        Model = self.env["ir.model"].sudo()
        for entry in self:
            entry.model_description = (
                Model._get(entry.res_model).name if entry.res_model else False
            )
            model = self.env.get(entry.res_model)
            names = [
                name.strip() for name in (entry.field_names or "").split(",") if name
            ]
            entry.field_labels = ", ".join(
                model._fields[name]._description_string(self.env)
                if model is not None and name in model._fields
                else name
                for name in names
            )

    def write(self, vals):
        if vals:
            raise UserError(_("The access log of sensitive data is never changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(_("The access log of sensitive data is never deleted."))

    # -- what the server writes ----------------------------------------------

    @api.model
    def _record(self, entries):
        """One entry per request and kind of record: ``entries`` is a list
        of dicts with res_model, ids, fields (names), document, channel,
        method. The user is the one of the environment, the time the
        server's. An entry naming no record is dropped, unless it says
        ``keep`` (a search by a masked value that found no one)."""
        entries = [
            entry
            for entry in entries
            if entry["ids"] or entry.get("count") or entry.get("keep")
        ]
        if not entries:
            return self.browse()
        now = rehab_rules.agency_now()
        day = self._rehab_date(now)
        uid = self.env.uid
        company_id = self.env.company.id
        # The row's own create/write dates, as the ORM sets them.
        written = self.env.cr.now()
        rows = [
            SQL(
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                uid,
                now,
                day,
                company_id,
                province.id or None,
                entry["res_model"],
                ",".join(map(str, ids)),
                len(ids) or entry.get("count", 0),
                ", ".join(sorted(entry.get("fields") or ())),
                entry.get("document") or None,
                entry["channel"],
                entry.get("method") or None,
                uid,
                written,
                uid,
                written,
            )
            for entry, province, ids in self._rehab_by_province(entries)
        ]
        # One INSERT for the request's entries, as Odoo's own server log
        # (ir.logging) is written: the entry is read with every list page of
        # people, and an ORM create (the chatter mixins' create, the cache)
        # cost more than the page. Nothing to compute, track or check: the
        # values are the server's, the model has no stored computed field.
        self.env.cr.execute(
            SQL(
                """INSERT INTO rehab_access_log
                       (user_id, access_time, access_day, company_id,
                        province_id, res_model, res_ids, record_count,
                        field_names, document, channel, method,
                        create_uid, create_date, write_uid, write_date)
                   VALUES %s RETURNING id""",
                SQL(", ").join(rows),
            )
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _rehab_by_province(self, entries):
        """Each entry split by the province of the records read (that
        province's officer reviews it), as (entry, province, sorted ids):
        one grouped query per kind of record. An entry naming no record (a
        grouped read) or records of no agency is filed under the reader's
        province. Read with each request that shows sensitive data: the
        reader's province alone, not the whole company record."""
        Company = self.env["res.company"].sudo()
        reader_province = (
            self.env.company.sudo().with_context(prefetch_fields=False).province_id
        )
        for entry in entries:
            ids = sorted(entry["ids"])
            Model = self.env.get(entry["res_model"])
            company_field = (
                Model._fields.get("company_id") if Model is not None else None
            )
            if not ids or not (company_field and company_field.store):
                yield entry, reader_province, ids
                continue
            Model.flush_model(["company_id"])
            Company.flush_model(["province_id"])
            self.env.cr.execute(
                SQL(
                    """SELECT agency.province_id, array_agg(record.id)
                         FROM %s record
                    LEFT JOIN res_company agency ON agency.id = record.company_id
                        WHERE record.id = ANY(%s::int[])
                     GROUP BY agency.province_id""",
                    Model._table_sql,
                    # The array's text: psycopg2 adapts a list one element
                    # at a time (0.13 s for an export of 50,000 people).
                    "{%s}" % ",".join(map(str, ids)),
                )
            )
            by_province = {}
            for province_id, agency_ids in self.env.cr.fetchall():
                province = Company.browse(province_id) or reader_province
                by_province.setdefault(province, set()).update(agency_ids)
            # Records gone since (or none): the reader's province.
            missing = set(ids).difference(*by_province.values())
            if missing:
                by_province.setdefault(reader_province, set()).update(missing)
            for province, province_ids in by_province.items():
                yield entry, province, sorted(province_ids)

    # -- unusual volume --------------------------------------------------------

    @api.model
    def _cron_check_volume(self):
        """Flag users who opened far more people yesterday than usual.

        Yesterday is the agency's day before today. A user's count is the
        number of records of people they saw that day (lists, forms,
        exports, prints); their usual is the average of their days with
        access over the 30 days before. A to-do for the province officers of
        the user's province names the user and the count, never the people.
        Idempotent: a day flagged once is not flagged again.
        """
        today = self._rehab_today()
        day = today - timedelta(days=1)
        Log = self.sudo()
        history, anchors = Log._volume_history(day)
        flagged = self._unusual_volumes(history, day, self._volume_params(history, day))
        if not flagged:
            return
        flagged_anchors = Log.browse([anchors[key[:2]].id for key in flagged])
        done = set(flagged_anchors.activity_search([ACCESS_VOLUME]).mapped("res_id"))
        officers = self._volume_officers()
        for user_id, province_id, count in flagged:
            anchor = anchors[user_id, province_id]
            if anchor.id in done:
                continue
            recipients = officers.filtered(
                lambda officer, province_id=province_id: (
                    province_id in officer.company_ids.province_id.ids
                )
            )
            user = self.env["res.users"].sudo().browse(user_id)
            anchor._schedule_volume_todos(recipients, user, count, day, today)

    @api.model
    def _volume_history(self, day):
        """Each user's count of people a day, by province, over the usual
        days up to ``day``: {(user id, province id): {day: count}}, and the
        day's last entry of each user, which carries the to-do."""
        self.flush_model()
        self.env.cr.execute(
            """
            SELECT user_id, province_id, access_day, SUM(record_count), MAX(id)
              FROM rehab_access_log
             WHERE access_day >= %s AND access_day <= %s
               AND res_model IN %s
          GROUP BY user_id, province_id, access_day
            """,
            (day - timedelta(days=USUAL_DAYS), day, PEOPLE_MODELS),
        )
        history = {}
        # The day's last entry of each user carries the to-do.
        anchors = {}
        for user_id, province_id, access_day, count, last_id in self.env.cr.fetchall():
            history.setdefault((user_id, province_id), {})[access_day] = count
            if access_day == day:
                anchors[user_id, province_id] = self.browse(last_id)
        return history, anchors

    @api.model
    def _volume_params(self, history, day):
        """The rules of unusual volume in force on ``day`` for each province
        of ``history`` (the province of the people read): {province id:
        params}. The versions are read once (cached); the provinces are
        browsed together (one query)."""
        provinces = (
            self.env["res.company"]
            .sudo()
            .browse(sorted({province_id for __, province_id in history if province_id}))
        )
        return {
            province.id: rehab_rules.params_from_env(
                self.env, day=day, province=province
            )
            for province in provinces
        }

    @api.model
    def _unusual_volumes(self, history, day, params_by_province):
        """(user id, province id, count) of the users whose count of ``day``
        is far above their usual, by the rules of the province
        (``params_by_province``: {province id: params})."""
        flagged = []
        for (user_id, province_id), days in history.items():
            count = days.get(day)
            if not count or not province_id:
                continue
            params = params_by_province[province_id]
            usual = [value for key, value in days.items() if key != day]
            if rehab_rules.unusual_volume(
                count,
                usual,
                params["access_volume_factor"],
                params["access_volume_minimum"],
            ):
                flagged.append((user_id, province_id, count))
        return flagged

    @api.model
    def _volume_officers(self):
        """The active internal province officers, administrators left out."""
        officer_group = self.env.ref(PROVINCE)
        admin_group = self.env.ref(ADMIN)
        return officer_group.sudo().users.filtered(
            lambda user: (
                user.active and not user.share and admin_group not in user.groups_id
            )
        )

    def _schedule_volume_todos(self, recipients, user, count, day, today):
        """A to-do on this entry for each of ``recipients``: ``user`` opened
        ``count`` records of people on ``day``."""
        for officer in recipients:
            # In the officer's language, with the date as they read it.
            env = self.with_context(lang=officer.lang).env
            values = {
                "user": user.name,
                "count": count,
                "day": format_date(env, day),
            }
            self.with_context(mail_activity_quick_update=True).activity_schedule(
                ACCESS_VOLUME,
                user_id=officer.id,
                date_deadline=today,
                summary=env._(
                    "%(user)s opened %(count)s records of people on %(day)s",
                    **values,
                ),
                note=env._(
                    "%(user)s opened %(count)s records of people after rehab "
                    "on %(day)s, far more than their usual. Check in the "
                    "access log that each access was needed for their work.",
                    **values,
                ),
            )
