# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a message, a log line or a file name may show of personal data."""

import logging
import re

_DIGIT = re.compile(r"\d")
# Digits a masked citizen ID keeps, at its end.
KEPT_DIGITS = 4
# What stands for a hidden digit, in a message as in a masked field
# (rehab_masked_mixin).
MASK = "\u2022"


def mask_citizen_id(value):
    """A citizen ID as a message may name it: every digit but the last four
    hidden (``020090904512`` → ``••••••••4512``).

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
            masked.append(MASK)
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


# A full citizen ID in a text: twelve digits, no more.
_CITIZEN_ID_RUN = re.compile(r"(?<!\d)\d{12}(?!\d)")
# A failed query of the programme's tables (its statement and table).
_PROGRAMME_QUERY = re.compile(r"^\s*(\w+)\b.*?\b(rehab_\w+)", re.IGNORECASE | re.DOTALL)


def mask_citizen_ids(text):
    """``text`` with every full citizen ID in it masked."""
    return _CITIZEN_ID_RUN.sub(lambda match: mask_citizen_id(match.group()), text)


class CitizenIdLogFilter(logging.Filter):
    """The safety net of the server's log: a full citizen ID in a line (a
    refusal of another module, a database error of a request, a URL) or in
    its traceback is masked. A failed query of the programme's tables is
    logged without its values (Odoo logs it with all of them bound): its
    statement, its table and the database's error only."""

    def filter(self, record):
        try:
            message = logged = record.getMessage()
        except (TypeError, ValueError):
            return True
        if message.startswith("bad query:") and len(record.args or ()) == 2:
            query = record.args[0]
            if isinstance(query, bytes):
                query = query.decode(errors="replace")
            programme = _PROGRAMME_QUERY.match(str(query))
            if programme:
                # The database's error without its excerpt of the query
                # (LINE 1: …) and details (DETAIL: Key …=(values)).
                error = (str(record.args[1]).splitlines() or [""])[0]
                message = "bad query: %s %s… (values not logged)\nERROR: %s" % (
                    programme.group(1).upper(),
                    programme.group(2),
                    error,
                )
        if _CITIZEN_ID_RUN.search(message) or message != logged:
            record.msg, record.args = mask_citizen_ids(message), ()
        if record.exc_info and not record.exc_text:
            text = logging.Formatter().formatException(record.exc_info)
            if _CITIZEN_ID_RUN.search(text):
                record.exc_text = mask_citizen_ids(text)
        return True


# The loggers that may carry what a user typed or what the database held.
MASKED_LOGGERS = (
    "odoo.http",
    "odoo.sql_db",
    "odoo.api",
    "werkzeug",
    # Odoo's warnings on a domain's terms quote their values.
    "odoo.osv.expression",
)


def install_log_filter():
    """Once per process (a registry reloaded imports this module again)."""
    for name, filter_class in (
        ("odoo.api", ProgrammeCallFilter),
        *((name, CitizenIdLogFilter) for name in MASKED_LOGGERS),
    ):
        logger = logging.getLogger(name)
        if not any(type(f).__name__ == filter_class.__name__ for f in logger.filters):
            logger.addFilter(filter_class())


install_log_filter()
