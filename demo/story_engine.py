# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo's province at work: a year of the programme, made by its own steps.

Demo data only. Every record below is made the way the users make it: the
commune police register people and draw up the monthly lists, the chairmen
confirm or return them, the bank receives them, checks the slips and lends
through the savings groups, the scheduled actions run on their days. Each step
runs as the demo user of its role, on its own date, in the order of the dates.
The story is told relative to the day the demo is installed, so the demo
always shows the last twelve months, whatever the day.

The date of a step reaches the programme in two ways, never through the
process clock: the steps pass the day where a user types one, and what the
server records from its own clock (the agency's "today" and "now") reads the
story's clock (tools/rehab_rules.story_clock), set for this thread only while
the step runs. What Odoo's mail stamps from the Python clock (the chatter's
messages) is dated with the step's moment after the step.

At Châu Sơn the savings groups review their members at meetings (form
03/TD), and for the last months the borrowers repay at the commune's monthly
transaction session instead of the bank's desk: the Đình Lập office sets up
its transaction point three months before the install day, the daily run
plans the sessions, the team prepares the groups' collection sheets, the
group leader's receipts are handed over, the teller types what each borrower
paid, the controller counts the cash, the teller posts each group and the
leader closes the session (see story_sessions.py and StoryLoans.pay).
"""

import heapq
import itertools
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, models

from ..tools import loan_rules
from ..tools.rehab_rules import story_clock
from .holidays import public_holidays
from .story_agencies import StoryAgencies
from .story_data import (
    COMMUNES,
    LOANS,
    PEOPLE,
    ROLES,
    SESSION_DAY,
    SESSION_POINT_MONTH,
    SLIPS,
    USE_CHECKS,
)
from .story_loans import StoryLoans
from .story_merge import StoryMerge
from .story_registry import StoryRegistry
from .story_sessions import StorySessions

# The hour of each step: 02:00 UTC is 09:00 at the agencies (Asia/Ho_Chi_Minh),
# on the step's day.
STEP_HOUR = time(2, 0)


class RehabDemo(models.AbstractModel):
    _name = "rehab.demo"
    _description = "Demo of a province at work"
    _inherit = ["rehab.base.mixin"]

    @api.model
    def _build_province_at_work(self):
        """Play the last twelve months of the programme (demo data only)."""
        today = self._rehab_today()
        # The demo runs in Vietnamese (demo/res_users_demo.xml). The terms of
        # the models, activity types and mail's templates are loaded now, not
        # only at the end of the installation, so that what the story writes
        # (the chatter, the to-dos, the tracked values) reads in Vietnamese.
        self.env["ir.module.module"]._load_module_terms(
            ["mail", "post_rehab_credit"], ["vi_VN"]
        )
        # The daily runs' jobs are done at once, in the story's transaction.
        env = self.env(
            su=True,
            context=dict(self.env.context, lang="vi_VN", queue_job__no_delay=True),
        )
        _Story(env, today).play()
        return True


class _Story(StoryRegistry, StoryLoans, StorySessions, StoryAgencies, StoryMerge):
    def __init__(self, env, today):
        self.env = env
        self.today = today
        self.month0 = today.replace(day=1)
        self.start = self.month0 - relativedelta(months=12)
        self.queue = []
        self.counter = itertools.count()
        self.people = {}
        self.slips = {}
        self.loans = {}
        # Châu Sơn's group review meetings: {(group, day): [(loan, agreed)]}.
        self.meetings = {}
        # The sessions held by the install day: {month: its day}; what each
        # borrower brings to them: {month: {loan: "due" or "everything"}}.
        self.held_sessions = {
            index: day
            for index in range(SESSION_POINT_MONTH + 1, 1)
            if (day := self.session_day(index)) <= today
        }
        self.collections = {}
        # The last message of the chatter already dated by the story.
        self.last_message_id = 0
        # The day of the step being played.
        self.step_day = self.start

    def ref(self, xmlid):
        return self.env.ref("post_rehab_credit.%s" % xmlid)

    def user(self, commune, role):
        return self.ref(ROLES[commune][role])

    def month(self, index):
        return self.month0 + relativedelta(months=index)

    def day(self, index, day):
        """Day ``day`` of month ``index``, never after today."""
        return min(self.month(index) + timedelta(days=day - 1), self.today)

    def month_index(self, day):
        """The month of ``day``, counted from this month (0)."""
        return (day.year - self.month0.year) * 12 + day.month - self.month0.month

    def session_day(self, index, calendar=False):
        """The day the session of month ``index`` is held: the point's day of
        the month, or, when that is a public holiday, the next working day
        (the team leader moves it a week before)."""
        day = loan_rules.session_date(self.month(index), SESSION_DAY)
        if calendar:
            return day
        holidays = {holiday for holiday, __ in public_holidays(day.year)}
        if day in holidays:
            while day.weekday() >= 5 or day in holidays:
                day += timedelta(days=1)
        return day

    def at(self, day, action, *args):
        if day > self.today:
            return
        heapq.heappush(self.queue, (day, next(self.counter), action, args))

    # The year, played

    def play(self):
        last = self.env["mail.message"].search([], order="id desc", limit=1)
        self.last_message_id = last.id
        with story_clock(datetime.combine(self.start, STEP_HOUR)):
            self.schedule()
        while self.queue:
            day, __, action, args = heapq.heappop(self.queue)
            self.step_day = day
            with story_clock(datetime.combine(day, STEP_HOUR)):
                action(*args)
                # What the step tracked is written now, on its own date, as at
                # the end of the user's request.
                self.env.flush_all()
                self.env.cr.precommit.run()
            self.date_messages(day)
        self.step_day = self.today
        with story_clock(datetime.combine(self.today, STEP_HOUR)):
            self.daily_crons()
            self.env.flush_all()
        self.date_messages(self.today)

    def date_messages(self, day):
        """Date the messages the step posted (its chatter, its tracked values,
        its to-dos done) with the step's moment: mail stamps them from the
        server's clock."""
        Message = self.env["mail.message"]
        made = Message.search([("id", ">", self.last_message_id)], order="id")
        if not made:
            return
        self.last_message_id = made[-1].id
        made.write({"date": datetime.combine(day, STEP_HOUR)})

    # The year, scheduled

    def schedule(self):
        self.at(self.start - timedelta(days=20), self.setup)
        self.at(self.start - timedelta(days=20), self.illustrative_rates)
        self.schedule_transaction_day()
        day = self.start
        while day < self.today:
            self.at(day, self.daily_run)
            day += timedelta(days=1)
        for key, *values in PEOPLE:
            self.at(self.registration_date(values[6]), self.register, key)
        for index in range(-12, 1):
            first = self.month(index)
            self.at(first, self.month_start, index)
            self.at(first + timedelta(days=5), self.month_late_check)
            for commune in COMMUNES:
                self.schedule_list(commune, index)
            self.at(first + timedelta(days=14), self.expire_slips)
            self.at(first + timedelta(days=27), self.overdue_run)
            for day in (1, 10, 20):
                self.at(first + timedelta(days=day - 1), self.reporting_calendar)
        for loan in LOANS:
            self.schedule_loan(*loan[:5])
        for key, index, fate in SLIPS:
            self.schedule_slip(key, index, fate)
        self.at(self.today, self.old_file)
        self.at(self.today, self.announce_rules)
        self.schedule_activities()
        self.schedule_planning()
        for key, index, day, checker, finding, note in USE_CHECKS:
            self.at(self.day(index, day), self.use_check, key, checker, finding, note)
        for index in range(-2, 1):
            for commune in COMMUNES:
                self.at(self.day(index, 3), self.look_at_people, commune)
            self.at(self.day(index, 17), self.province_looks_at_people)
        self.at(self.day(-1, 9), self.chairman_reveals, "cs")
        self.schedule_merge()

    def registration_date(self, months):
        decision = self.decision_date(months)
        return max(self.start - timedelta(days=15), decision + timedelta(days=20))

    def decision_date(self, months):
        if months is None:
            # The window of ten years closes next month.
            return self.today - relativedelta(years=10) + timedelta(days=30)
        return self.today - relativedelta(months=months, day=1) + timedelta(days=9)

    # Scheduled actions

    def daily_run(self):
        """The daily scheduled actions the steps do not run themselves."""
        self.env["rehab.transaction.session"]._cron_plan_sessions()
        self.env["rehab.loan"]._cron_decision_clock()

    def expire_slips(self):
        self.env["rehab.referral.slip"]._cron_expire_slips()

    def overdue_run(self):
        self.env["rehab.loan"]._cron_overdue()

    def reporting_calendar(self):
        plans = self.env["rehab.plan"].search([])
        if plans and plans._rehab_today() >= max(plans.mapped("date")):
            self.env["rehab.report"]._cron_reporting_calendar()

    def daily_crons(self):
        self.env["rehab.person"]._cron_refresh_eligibility()
        self.env["rehab.person"]._cron_retention()
        self.env["rehab.monthly.list"]._cron_monthly_lists()
        self.env["rehab.referral.slip"]._cron_expire_slips()
        self.env["rehab.loan"]._cron_overdue()
        self.reporting_calendar()
        self.daily_run()
