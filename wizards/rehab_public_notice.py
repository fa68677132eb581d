# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..models.loan import LOAN_PURPOSES
from ..models.rehab_report import approved_in, listed_in
from ..tools import loan_rules, notice_rules
from ..tools.rehab_rules import params_from_env
from ..tools.roles import CHAIRMAN, POLICE, PROVINCE

# The roles that print the notice: those of the commune, the province's.
COMMUNE_PRINTERS = (POLICE, CHAIRMAN)
# A chosen period covers at most a year, from the programme's first year on.
FIRST_DAY = date(2026, 1, 1)
LONGEST_DAYS = 366
NOTICE_REPORT = "post_rehab_credit.report_public_notice"


def _add_figures(table, key, **values):
    """Add ``values`` (people, loans, amount) to the row ``key`` of ``table``."""
    row = table.setdefault(key, {"people": 0, "loans": 0, "amount": 0})
    for name, value in values.items():
        row[name] += value or 0


class RehabPublicNotice(models.TransientModel):
    """The public notice of a commune, posted at its People's Committee and at
    its transaction point: how many people the commune confirmed on its
    monthly lists and how many loans the bank approved, for how much, by
    village and purpose, over a month or a chosen period. It names nobody
    (notice_rules). Its sections are chosen in the programme's settings.

    It prints no list of borrowers: the neutral list of all the borrowers of
    a transaction point is the bank's own document, from the bank's system;
    the addon holds only this programme's loans, so a list printed from it
    would name exactly the programme's borrowers whatever its title.
    """

    _name = "rehab.public.notice"
    _inherit = ["rehab.document.mixin", "rehab.base.mixin"]
    _description = "Public notice of a commune"

    company_id = fields.Many2one(
        "res.company",
        string="Commune",
        required=True,
        domain="[('agency_type', '=', 'commune')]",
        default=lambda self: self._default_commune(),
    )
    period = fields.Selection(
        [("month", "A month"), ("range", "Chosen dates")],
        required=True,
        default="month",
    )
    # The last month that is over: a notice covers no day after today.
    month = fields.Date(
        default=lambda self: (
            self._rehab_today().replace(day=1) - relativedelta(months=1)
        ),
        help="Any day of the month: the notice covers the whole month.",
    )
    date_from = fields.Date(string="From")
    date_to = fields.Date(string="To")
    period_start = fields.Date(compute="_compute_period", store=True)
    period_end = fields.Date(compute="_compute_period", store=True)

    @api.model
    def _default_commune(self):
        company = self.env.company
        if company.agency_type == "commune":
            return company
        return self.env.user.company_ids.filtered(lambda c: c.agency_type == "commune")[
            :1
        ]

    @api.depends("period", "month", "date_from", "date_to")
    def _compute_period(self):
        for notice in self:
            if notice.period == "month":
                start, end = (
                    loan_rules.month_bounds(notice.month)
                    if notice.month
                    else (False, False)
                )
            else:
                start, end = notice.date_from, notice.date_to
            notice.period_start, notice.period_end = start, end

    @api.constrains(
        "period", "month", "date_from", "date_to", "period_start", "period_end"
    )
    def _check_period(self):
        today = self._rehab_today()
        for notice in self:
            start, end = notice.period_start, notice.period_end
            if not (start and end):
                raise ValidationError(_("Choose the month or the dates of the notice."))
            if start > end:
                raise ValidationError(
                    _("The period of the notice ends after it starts.")
                )
            if start < FIRST_DAY or end > today:
                raise ValidationError(
                    _(
                        "The notice covers a period from %(first)s to today.",
                        first=notice._doc_date(FIRST_DAY),
                    )
                )
            if (end - start).days >= LONGEST_DAYS:
                raise ValidationError(_("The notice covers a year at most."))
            notice._check_commune()

    @api.constrains("company_id")
    def _check_commune(self):
        for notice in self:
            if notice.company_id.sudo().agency_type != "commune":
                raise ValidationError(_("The public notice is a commune's."))

    # Who prints

    def _check_may_print(self):
        """The commune's police and chairman print their commune's notice; the
        province officer any commune's of the province. Refused otherwise,
        whatever the client sent."""
        if self.env.su:
            return
        user = self.env.user
        for notice in self:
            commune = notice.company_id.sudo()
            if any(user.has_group(g) for g in COMMUNE_PRINTERS) and (
                commune in user.company_ids
            ):
                continue
            if user.has_group(PROVINCE) and commune.province_id in (
                user.company_ids.sudo().mapped("province_id")
            ):
                continue
            raise AccessError(
                _(
                    "The public notice of %(commune)s is printed by its commune "
                    "police, its chairman and the province officer.",
                    commune=commune.name,
                )
            )

    def action_print_notice(self):
        self.ensure_one()
        self._check_period()
        self._check_may_print()
        return self.env.ref(
            "post_rehab_credit.action_report_public_notice"
        ).report_action(self)

    # Figures

    def _sections(self):
        """The sections the rules print: {name: bool} and the minimum; the
        rules in force on the notice's day (today, the day it is printed) for
        the province of its commune."""
        params = params_from_env(
            self.env, day=self._rehab_today(), province=self.sudo().company_id
        )
        return {
            "people": bool(params["notice_people"]),
            "loans": bool(params["notice_loans"]),
            "by_village": bool(params["notice_by_village"]),
            "by_purpose": bool(params["notice_by_purpose"]),
            "minimum": max(1, params["notice_min_count"]),
        }

    def _notice_figures(self):
        """The figures of the notice: the totals, by village and by purpose.

        ``{"people", "loans", "amount", "villages": [(label, values)],
        "other_villages": values or None, "purposes": [(label, values)]}``,
        values ``{"people", "loans", "amount"}`` as counted (not yet hidden).
        The definitions of the periodic report (rehab_report.listed_in and
        approved_in); a fixed number of grouped queries.
        """
        self.ensure_one()
        env = self.env(su=True)
        scope = [("company_id", "=", self.company_id.id)]
        listed = scope + listed_in(self.period_start, self.period_end)
        approved = scope + approved_in(self.period_start, self.period_end)
        villages, purposes, establishments = {}, {}, {}
        people = self._notice_count_people(env, listed, villages, purposes)
        loans, amount = self._notice_count_loans(
            env, approved, villages, purposes, establishments
        )
        unnamed = _("Village not recorded")
        return {
            "people": people or 0,
            "loans": loans,
            "amount": amount,
            "villages": [
                (village or unnamed, values)
                for village, values in sorted(villages.items())
            ],
            "establishments": establishments.get(""),
            "purposes": self._notice_purposes(purposes),
        }

    @api.model
    def _notice_count_people(self, env, listed, villages, purposes):
        """The people on the lists ``listed``: their number, and added to
        ``villages`` and ``purposes``."""
        Line = env["rehab.monthly.list.line"]
        people = Line._read_group(listed, [], ["person_id:count_distinct"])[0][0]
        people_by_village = dict(
            Line._read_group(listed, ["village"], ["person_id:count_distinct"])
        )
        people_by_purpose = dict(
            Line._read_group(listed, ["purpose"], ["person_id:count_distinct"])
        )
        for village, count in people_by_village.items():
            _add_figures(villages, village or "", people=count)
        for purpose, count in people_by_purpose.items():
            _add_figures(purposes, purpose or "", people=count)
        return people

    @api.model
    def _notice_count_loans(self, env, approved, villages, purposes, establishments):
        """The loans ``approved``: their number and amount, and added to
        ``villages`` (``establishments`` for no person) and ``purposes``."""
        loan_groups = env["rehab.loan"]._read_group(
            approved,
            ["person_id", "purpose"],
            ["__count", "amount_approved:sum"],
        )
        # The village of each borrower, read in one go (no per-loan query).
        borrowers = env["rehab.person"].browse(
            {person.id for person, *__ in loan_groups if person}
        )
        borrowers.fetch(["village"])
        loans = amount = 0
        for person, purpose, count, total in loan_groups:
            loans += count
            amount += total or 0
            if person:
                _add_figures(villages, person.village or "", loans=count, amount=total)
            else:
                _add_figures(establishments, "", loans=count, amount=total)
            _add_figures(purposes, purpose or "", loans=count, amount=total)
        return loans, amount

    @api.model
    def _notice_purposes(self, purposes):
        """[(label, values)] of ``purposes``, in the order of the purposes."""
        labels = dict(
            self.env["rehab.loan"]._fields["purpose"]._description_selection(self.env)
        )
        purpose_order = [key for key, __ in LOAN_PURPOSES]
        return [
            (labels.get(purpose, purpose), values)
            for purpose, values in sorted(
                purposes.items(),
                key=lambda item: (
                    purpose_order.index(item[0])
                    if item[0] in purpose_order
                    else len(purpose_order)
                ),
            )
        ]

    def _notice_tables(self):
        """The notice as printed: the figures with the small counts hidden
        and those that would tell them (notice_rules), the sections chosen
        in the settings. A printed value is None where it is hidden."""
        self.ensure_one()
        sections = self._sections()
        minimum = sections["minimum"]
        figures = self._notice_figures()
        villages, others = notice_rules.merge_small_rows(figures["villages"], minimum)
        if others:
            villages.append((_("Other villages"), others))
        if figures["establishments"]:
            villages.append(
                (
                    _("Production and business establishments"),
                    figures["establishments"],
                )
            )
        (villages, purposes), total = notice_rules.protect_tables(
            [villages, figures["purposes"]],
            {key: figures[key] for key in notice_rules.KEYS},
            minimum,
        )
        return {
            "sections": sections,
            "minimum": minimum,
            "total": total,
            "villages": villages,
            "purposes": purposes,
        }

    def _doc_cell(self, value):
        """A printed value of the notice: «…» where it is hidden."""
        return "…" if value is None else self._doc_number(value)

    # Printed documents

    def _notice_sentences(self, notice, paper):
        """The sentences of the notice around its tables, in the document's
        language: ``notice`` from ``_notice_tables``, ``paper`` its parts."""
        minimum = notice["minimum"]
        total = notice["total"]
        return {
            "intro": _(
                "In carrying out Decision No. 08/2026/QĐ-TTg of the Prime Minister "
                "on credit for people after drug rehabilitation, %(issuer)s makes "
                "public the results of %(period)s:",
                issuer=paper["issuer"],
                period=self._period_text(),
            ),
            "people": _(
                "- People confirmed on the monthly lists: %(count)s.",
                count=self._doc_cell(total["people"]),
            ),
            "loans": _(
                "- Loans approved by the bank: %(count)s, for a total of %(amount)s.",
                count=self._doc_cell(total["loans"]),
                amount="…"
                if total["amount"] is None
                else self._doc_amount(total["amount"]),
            ),
            "small": _(
                "A count under %(minimum)s is written «…» with its amount, and so "
                "are, where needed, other figures of the same column, so that it "
                "cannot be found by subtracting from the total; villages with only "
                "such counts are counted together under «Other villages», so that "
                "no one is pointed at. A person confirmed in several months is "
                "counted once.",
                minimum=minimum,
            ),
            "closing": _(
                "Questions and comments on this notice are received by %(issuer)s "
                "and the commune police.",
                issuer=paper["issuer"],
            ),
        }

    def _period_text(self):
        if self.period == "month":
            return _(
                "month %(month)s",
                month=self._rehab_format_date(self.period_start, "MM/yyyy"),
            )
        return _(
            "from %(start)s to %(end)s",
            start=self._doc_date(self.period_start),
            end=self._doc_date(self.period_end),
        )

    def _official_document(self):
        """From the commune's People's Committee, to be posted."""
        self.ensure_one()
        company = self.company_id.sudo()
        parts = self._doc_parts_for(
            company,
            _("NOTICE"),
            _(
                "Public results of the credit policy for people after drug "
                "rehabilitation (Decision 08/2026/QĐ-TTg), %(period)s",
                period=self._period_text(),
            ),
            self._rehab_today(),
            recipients=[
                _("Posted at the office of the People's Committee;"),
                _("Posted at the transaction point;"),
                _("Filed: office records."),
            ],
        )
        return parts
