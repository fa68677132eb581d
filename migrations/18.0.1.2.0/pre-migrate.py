# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.2.0: a lending rate carries the legal text it comes from (required).
The rates entered before get the text of their note, else the Decision's."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "ALTER TABLE rehab_interest_rate ADD COLUMN IF NOT EXISTS legal_number varchar"
    )
    cr.execute(
        "UPDATE rehab_interest_rate SET legal_number = "
        "COALESCE(NULLIF(TRIM(note), ''), '08/2026/QĐ-TTg') WHERE legal_number IS NULL"
    )
