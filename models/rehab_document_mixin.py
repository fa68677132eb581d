# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models
from odoo.tools.misc import format_datetime, formatLang

from ..tools import document_rules

# The time zone of the programme's agencies, whoever prints.


class RehabDocumentMixin(models.AbstractModel):
    """A record printed as an official document (Decree 30/2020/NĐ-CP).

    Each printable model says what its document holds (``_official_document``);
    the QWeb layout ``post_rehab_credit.official_layout``, the ODT templates
    and the XLSX sheets all print those parts, in Vietnamese where the
    language is installed, whatever the language of the user printing.
    """

    _name = "rehab.document.mixin"
    _description = "Official document"

    def _document_lang(self):
        installed = dict(self.env["res.lang"].get_installed())
        return "vi_VN" if "vi_VN" in installed else self.env.lang or "en_US"

    def _document_tz(self):
        """The time zone of the agency issuing the document
        (``res.company._rehab_tz``): every printed time is the agency's,
        whatever the time zone of the reader."""
        company = (
            self.company_id[:1]
            if "company_id" in self._fields and self.company_id
            else self.env.company
        ).sudo()
        return company._rehab_tz()

    def _for_document(self):
        """These records in the language and the time zone their documents
        are printed in."""
        return self.with_context(lang=self._document_lang(), tz=self._document_tz())

    def _official_document(self):
        """The parts of this record's document, a dict of plain values:

        ``parent`` and ``issuer`` (the issuing body under its governing body),
        ``number``, ``place_date``, ``kind`` and ``summary``, ``addressees``
        («Kính gửi»), ``draft`` (not yet confirmed: marked «DỰ THẢO»),
        ``signers`` (dicts of ``authority``, ``title``, ``name``; one on the
        right, or two side by side) and ``recipients`` («Nơi nhận»).
        """
        raise NotImplementedError()

    # The parts, for the models' documents.

    def _doc_heading(self, company, police=False):
        """Issuing body, governing body and place of an agency's documents.

        ``police``: the commune police of the commune ``company``, whose
        governing body is its province's police.
        """
        company = company.sudo()
        if police:
            province_police = (
                self.env["res.company"]
                .sudo()
                .search(
                    [
                        ("agency_type", "=", "province_police"),
                        ("province_id", "=", company.province_id.id),
                    ],
                    limit=1,
                )
            )
            return {
                "parent": province_police.document_name or company.document_name,
                "issuer": company.police_document_name or company.document_name,
                "place": company.document_place or "",
            }
        return {
            "parent": company.document_parent_name or "",
            "issuer": company.document_name or company.name,
            "place": company.document_place or "",
        }

    def _doc_parts_for(
        self,
        company,
        kind,
        summary,
        day,
        *,
        signer_user=None,
        draft=False,
        recipients=None,
        preparer=None,
    ):
        """The parts of a document of ``company`` that no single record holds:
        a register printed from a selection of records (the loan portfolio,
        the overdue register, the debt classification).

        ``day``: the date of the document; ``signer_user``: the head who signs
        for the agency (its title from the agency); ``preparer``: the user who
        drew the sheet up, signing on the left.
        """
        heading = self._doc_heading(company)
        signers = []
        if preparer:
            signers.append(
                {
                    "heading": _("PREPARED BY"),
                    "authority": "",
                    "title": "",
                    "name": preparer.sudo().name,
                }
            )
        signers.append(self._doc_signer(company, signer_user))
        return {
            "parent": heading["parent"],
            "issuer": heading["issuer"],
            "number": False,
            "place_date": self._doc_place_date(heading["place"], day),
            "kind": kind,
            "summary": summary,
            "addressees": [],
            "draft": draft,
            "signers": signers,
            "recipients": (
                recipients if recipients is not None else [_("Filed: office records.")]
            ),
        }

    def _doc_signer(self, company, user=None, police=False):
        company = company.sudo()
        if police:
            return {
                "authority": "",
                "title": company.police_signer_title or "",
                "name": user.sudo().name if user else "",
            }
        return {
            "authority": company.signer_authority or "",
            "title": company.signer_title or "",
            "name": user.sudo().name if user else "",
        }

    def _doc_heading_lines(self, name):
        return document_rules.heading_lines(name)

    def _doc_place_date(self, place, day):
        """«Châu Sơn, ngày 05 tháng 02 năm 2026»; blanks where not dated yet."""
        parts = document_rules.date_parts(day) or {
            "day": "…",
            "month": "…",
            "year": "…",
        }
        return _(
            "%(place)s, day %(day)s month %(month)s year %(year)s",
            place=place or "…",
            **parts,
        )

    def _doc_amount(self, amount):
        """«1.234.567 đồng», in the document's language."""
        return _("%s dong", formatLang(self.env, amount or 0, digits=0))

    def _doc_number(self, value, digits=0):
        return formatLang(self.env, value or 0, digits=digits)

    def _doc_percent(self, value, digits=1):
        """«80,0 %»."""
        return "%s %%" % formatLang(self.env, value or 0, digits=digits)

    def _doc_selection(self, record, field_name):
        """The label of a selection field, in the document's language."""
        field = record._fields[field_name]
        return dict(field._description_selection(self.env)).get(record[field_name], "")

    def _doc_datetime(self, moment):
        """«05/02/2026 14:30:00», in the agency's time zone."""
        if not moment:
            return ""
        return format_datetime(self.env, moment, tz=self._document_tz())

    def _doc_date(self, day, date_format="dd/MM/yyyy"):
        """dd/mm/yyyy, the date of an official document whatever its
        language (``date_format``: «MM/yyyy» for a month)."""
        return self._rehab_format_date(day, date_format)
