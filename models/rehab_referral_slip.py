# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import binascii
import hashlib
import hmac
import io
from datetime import timedelta

import qrcode

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import consteq
from odoo.tools.misc import hmac as odoo_hmac
from odoo.tools.translate import LazyTranslate

from ..tools import locks, rehab_rules
from ..tools.batching import PROVINCE_PATH, batch_records, dispatch
from ..tools.guards import required_reason
from ..tools.roles import CHAIRMAN, POLICE, VBSP
from .rehab_monthly_list_line import ISSUABLE_LIST_STATES
from .rehab_person import PURPOSES, SENSITIVE_GROUPS
from .rehab_workflow_mixin import Transition

_lt = LazyTranslate(__name__)
# The scope of the slip's signature, keyed on the database's own secret.
TOKEN_SCOPE = "post_rehab_credit.slip"
# The secret of the slips printed before the scope above: while it is kept,
# their QR codes still verify; deleting it revokes every one of them at once.
LEGACY_SECRET_PARAM = "post_rehab_credit.slip_secret"


class RehabReferralSlip(models.Model):
    _name = "rehab.referral.slip"
    _description = "Referral slip to the VBSP transaction office"
    # The workflow first: it sees every write and post before mail does.
    _inherit = [
        "rehab.workflow.mixin",
        "rehab.mail.mixin",
        "rehab.document.mixin",
        "rehab.access.logged.mixin",
        "rehab.base.mixin",
    ]
    # Read by a user: written to the access log (why a slip was revoked).
    _rehab_logged_fields = ("revoke_reason",)
    _order = "issue_date desc, id desc"
    _check_company_auto = True
    # Issued from a list line (its step «Issue slip»), never edited by hand.
    _workflow = {
        "use": Transition(
            sources=("valid",),
            target="used",
            groups=(VBSP,),
            label=_lt("Make the loan application"),
        ),
        "revoke": Transition(
            sources=("valid",),
            target="revoked",
            groups=(POLICE, CHAIRMAN),
            label=_lt("Revoke"),
        ),
        "expire": Transition(
            sources=("valid",), target="expired", groups=(), label=_lt("Expire")
        ),
    }

    name = fields.Char(string="Number", readonly=True, copy=False, index=True)
    line_id = fields.Many2one(
        "rehab.monthly.list.line",
        string="List line",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    list_id = fields.Many2one(related="line_id.list_id", store=True, index=True)
    person_id = fields.Many2one(related="line_id.person_id", store=True, index=True)
    company_id = fields.Many2one(
        related="line_id.company_id", store=True, index=True, string="Commune"
    )
    vbsp_office_id = fields.Many2one(related="list_id.vbsp_office_id", store=True)
    issue_date = fields.Date(
        required=True, default=lambda self: self._rehab_today(), readonly=True
    )
    expiry_date = fields.Date(string="Valid until", readonly=True)
    purpose = fields.Selection(PURPOSES, string="Loan purpose", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(string="Amount sought", readonly=True)
    state = fields.Selection(
        [
            ("valid", "Valid"),
            ("used", "Used"),
            ("revoked", "Revoked"),
            ("expired", "Expired"),
        ],
        default="valid",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    used_date = fields.Date(readonly=True)
    revoke_reason = fields.Char(readonly=True, groups=SENSITIVE_GROUPS)
    verification_url = fields.Char(compute="_compute_verification")
    qr_image = fields.Binary(compute="_compute_verification", string="QR code")

    _sql_constraints = [
        ("name_uniq", "unique(name)", "The number of a slip is unique."),
    ]

    # Numbering and checks

    @api.model
    def _sequence_for(self, commune):
        """One sequence per commune, numbered anew each year."""
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search(
            [("code", "=", self._name), ("company_id", "=", commune.id)], limit=1
        )
        if not sequence:
            sequence = Sequence.create(
                {
                    "name": _("Referral slips of %s", commune.name),
                    "code": self._name,
                    "company_id": commune.id,
                    "prefix": "%s/%%(range_year)s/PGT-"
                    % (commune.admin_code or commune.id),
                    "padding": 5,
                    "use_date_range": True,
                    "implementation": "no_gap",
                }
            )
        return sequence

    @api.model
    def _issue(self, line):
        """The slip of a list line, numbered in its commune's sequence.

        Called by the line's step «Issue slip», which checked the caller's
        role, access and the list's state and locked the line. The commune is
        locked too: two first slips of a commune's year at once would each make
        the year's numbering otherwise.
        """
        locks.lock_rows(self.env.cr, "res_company", line.company_id.ids)
        return self.sudo().create({"line_id": line.id}).with_env(self.env)

    @api.model_create_multi
    def create(self, vals_list):
        self._rehab_check_vals_list(vals_list)
        self._workflow_check_create(vals_list)
        Line = self.env["rehab.monthly.list.line"]
        for vals in vals_list:
            line = Line.browse(vals["line_id"])
            self._check_issuable(line)
            issue_date = fields.Date.to_date(
                vals.get("issue_date") or self._rehab_today()
            )
            # Valid for the days of the rule in force on the issue day in
            # the commune's province (read from the cached versions).
            validity = timedelta(
                days=rehab_rules.params_from_env(
                    self.env,
                    day=issue_date,
                    province=line.sudo().company_id or None,
                )["slip_validity_days"]
            )
            vals.update(
                {
                    "issue_date": issue_date,
                    "expiry_date": issue_date + validity,
                    "purpose": line.purpose,
                    "amount": line.amount_needed,
                    "name": self._sequence_for(line.company_id).next_by_id(
                        sequence_date=issue_date
                    ),
                }
            )
        return super().create(vals_list)

    @api.model
    def _check_issuable(self, line):
        if line.list_id.state not in ISSUABLE_LIST_STATES:
            raise UserError(_("A slip is issued only from a confirmed list."))
        if line.excluded:
            raise UserError(
                _("%s was left out of the list: no slip.", line.person_name)
            )
        if not line.was_eligible:
            raise UserError(
                _("%s was not eligible when the list was confirmed.", line.person_name)
            )
        if line.slip_id:
            raise UserError(_("%s already has a valid or used slip.", line.person_name))
        # Listed apart on the list, or unable to borrow since: no new slip.
        block = line.no_new_loan or line._no_new_loan_now()
        if block:
            reasons = dict(line._fields["no_new_loan"]._description_selection(self.env))
            raise UserError(
                _(
                    "%(name)s cannot take a new loan of the programme (%(why)s): "
                    "no referral slip.",
                    name=line.person_name,
                    why=reasons[block],
                )
            )

    # Token and QR code

    def _signature(self):
        """The slip's signature: Odoo's HMAC on the database secret."""
        self.ensure_one()
        message = "%s:%s" % (self.id, self.name)
        return odoo_hmac(self.env(su=True), TOKEN_SCOPE, message)[:32]

    def _legacy_signature(self):
        """The signature of the slips printed before, or None once their
        secret is gone."""
        self.ensure_one()
        params = self.env["ir.config_parameter"].sudo()
        secret = params.get_param(LEGACY_SECRET_PARAM)
        if not secret:
            return None
        message = ("%s:%s" % (self.id, self.name)).encode()
        return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]

    def _signed_by(self, signature):
        """Whether ``signature`` is this slip's, now or before the change."""
        self.ensure_one()
        # Bytes: a forged signature may hold any character.
        signature = signature.encode()
        if consteq(self._signature().encode(), signature):
            return True
        legacy = self._legacy_signature()
        return bool(legacy) and consteq(legacy.encode(), signature)

    def _token(self):
        self.ensure_one()
        raw = ("%s.%s" % (self.id, self._signature())).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @api.model
    def _from_token(self, token):
        """The slip a token was made for, or an empty recordset if forged."""
        try:
            padded = token + "=" * (-len(token) % 4)
            slip_id, signature = (
                base64.urlsafe_b64decode(padded.encode()).decode().split(".", 1)
            )
            slip = self.sudo().browse(int(slip_id)).exists()
        except (ValueError, binascii.Error, UnicodeDecodeError):
            return self.browse()
        if slip and slip._signed_by(signature):
            return slip
        return self.browse()

    def _compute_verification(self):
        # One address for all: get_base_url() takes one record at most.
        base_url = self[:1].get_base_url()
        for slip in self:
            if not slip.id:
                slip.verification_url = slip.qr_image = False
                continue
            slip.verification_url = "%s/slip/%s" % (
                base_url,
                slip.sudo()._token(),
            )
            image = qrcode.make(slip.verification_url, box_size=6, border=2)
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            slip.qr_image = base64.b64encode(buffer.getvalue())

    def _public_state(self, today=None):
        """The state a verifier sees today; expiry counts even before the cron."""
        self.ensure_one()
        today = today or self._rehab_today()
        if self.state == "valid" and self.expiry_date and self.expiry_date < today:
            return "expired"
        return self.state

    # Transitions

    def _check_usable(self):
        """A slip makes a loan application only while it is valid today."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        for slip in self:
            state = slip._public_state()
            if state != "valid":
                raise UserError(
                    _(
                        "The slip %(number)s is %(state)s and cannot be used.",
                        number=slip.name,
                        state=labels[state],
                    )
                )

    def _use(self):
        """The bank makes a loan application from the slip."""
        slips = self._workflow_start("use")
        slips._check_usable()
        slips._workflow_finish("use", {"used_date": self._rehab_today()})
        return True

    def _revoke(self, reason):
        reason = required_reason(self.env, reason, _("revoking the slip"))
        self._workflow_start("revoke")._do_revoke(reason)
        return True

    def _do_revoke(self, reason):
        self._workflow_finish("revoke", {"revoke_reason": reason.strip()})
        for slip in self:
            slip.message_post(body=_("Slip revoked."))

    def action_open_revoke_wizard(self):
        return self._workflow_open_wizard(
            "rehab.referral.slip.revoke", _("Revoke the slip")
        )

    def action_new_loan(self):
        """The bank makes the loan application from the slip it has checked."""
        self.ensure_one()
        self._check_usable()
        return {
            "type": "ir.actions.act_window",
            "name": _("Loan application"),
            "res_model": "rehab.loan",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_borrower_type": "person",
                "default_slip_id": self.id,
                "default_purpose": self.purpose,
                "default_amount_requested": self.amount,
            },
        }

    @api.model
    def _cron_expire_slips(self, batch_size=2000):
        """Daily: valid slips past their validity expire. Idempotent.

        One job per province and batch of slips, for the agency's day of the
        run (tools/batching.dispatch).
        """
        today = self._rehab_today()
        dispatch(
            self.sudo(),
            "_job_expire_slips",
            today,
            records=self.sudo(),
            domain=self._expiring_domain(today),
            province_path=PROVINCE_PATH,
            size=batch_size,
            label=_lt("Expiry of referral slips"),
        )

    @api.model
    def _expiring_domain(self, day):
        return [("state", "=", "valid"), ("expiry_date", "<", day)]

    def _job_expire_slips(self, day, province_id, first_id, last_id):
        """One batch of the slips expired on ``day``."""
        batch_records(
            self.sudo(),
            self._expiring_domain(day),
            PROVINCE_PATH,
            (province_id, first_id, last_id),
        )._workflow_finish("expire")

    # Printed document

    def _official_document(self):
        """Issued by the commune People's Committee to the bank's office."""
        self.ensure_one()
        commune = self.company_id.sudo()
        heading = self._doc_heading(commune)
        office = self.vbsp_office_id.sudo()
        return {
            "parent": heading["parent"],
            "issuer": heading["issuer"],
            "number": self.name,
            "place_date": self._doc_place_date(heading["place"], self.issue_date),
            "kind": _("REFERRAL SLIP"),
            "summary": _("To borrow under Decision 08/2026/QĐ-TTg"),
            "addressees": [office.document_name] if office else [],
            "draft": False,
            "signers": [
                self._doc_signer(commune, self.list_id.sudo().confirmed_by_id),
            ],
            "recipients": [
                _("As above;"),
                _("The person introduced;"),
                _("Filed: office records."),
            ],
        }
