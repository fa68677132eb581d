# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .rehab_person_notice import NOTICE_GROUPS

# The records whose access-log entries concern a person: their own record
# and their lines on the monthly lists, and the documents that name them
# (the lists they were on, their referral slips, their loans).
EXTRACT_LOG_MODELS = (
    "rehab.person",
    "rehab.monthly.list.line",
    "rehab.monthly.list",
    "rehab.referral.slip",
    "rehab.loan",
)
# The most access-log entries an extract lists (the latest).
EXTRACT_LOG_LIMIT = 1000


class RehabPerson(models.Model):
    """The person's rights (Law 91/2025/QH15): the notices they were given and
    the extract of everything held on them, printed at their request."""

    _name = "rehab.person"
    _inherit = ["rehab.person", "rehab.document.mixin"]

    notice_ids = fields.One2many(
        "rehab.person.notice",
        "person_id",
        string="Personal data notices",
        groups=NOTICE_GROUPS,
    )
    notice_count = fields.Integer(
        string="Notices", compute="_compute_notice_count", groups=NOTICE_GROUPS
    )

    @api.depends("notice_ids")
    def _compute_notice_count(self):
        for person in self:
            person.notice_count = len(person.notice_ids)

    def _referencing_fields(self):
        return super()._referencing_fields() + [("rehab.person.notice", "person_id")]

    # -- who may ----------------------------------------------------------------

    def _check_may_print_extract(self):
        """The extract holds the rehab history: the commune police and the
        province officer print it, for the people they may read."""
        if not self.env.su and not any(
            self.env.user.has_group(group) for group in NOTICE_GROUPS.split(",")
        ):
            raise AccessError(
                _(
                    "Only the commune police and the province officer may print "
                    "the extract of a person's data."
                )
            )
        self.check_access("read")

    def action_print_extract(self):
        self._check_may_print_extract()
        return self.env.ref(
            "post_rehab_credit.action_report_person_extract"
        ).report_action(self)

    def action_record_notice(self):
        """A new entry of the notices, for the commune police."""
        self.ensure_one()
        self.env["rehab.person.notice"].check_access("create")
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "res_model": "rehab.person.notice",
            "view_mode": "form",
            "target": "new",
            "context": {"default_person_id": self.id},
        }

    # -- the extract ------------------------------------------------------------

    def _rehab_extract_file_name(self):
        """A reference and the day: neither the name nor the citizen ID."""
        return "Trich_xuat_du_lieu_%s_%s" % (
            self.id,
            self._rehab_today().strftime("%Y_%m_%d"),
        )

    def _official_document(self):
        """Issued by the commune police of the person's commune, to the person."""
        self.ensure_one()
        commune = self.company_id.sudo()
        heading = self._doc_heading(commune, police=True)
        return {
            "parent": heading["parent"],
            "issuer": heading["issuer"],
            "number": False,
            "place_date": self._doc_place_date(heading["place"], self._rehab_today()),
            "kind": _("EXTRACT OF PERSONAL DATA"),
            "summary": _(
                "Data held on a person under the credit programme for people "
                "after drug rehabilitation (Law 91/2025/QH15)"
            ),
            "addressees": [self.sudo().name],
            "draft": False,
            "signers": [self._doc_signer(commune, police=True)],
            "recipients": [_("The person concerned;"), _("Filed: office records.")],
        }

    def _rehab_extract_access(self):
        """The access-log entries about this person, the latest first."""
        self.ensure_one()
        person = self.sudo()
        ids_by_model = {
            "rehab.person": person.ids,
            "rehab.monthly.list.line": person.list_line_ids.ids,
            "rehab.monthly.list": person.list_line_ids.filtered(
                lambda line: not line.excluded
            ).list_id.ids,
            "rehab.referral.slip": person.list_line_ids.slip_ids.ids,
            "rehab.loan": self.env["rehab.loan"]
            .sudo()
            .with_context(active_test=False)
            .search([("person_id", "=", self.id)])
            .ids,
        }
        Log = self.env["rehab.access.log"].sudo()
        Log.flush_model()
        conditions, params = [], []
        for model in EXTRACT_LOG_MODELS:
            if ids_by_model[model]:
                conditions.append(
                    "(res_model = %s AND string_to_array(res_ids, ',')::int[] && %s)"
                )
                params += [model, ids_by_model[model]]
        # Each condition is one of the fixed strings above; the values are
        # passed as parameters.
        query = (
            "SELECT id FROM rehab_access_log WHERE res_ids <> '' AND ("  # noqa: S608
            + " OR ".join(conditions)
            + ") ORDER BY access_time DESC, id DESC LIMIT %s"
        )
        self.env.cr.execute(query, params + [EXTRACT_LOG_LIMIT])
        return Log.browse([row[0] for row in self.env.cr.fetchall()])

    def _rehab_extract(self):
        """What the extract prints, read through the server: the caller
        checked the reader's right to the person (_check_may_print_extract)."""
        self.ensure_one()
        person = self.sudo()
        lines = person.list_line_ids.sorted(lambda line: (line.month_date, line.id))
        loans = (
            self.env["rehab.loan"]
            .sudo()
            .with_context(active_test=False)
            .search([("person_id", "=", self.id)], order="application_date, id")
        )
        access = self._rehab_extract_access()
        # The access log names a document in English: in the extract's language.
        reports = (
            self.env["ir.actions.report"]
            .sudo()
            .search([("model", "in", EXTRACT_LOG_MODELS)])
        )
        documents = {
            report.with_context(lang="en_US").name: report.name for report in reports
        }
        return {
            "person": person,
            "conduct": person.conduct_ids.sorted(lambda e: (e.date, e.id)),
            "notices": person.notice_ids.sorted(lambda e: (e.date, e.id)),
            "lines": lines,
            "slips": lines.slip_ids.sorted("id"),
            "loans": loans,
            "access": access,
            "documents": documents,
            "access_limited": len(access) >= EXTRACT_LOG_LIMIT,
        }
