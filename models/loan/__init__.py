# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The loan (rehab.loan): one model in several files, one concern a file.

rehab_loan.py declares the model, its workflow, its terms and the constants
of the loan that other files import from here.
"""

from . import rehab_loan
from . import borrower
from . import decision_clock
from . import use_check
from . import programme_rules
from . import steps
from . import schedule
from . import ledger
from . import delinquency
from . import figures_as_of
from .rehab_loan import (
    BUCKETS,
    DELINQUENCY_FIELDS,
    LOAN_PURPOSES,
    OPEN_STATES,
    RUNNING_STATES,
    USE_FINDINGS,
)

__all__ = [
    "BUCKETS",
    "DELINQUENCY_FIELDS",
    "LOAN_PURPOSES",
    "OPEN_STATES",
    "RUNNING_STATES",
    "USE_FINDINGS",
]
