# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0: the instalments an extension moved are lines of the extension
(rehab.loan.extension.line). The extensions recorded before get theirs once,
from the text they wrote («2: 01/08/2026 → 01/11/2026», one a line)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["rehab.loan.extension"]._fill_lines_from_detail()
