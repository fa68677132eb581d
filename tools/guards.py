# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The guards every step and entry of the programme shares, written once.

Each takes the environment (for the agency's day and the caller's language)
and raises the refusal a person reads, in one wording: a model names what it
checks (its labels), not how to say no.
"""

from odoo.exceptions import UserError, ValidationError

from . import rehab_rules


def agency_today(env):
    """Today in the agency's time zone, whatever the client's ``tz``."""
    return rehab_rules.agency_date(
        rehab_rules.agency_now(), env.company.sudo()._rehab_tz()
    )


def check_entry_date(
    env,
    day,
    label,
    earliest=None,
    earliest_label=None,
    *,
    future=None,
    before=None,
):
    """An entry is dated by the agency's today at the latest, and not before
    the step it rests on.

    ``label`` names the entry as the subject of the refusal (``_("A
    repayment")``: «A repayment cannot be dated in the future.»);
    ``earliest`` the first day allowed (None: no bound) and ``earliest_label``
    what it is (``_("the disbursement")``: «… cannot be dated before the
    disbursement.»). A record whose refusals have long read otherwise (users
    and tests know them) passes them whole as ``future`` and ``before``.
    A day not given counts as in the future.
    """
    if not day or day > agency_today(env):
        raise ValidationError(
            future or env._("%(entry)s cannot be dated in the future.", entry=label)
        )
    if earliest and day < earliest:
        raise ValidationError(
            before
            or env._(
                "%(entry)s cannot be dated before %(earliest)s.",
                entry=label,
                earliest=earliest_label,
            )
        )


def required_reason(env, reason, what, *, message=None):
    """The reason given for a step, stripped; refused when empty.

    ``what`` names the step as «Give the reason for <what>.» reads it
    (``_("returning the list")``); ``message`` replaces the refusal where it
    has long read otherwise.
    """
    reason = (reason or "").strip()
    if not reason:
        raise UserError(message or env._("Give the reason for %s.", what))
    return reason
