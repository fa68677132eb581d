# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.2.0: the programme's configurable facts are dated rule versions
(rehab.rule.value). The values the settings had written as system parameters
become the first version of each rule, from the Decision's first day."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["rehab.rule.value"]._install_versions()
