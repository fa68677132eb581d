# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import unicodedata

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

from ..tools.guards import check_entry_date
from ..tools.roles import POLICE, PROVINCE

# The roles that record the person's rights (the commune police) and read
# them (the province officer); the programme administrator has both.
NOTICE_GROUPS = ",".join((POLICE, PROVINCE))
NOTICE_KINDS = [
    ("notice", "Told of the processing of their data"),
    ("extract_requested", "Extract of their data requested"),
    ("extract_delivered", "Extract of their data delivered"),
]
NOTICE_CHANNELS = [
    ("in_person", "In person"),
    ("letter", "Letter"),
    ("meeting", "Meeting"),
    ("other", "Other"),
]
# The longest notice text kept (a page or two of a letter).
MAX_NOTICE_LENGTH = 20000


class RehabPersonNotice(models.Model):
    """When and how a person was told about the processing of their data.

    Law 91/2025/QH15 on personal data protection: the person is told the
    purpose, the data kept, who receives it, how long it is kept and their
    rights. An entry keeps the text the person was given and whether they
    signed it; requests for an extract of their data and its delivery are
    recorded the same way. Recorded by the commune police, read by the
    province officer; never changed nor deleted once recorded: a correction
    is a new entry.
    """

    _name = "rehab.person.notice"
    _inherit = ["rehab.base.mixin"]
    _description = "Personal data notice to a person after rehab"
    _order = "date desc, id desc"
    _rec_name = "date"

    person_id = fields.Many2one(
        "rehab.person",
        required=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        related="person_id.company_id", string="Commune", store=True, index=True
    )
    kind = fields.Selection(
        NOTICE_KINDS, string="What", required=True, default="notice"
    )
    date = fields.Date(required=True, default=lambda self: self._rehab_today())
    channel = fields.Selection(
        NOTICE_CHANNELS, string="Means", required=True, default="in_person"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Recorded by",
        readonly=True,
        ondelete="restrict",
        help="The user who recorded the entry, set by the server.",
    )
    notice_text = fields.Text(
        string="Notice text",
        default=lambda self: self._default_notice_text(),
        help="The text the person was given, as it was given.",
    )
    acknowledged = fields.Boolean(
        string="Signed by the person",
        help="The person signed that they received the notice.",
    )
    note = fields.Char()
    corrected_id = fields.Many2one(
        "rehab.person.notice",
        string="Corrects",
        ondelete="restrict",
        help="An earlier entry of the same person this one corrects.",
    )

    @api.model
    def _default_notice_text(self):
        return self.env["rehab.settings"]._person_notice_text()

    @api.onchange("kind")
    def _onchange_kind(self):
        if self.kind == "notice":
            self.notice_text = self.notice_text or self._default_notice_text()
        else:
            self.notice_text = False

    @api.depends("date", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for entry in self:
            entry.display_name = "%s, %s" % (
                kinds.get(entry.kind, ""),
                format_date(self.env, entry.date) if entry.date else "",
            )

    # -- checks -----------------------------------------------------------------

    @api.constrains("date", "person_id")
    def _check_date(self):
        for entry in self.sudo():
            registered = self._rehab_date(entry.person_id.create_date or None)
            check_entry_date(
                self.env,
                entry.date,
                _("A notice to a person"),
                registered,
                _(
                    "the day their record was made (%s)",
                    format_date(self.env, registered),
                ),
            )

    @api.constrains("kind", "notice_text")
    def _check_notice_text(self):
        for entry in self:
            text = (entry.notice_text or "").strip()
            if entry.kind == "notice" and not text:
                raise ValidationError(_("Give the text the person was told."))
            if len(text) > MAX_NOTICE_LENGTH:
                raise ValidationError(
                    _(
                        "The notice text is longer than %(max)s characters.",
                        max=MAX_NOTICE_LENGTH,
                    )
                )

    @api.constrains("corrected_id", "person_id")
    def _check_corrected(self):
        for entry in self:
            if entry.corrected_id and (
                entry.corrected_id.person_id != entry.person_id
                or entry.corrected_id.id >= entry.id
            ):
                raise ValidationError(
                    _("An entry corrects an earlier entry of the same person.")
                )

    # -- append-only ----------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # Who recorded it is the server's to say.
            vals["user_id"] = self.env.user.id
            if isinstance(vals.get("notice_text"), str):
                vals["notice_text"] = unicodedata.normalize("NFC", vals["notice_text"])
        entries = super().create(vals_list)
        entries._note_on_person()
        return entries

    def write(self, vals):
        if vals:
            raise UserError(
                _(
                    "A notice recorded is never changed; record a new entry "
                    "that corrects it."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(_("A notice recorded is never deleted."))

    def _note_on_person(self):
        """A note in the person's chatter: what was recorded and when, never
        the text nor any value of the person's file."""
        for entry in self:
            person = entry.person_id.sudo()
            env = person.env
            kinds = dict(self._fields["kind"]._description_selection(env))
            channels = dict(self._fields["channel"]._description_selection(env))
            person.message_post(
                body=env._(
                    "Personal data: %(what)s on %(day)s (%(how)s).",
                    what=kinds[entry.kind],
                    day=format_date(env, entry.date),
                    how=channels[entry.channel],
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
