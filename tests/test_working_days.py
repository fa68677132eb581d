from datetime import date, datetime, timedelta

from odoo.tests import TransactionCase, tagged

CALENDAR = "post_rehab_credit.resource_calendar_programme"
# A year of public holidays with a long Tết (Mon 16 to Fri 20 Feb 2026).
HOLIDAYS = [
    (date(2026, 1, 1), "Tết Dương lịch"),
    *((date(2026, 2, day), "Tết Nguyên đán") for day in range(16, 21)),
    (date(2026, 4, 27), "Giỗ Tổ Hùng Vương (nghỉ bù)"),
    (date(2026, 4, 30), "Ngày Chiến thắng"),
    (date(2026, 5, 1), "Quốc tế Lao động"),
    (date(2026, 9, 2), "Quốc khánh"),
]


def hand_count(start, days, holidays):
    """The count the programme made by hand before the calendar: the
    ``days``-th day after ``start`` from Monday to Friday, not a holiday."""
    day = start
    left = max(days, 0)
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            left -= 1
    return day


@tagged("post_install", "-at_install")
class TestWorkingDays(TransactionCase):
    """The programme's working days are counted by Odoo's ``resource``
    calendar: Monday to Friday, less the public holidays (its global leaves)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Holiday = cls.env["rehab.public.holiday"]
        # The list of these tests alone (the demo has the years' holidays).
        cls.Holiday.search([]).unlink()
        cls.holidays = cls.Holiday.create(
            [{"date": day, "name": name} for day, name in HOLIDAYS]
        )
        cls.calendar = cls.env.ref(CALENDAR)

    def test_the_programme_calendar(self):
        calendar = self.calendar
        self.assertFalse(calendar.company_id)
        self.assertEqual(calendar.tz, "Asia/Ho_Chi_Minh")
        self.assertEqual(
            set(calendar.attendance_ids.mapped("dayofweek")), {"0", "1", "2", "3", "4"}
        )
        # The host's own working hours are not the programme's.
        company_calendar = self.env.company.resource_calendar_id
        self.assertNotEqual(company_calendar, calendar)
        self.assertFalse(company_calendar.global_leave_ids & self.holidays.leave_id)

    def test_each_holiday_is_a_global_leave_of_the_calendar(self):
        leaves = self.holidays.leave_id
        self.assertEqual(len(leaves), len(HOLIDAYS))
        self.assertEqual(self.calendar.global_leave_ids, leaves)
        self.assertFalse(leaves.resource_id)
        national = self.holidays.filtered(lambda h: h.date == date(2026, 9, 2))
        # The whole day of Hà Nội, in UTC.
        self.assertEqual(
            (national.leave_id.date_from, national.leave_id.date_to),
            (datetime(2026, 9, 1, 17, 0, 0), datetime(2026, 9, 2, 16, 59, 59)),
        )
        self.assertEqual(national.leave_id.name, "Quốc khánh")
        # Moved, renamed: the leave follows.
        national.write({"date": date(2026, 9, 1), "name": "Quốc khánh (nghỉ bù)"})
        self.assertEqual(national.leave_id.date_from, datetime(2026, 8, 31, 17, 0, 0))
        self.assertEqual(national.leave_id.name, "Quốc khánh (nghỉ bù)")
        # Removed: the leave goes with it.
        leave = national.leave_id
        national.unlink()
        self.assertFalse(leave.exists())
        self.assertEqual(len(self.calendar.global_leave_ids), len(HOLIDAYS) - 1)

    def test_holidays_listed_before_the_calendar_get_their_leave(self):
        holiday = self.holidays[0]
        leave = holiday.leave_id
        holiday.leave_id = False
        leave.unlink()
        self.Holiday._sync_calendar_leaves()
        self.assertTrue(holiday.leave_id)
        self.assertEqual(holiday.leave_id.calendar_id, self.calendar)
        # A second run makes none twice.
        self.Holiday._sync_calendar_leaves()
        self.assertEqual(len(self.calendar.global_leave_ids), len(HOLIDAYS))

    def test_the_calendar_counts_as_the_hand_count_did(self):
        holidays = set(self.holidays.mapped("date"))
        starts = [date(2025, 12, 20) + timedelta(days=n) for n in range(0, 300, 1)]
        for days in (0, 1, 3, 5, 10):
            with self.subTest(days=days):
                due = self.Holiday._add_working_days(starts, days)
                self.assertEqual(
                    due,
                    {start: hand_count(start, days, holidays) for start in starts},
                )
        self.assertEqual(self.Holiday._add_working_days([False], 3), {})

    def test_known_days(self):
        due = self.Holiday._add_working_days
        # Thursday 4 June 2026: Friday, Monday, Tuesday.
        self.assertEqual(
            due([date(2026, 6, 4)], 3), {date(2026, 6, 4): date(2026, 6, 9)}
        )
        # Friday before Tết: the week of Tết is skipped.
        self.assertEqual(
            due([date(2026, 2, 13)], 3), {date(2026, 2, 13): date(2026, 2, 25)}
        )
        # From a Wednesday over 30 April and 1 May.
        self.assertEqual(
            due([date(2026, 4, 29)], 1), {date(2026, 4, 29): date(2026, 5, 4)}
        )
        # A whole year of working days: the span read grows as needed.
        start = date(2026, 1, 1)
        holidays = set(self.holidays.mapped("date"))
        self.assertEqual(due([start], 200), {start: hand_count(start, 200, holidays)})

    def test_only_the_programme_holidays_count(self):
        """A day off of the host's (its company calendar, or a leave of no
        calendar) is not a holiday of the programme."""
        Leave = self.env["resource.calendar.leaves"]
        Leave.create(
            [
                {
                    "name": "Company outing",
                    "calendar_id": self.env.company.resource_calendar_id.id,
                    "date_from": datetime(2026, 6, 4, 17, 0, 0),
                    "date_to": datetime(2026, 6, 5, 16, 59, 59),
                },
                {
                    "name": "Any calendar",
                    "calendar_id": False,
                    "date_from": datetime(2026, 6, 7, 17, 0, 0),
                    "date_to": datetime(2026, 6, 8, 16, 59, 59),
                },
            ]
        )
        self.assertEqual(
            self.Holiday._add_working_days([date(2026, 6, 4)], 3),
            {date(2026, 6, 4): date(2026, 6, 9)},
        )
