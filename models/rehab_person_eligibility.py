# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Eligibility of a person, kept for today by the daily refresh."""

from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ..tools import rehab_rules
from ..tools.batching import (
    PROVINCE_PATH,
    dispatch,
    refresh_day,
    write_rows,
)
from .rehab_person import SENSITIVE_GROUPS

_lt = LazyTranslate(__name__)

# The stored fields of eligibility today (see _eligibility_state).
ELIGIBILITY_FIELDS = (
    "window_end_date",
    "is_eligible",
    "window_closing_soon",
    "eligibility_reasons",
    "rule_set_id",
)
# The rules a person's eligibility depends on (tools/rehab_rules
# person_ineligibility and _eligibility_state): national rules, so that the
# set recorded is the same in every province and a province's change of
# another rule rewrites nobody.
ELIGIBILITY_RULES = ("min_age", "window_years", "closing_soon_days")


class RehabPerson(models.Model):
    _inherit = "rehab.person"

    # Eligibility, kept for today by the daily refresh.
    window_end_date = fields.Date(
        string="Borrowing window closes on",
        compute="_compute_eligibility",
        store=True,
        groups=SENSITIVE_GROUPS,
    )
    is_eligible = fields.Boolean(
        string="Eligible", compute="_compute_eligibility", store=True, index=True
    )
    window_closing_soon = fields.Boolean(
        string="Window closing soon",
        compute="_compute_eligibility",
        store=True,
        groups=SENSITIVE_GROUPS,
    )
    eligibility_reasons = fields.Text(
        string="Why not eligible",
        compute="_compute_eligibility",
        store=True,
        groups=SENSITIVE_GROUPS,
    )
    # The rule versions the eligibility above was judged under (its day, the
    # person's province): set by the compute and the daily refresh only.
    rule_set_id = fields.Many2one(
        "rehab.rule.set",
        string="Rules applied",
        compute="_compute_eligibility",
        store=True,
        readonly=True,
        ondelete="restrict",
        help="The values of the programme's rules the eligibility was judged "
        "under: those in force on its day in the person's province.",
    )

    def _reason_messages(self):
        return {
            "under_age": _("Under %(age)s years old on that date."),
            "rehab_not_completed": _("Rehab route or its completion is not recorded."),
            "no_decision": _(
                "No post-rehab management decision issued before that date."
            ),
            "window_closed": _(
                "More than %(years)s years since the management decision."
            ),
            "relapse": _("Relapsed after the management decision."),
            "conduct": _("The latest conduct entry is not good."),
            "training_debt": _(
                "Owes a training loan in another programme (same purpose)."
            ),
            "training_confirmation": _(
                "No confirmation from the vocational training institution."
            ),
        }

    def _eligibility_values(self):
        """The values the rules read, for one person."""
        self.ensure_one()
        return {
            "birth_date": self.birth_date,
            "rehab_route": self.rehab_route,
            "completion_date": self.completion_date,
            "decision_date": self.decision_date,
            "conduct": [(e.date, e.kind) for e in self.conduct_ids if e.date],
            "purpose": self.purpose,
            "other_training_debt": self.other_training_debt,
            "training_confirmed": bool(
                self.training_institution
                and self.training_course
                and self.training_confirmation
            ),
        }

    def _by_province(self):
        """{province: people of it} (a province People's Committee; an empty
        recordset for people without an agency): the rules are read once a
        province, never a person."""
        groups = defaultdict(self.browse)
        for person in self:
            groups[person.sudo().company_id.province_id] |= person
        return groups

    def _eligibility_on(self, on_date, params=None):
        """{person id: [reason codes]} on ``on_date``, under the rules in force
        on that day in each person's province (or ``params`` when given);
        empty list: eligible."""
        result = {}
        for province, people in self._by_province().items():
            rules = params or rehab_rules.params_from_env(
                self.env, day=on_date, province=province or None
            )
            for person in people.sudo():
                result[person.id] = rehab_rules.person_ineligibility(
                    person._eligibility_values(), on_date, rules
                )
        return result

    def _reason_text(self, codes, params):
        messages = self._reason_messages()
        return "\n".join(
            messages[code] % {"age": params["min_age"], "years": params["window_years"]}
            for code in codes
        )

    @api.depends(
        "birth_date",
        "rehab_route",
        "completion_date",
        "decision_date",
        "conduct_ids.date",
        "conduct_ids.kind",
        "purpose",
        "other_training_debt",
        "training_institution",
        "training_course",
        "training_confirmation",
        "company_id",
    )
    def _compute_eligibility(self):
        today = self._rehab_today()
        rules = self._rules_by_province(today)
        for province, people in self._by_province().items():
            rule_set, params = rules(province)
            for person in people:
                person.update(person._eligibility_state(today, params))
                person.rule_set_id = rule_set

    def _rules_by_province(self, day):
        """A function of a province giving (rule set, params) in force on
        ``day`` there, read once a province."""
        found = {}
        RuleSet = self.env["rehab.rule.set"].sudo()

        def rules(province):
            if province.id not in found:
                found[province.id] = RuleSet._for_day(
                    day, province or None, keys=ELIGIBILITY_RULES
                )
            return found[province.id]

        return rules

    def _eligibility_state(self, today, params):
        """The stored eligibility fields of one person, as of ``today``."""
        self.ensure_one()
        values = dict(
            self._eligibility_values(),
            erased=bool(self._rehab_erased()),
        )
        return self._eligibility_state_of(values, today, params)

    @api.model
    def _eligibility_state_of(self, values, today, params, reason_text=None):
        """The stored eligibility fields of a person whose values (as
        _eligibility_values gives them, and ``erased``) are ``values``, as of
        ``today``; ``reason_text``: _reason_text, or a faster one giving the
        same texts."""
        codes = rehab_rules.person_ineligibility(values, today, params)
        end = rehab_rules.window_end(values["decision_date"], params["window_years"])
        soon = today + timedelta(days=params["closing_soon_days"])
        return {
            "window_end_date": end,
            "is_eligible": not codes,
            "window_closing_soon": bool(not codes and end and today <= end <= soon),
            "eligibility_reasons": (reason_text or self._reason_text)(codes, params)
            or False,
        }

    def _eligibility_rows(self, batch=None):
        """{id: (values as _eligibility_state_of reads them, province id,
        the stored eligibility fields)} of these people, or of the people of
        ``batch`` (province id or None, first id, last id: a batch of
        tools/batching.batch_ranges, archived people included), read in two
        queries (the people, their conduct entries)."""
        self.env["rehab.person.conduct"].flush_model(["person_id", "date", "kind"])
        self.env["res.company"].flush_model(["province_id"])
        if batch:
            self.flush_model()
            province_id, first_id, last_id = batch
            which = SQL(
                "p.id BETWEEN %s AND %s AND c.province_id IS NOT DISTINCT FROM %s",
                first_id,
                last_id,
                province_id or None,
            )
        else:
            self.flush_recordset()
            which = SQL("p.id = ANY(%s)", self.ids)
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, c.province_id, p.birth_date, p.rehab_route,
                       p.completion_date, p.decision_date, p.purpose,
                       p.other_training_debt,
                       COALESCE(p.training_institution, '') != ''
                           AND COALESCE(p.training_course, '') != ''
                           AND EXISTS (
                               SELECT 1 FROM ir_attachment a
                                WHERE a.res_model = %(model)s
                                  AND a.res_field = 'training_confirmation'
                                  AND a.res_id = p.id
                           ),
                       p.erased_date IS NOT NULL AND NOT p.active,
                       p.window_end_date, p.is_eligible, p.window_closing_soon,
                       p.eligibility_reasons, p.rule_set_id
                  FROM rehab_person p
                  LEFT JOIN res_company c ON c.id = p.company_id
                 WHERE %(which)s
                """,
                model=self._name,
                which=which,
            )
        )
        people = self.env.cr.fetchall()
        self.env.cr.execute(
            SQL(
                """SELECT person_id, date, kind FROM rehab_person_conduct
                    WHERE person_id = ANY(%s) AND date IS NOT NULL""",
                [row[0] for row in people],
            )
        )
        conduct = defaultdict(list)
        for person_id, day, kind in self.env.cr.fetchall():
            conduct[person_id].append((day, kind))
        rows = {}
        for (
            person_id,
            province_id,
            birth_date,
            route,
            completion,
            decision,
            purpose,
            training_debt,
            training_confirmed,
            erased,
            *stored,
        ) in people:
            values = {
                "birth_date": birth_date,
                "rehab_route": route,
                "completion_date": completion,
                "decision_date": decision,
                "conduct": conduct.get(person_id, ()),
                "purpose": purpose,
                "other_training_debt": training_debt,
                "training_confirmed": training_confirmed,
                "erased": erased,
            }
            rows[person_id] = (values, province_id, stored)
        return rows

    def _refresh_eligibility(self, today=None, batch=None):
        """Bring the stored eligibility of these people (or of the people of
        ``batch``, see _eligibility_rows) to ``today`` (the agency's today
        when not given), writing only the people whose state changes: one
        query to read them (and one their conduct), the rules of
        tools/rehab_rules, one UPDATE for those that change."""
        today = today or self._rehab_today()
        rules = self._rules_by_province(today)
        Company = self.env["res.company"]
        texts = {}

        def reason_text(codes, params):
            key = (tuple(codes), params["min_age"], params["window_years"])
            if key not in texts:
                texts[key] = self._reason_text(codes, params)
            return texts[key]

        by_province = {}
        changed = []
        for person_id, (
            values,
            province_id,
            stored,
        ) in self._eligibility_rows(batch).items():
            if province_id not in by_province:
                by_province[province_id] = rules(Company.browse(province_id or ()))
            rule_set, params = by_province[province_id]
            state = self._eligibility_state_of(values, today, params, reason_text)
            row = (
                state["window_end_date"],
                state["is_eligible"],
                state["window_closing_soon"],
                state["eligibility_reasons"],
                rule_set.id or False,
            )
            # As the ORM reads them: NULL is False.
            if row != tuple(value if value is not None else False for value in stored):
                changed.append((person_id, *row))
        write_rows(self, ELIGIBILITY_FIELDS, changed)
        return len(changed)

    def _cron_refresh_eligibility(self, batch_size=2000):
        """Daily: eligibility moves with the date (birthdays, the window).

        One job per province and batch of people (tools/batching.dispatch),
        for the agency's day of the run. Only the people whose state changes
        are written, so a second run the same day writes nothing; each batch
        read in one query and written in one (_refresh_eligibility): neither
        a write per person nor an audit trail entry for what the server
        derives.
        """
        people = self.sudo().with_context(active_test=False)
        dispatch(
            people,
            "_job_refresh_eligibility",
            self._rehab_today(),
            records=people,
            domain=[],
            province_path=PROVINCE_PATH,
            size=batch_size,
            label=_lt("Eligibility refresh"),
        )

    def _job_refresh_eligibility(self, day, province_id, first_id, last_id):
        """One batch of the daily refresh: the people of a province in a
        range of ids, as of ``day`` (the day of the run that enqueued it, or
        today when later: tools/batching.refresh_day)."""
        # Read by the batch's range in the query that reads the people (no
        # search first): the batch is what batch_ranges numbered, archived
        # people included.
        self.sudo().browse()._refresh_eligibility(
            refresh_day(self, day), batch=(province_id, first_id, last_id)
        )

    def _eligible_on(self, on_date):
        """(eligible, reasons text) of one person on a date, under the rules
        in force on that date in the person's province."""
        self.ensure_one()
        params = rehab_rules.params_from_env(
            self.env, day=on_date, province=self.sudo().company_id or None
        )
        codes = self._eligibility_on(on_date, params)[self.id]
        return not codes, self.sudo()._reason_text(codes, params)
