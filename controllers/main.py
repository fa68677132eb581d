# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.http import request

from ..tools.roles import VBSP


class ReferralSlipController(http.Controller):
    @http.route(
        # The slip's QR code carries the first: a neutral address, that says
        # nothing of the programme in a phone's or a proxy's history. The
        # second is that of the slips printed before.
        ["/slip/<string:token>", "/rehab/slip/<string:token>"],
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def verify_slip(self, token, **kwargs):
        """The public check of a slip's QR code.

        It says whether the slip is valid, used, expired, revoked or invalid,
        with its number, issuing commune and issue date, and nothing else: no
        name, no citizen ID, nothing of the person's history.
        """
        if request.env.user._is_public():
            # The page speaks the programme's language to whoever scans the code.
            request.update_context(lang="vi_VN")
        Slip = request.env["rehab.referral.slip"]
        slip = Slip._from_token(token[:200])
        values = {"slip": False, "state": "invalid", "record_url": False}
        if slip:
            values.update(
                {
                    "state": slip._public_state(),
                    "number": slip.name,
                    "commune": slip.company_id.name,
                    "issue_date": slip._rehab_format_date(slip.issue_date),
                    "expiry_date": slip._rehab_format_date(slip.expiry_date),
                    "slip": True,
                }
            )
            user = request.env.user
            if (
                not user._is_public()
                and user.has_group(VBSP)
                and slip.with_user(user).has_access("read")
            ):
                values["record_url"] = "/odoo/action-%s/%s" % (
                    "post_rehab_credit.rehab_referral_slip_action",
                    slip.id,
                )
        response = request.render("post_rehab_credit.slip_verification_page", values)
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex"
        return response
