# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The parts of the official documents, for the py3o ODT templates.

The templates (built by scripts/build_odt_templates.py) print ``paper``, the
parts of the record's document (rehab.document.mixin._official_document),
and the record's values through ``doc``, the record in the document's
language, with its formatting helpers (``doc._doc_amount`` …).
"""

from odoo.addons.report_py3o.models.py3o_report import py3o_report_extender

ODT_REPORTS = (
    "post_rehab_credit.action_report_monthly_list_odt",
    "post_rehab_credit.action_report_periodic_odt",
)


def official_parts(report_xml, context):
    """``doc`` and ``paper`` of the record printed (one record a file), and
    ``signer_pads``: the blank lines under each signer's title that put the
    notes and names of blocks side by side on one level."""
    doc = context["objects"]._for_document()
    paper = doc._official_document()
    context["doc"] = doc
    context["paper"] = paper
    titles = [
        1 + bool(signer.get("heading")) + bool(signer.get("authority"))
        for signer in paper["signers"]
    ]
    context["signer_pads"] = [max(titles) - count for count in titles]


for _xmlid in ODT_REPORTS:
    py3o_report_extender(_xmlid)(official_parts)
