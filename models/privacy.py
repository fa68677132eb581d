# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a message, a log line or a file name may show of personal data."""

import logging
import re

_DIGIT = re.compile(r"\d")
# Digits a masked citizen ID keeps, at its end.
KEPT_DIGITS = 4


def mask_citizen_id(value):
    """A citizen ID as a message may name it: every digit but the last four
    hidden (``020090904512`` → ``********4512``).

    A user error is written to the server's log with its text (Odoo logs
    every UserError of a request): a message never carries a full ID. A
    value with four digits or fewer (a mistyped ID) is shown as typed.
    """
    if not isinstance(value, str):
        return value
    hidden = len(_DIGIT.findall(value)) - KEPT_DIGITS
    if hidden <= 0:
        return value
    masked = []
    for char in value:
        if hidden > 0 and char.isdigit():
            masked.append("*")
            hidden -= 1
        else:
            masked.append(char)
    return "".join(masked)


class ProgrammeCallFilter(logging.Filter):
    """Odoo logs, at DEBUG level (``odoo.api``), every method a client calls
    with its arguments: the values a user saves on a person (rehab history,
    citizen IDs), the domain of a search by ID. For the programme's models
    the call is logged without them; what was called, on which records,
    stays in the log."""

    def filter(self, record):
        args = record.args
        if (
            isinstance(args, tuple)
            and len(args) == 3
            and str(getattr(args[0], "_name", "")).startswith("rehab.")
        ):
            record.args = (args[0], args[1], "…")
        return True


def install_log_filter():
    """Once per process (a registry reloaded imports this module again)."""
    logger = logging.getLogger("odoo.api")
    if not any(type(f).__name__ == "ProgrammeCallFilter" for f in logger.filters):
        logger.addFilter(ProgrammeCallFilter())


install_log_filter()
