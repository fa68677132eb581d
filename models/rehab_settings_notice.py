# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import unicodedata

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .rehab_person_notice import MAX_NOTICE_LENGTH
from .rehab_settings import PARAM_PREFIX

_logger = logging.getLogger(__name__)

NOTICE_PARAM = PARAM_PREFIX + "person_notice_text"


class RehabSettings(models.TransientModel):
    """The text a person is given about the processing of their data."""

    _inherit = "rehab.settings"

    rehab_person_notice_text = fields.Text(
        string="Notice on the processing of personal data",
        help="The text given to a person after rehab about the processing of "
        "their data (Law 91/2025/QH15): purpose, data kept, who receives it, "
        "how long it is kept, their rights and whom to contact. Empty: the "
        "programme's own text.",
    )

    @api.model
    def _default_person_notice_text(self):
        """The programme's own text, in Vietnamese where it is installed."""
        lang = self.env["rehab.document.mixin"]._document_lang()
        env = self.with_context(lang=lang).env
        return env._(
            "NOTICE ON THE PROCESSING OF PERSONAL DATA\n"
            "(Law No. 91/2025/QH15 on personal data protection)\n"
            "\n"
            "1. Purpose: your personal data are processed to consider and "
            "grant you credit under Decision No. 08/2026/QĐ-TTg on credit for "
            "people after drug rehabilitation: the monthly list of people "
            "eligible to borrow, the referral slip to the Vietnam Bank for "
            "Social Policies, the loan and its follow-up. They are used for "
            "no other purpose.\n"
            "2. Data kept: full name, date of birth, gender, ethnicity, "
            "citizen ID, residence, phone, household representative; the "
            "rehab route and the post-rehab management decision and your "
            "conduct record (sensitive personal data); loan need and "
            "vocational training; the monthly lists, referral slips and loans "
            "concerning you.\n"
            "3. Who receives them: the commune police and the commune "
            "People's Committee; the Vietnam Bank for Social Policies "
            "(transaction office and provincial branch) for your loan; the "
            "savings-and-loan group and its entrusted organisation for the "
            "loan only; the province police, standing agency of the "
            "programme. No name is made public under the programme's title; "
            "every access to your sensitive data is logged.\n"
            "4. Retention: while you may borrow under the programme (10 years "
            "from the management decision) and while a loan is owed; the "
            "record is then archived and the sensitive data erased after the "
            "period set by the province, keeping only what the loans and the "
            "confirmed lists must keep.\n"
            "5. Your rights: to be informed; to consent and to withdraw your "
            "consent; to access your data and receive an extract of them; to "
            "have them corrected; to ask for their deletion or the "
            "restriction of their processing where the law allows; to object; "
            "to complain and claim compensation. Withdrawing consent does not "
            "affect a loan already granted but ends the consideration of a "
            "new one.\n"
            "6. Contact: the commune police of your place of residence or the "
            "commune People's Committee."
        )

    @api.model
    def _person_notice_text(self):
        """The text in force: the province's own, else the programme's."""
        text = self.env["ir.config_parameter"].sudo().get_param(NOTICE_PARAM)
        return (text or "").strip() and text or self._default_person_notice_text()

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "rehab_person_notice_text" in fields_list:
            values["rehab_person_notice_text"] = self._person_notice_text()
        return values

    @api.constrains("rehab_person_notice_text")
    def _check_person_notice_text(self):
        for settings in self:
            if len(settings.rehab_person_notice_text or "") > MAX_NOTICE_LENGTH:
                raise ValidationError(
                    _(
                        "The notice text is longer than %(max)s characters.",
                        max=MAX_NOTICE_LENGTH,
                    )
                )

    def execute(self):
        """Save the notice text with the other settings; the programme's own
        text is not stored (it follows the releases)."""
        self.ensure_one()
        self._check_may_save()
        self._check_person_notice_text()
        text = unicodedata.normalize("NFC", (self.rehab_person_notice_text or ""))
        text = text.strip()
        if text == self._default_person_notice_text().strip():
            text = ""
        Param = self.env["ir.config_parameter"].sudo()
        changed = text != (Param.get_param(NOTICE_PARAM) or "")
        result = super().execute()
        if changed:
            Param.set_param(NOTICE_PARAM, text or False)
            if result["params"]["message"] == _("No setting was changed."):
                result["params"]["message"] = _("The programme settings are saved.")
            _logger.info(
                "Programme settings changed by user #%s: the personal data notice text",
                self.env.uid,
            )
        return result
