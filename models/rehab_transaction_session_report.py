# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The transaction session's report and its printed document."""

from odoo import _, models


class RehabTransactionSession(models.Model):
    _inherit = "rehab.transaction.session"

    # The session report

    def _report_figures(self):
        """Per group, per purpose and in total: what the session posted.

        From the repayments the session posted (what each paid to overdue
        interest, interest and principal); a repayment reversed since is
        counted, and its amount shown apart.
        """
        self.ensure_one()
        purposes = dict(
            self.env["rehab.loan"]._fields["purpose"]._description_selection(self.env)
        )
        blank = {
            "borrowers": 0,
            "overdue_interest": 0,
            "interest": 0,
            "principal": 0,
            "amount": 0,
            "reversed": 0,
        }
        groups, by_purpose, total = [], {}, dict(blank, cash=0)
        for sheet in self.sheet_ids.sorted(lambda s: s.savings_group_id.name):
            row = dict(
                blank,
                name=sheet.savings_group_id.name,
                organisation=sheet.organisation_label(),
                state=sheet.state,
                cash=sheet.cash_counted if sheet.state == "posted" else 0,
            )
            for line in sheet.line_ids.filtered("repayment_id"):
                repayment = line.repayment_id
                purpose = by_purpose.setdefault(
                    line.purpose, dict(blank, name=purposes.get(line.purpose, ""))
                )
                for target in (row, purpose, total):
                    target["borrowers"] += 1
                    target["overdue_interest"] += repayment.overdue_interest
                    target["interest"] += repayment.interest
                    target["principal"] += repayment.principal
                    target["amount"] += repayment.amount
                    if repayment.is_reversed:
                        target["reversed"] += repayment.amount
            total["cash"] += row["cash"]
            groups.append(row)
        return {
            "groups": groups,
            "purposes": [by_purpose[key] for key in sorted(by_purpose)],
            "total": total,
        }

    # Printed document

    def _official_document(self):
        """The team's report of the session to its transaction office."""
        self.ensure_one()
        office = self.vbsp_office_id.sudo()
        heading = self._doc_heading(office)
        return {
            "parent": heading["parent"],
            "issuer": heading["issuer"],
            "number": False,
            "place_date": self._doc_place_date(heading["place"], self.date),
            "kind": _("REPORT"),
            "summary": _(
                "The transaction session of %(day)s at %(place)s",
                day=self._doc_date(self.date),
                place=self.place or "",
            ),
            "addressees": [],
            "draft": self.state != "closed",
            "signers": [
                {
                    "heading": _("CONTROLLER"),
                    "authority": "",
                    "title": "",
                    "name": self.controller_id.sudo().name or "",
                },
                {
                    "heading": _("TRANSACTION TEAM LEADER"),
                    "authority": "",
                    "title": "",
                    "name": self.leader_id.sudo().name or "",
                },
            ],
            "recipients": [
                _("The director of the transaction office;"),
                _("Filed: office records."),
            ],
        }
