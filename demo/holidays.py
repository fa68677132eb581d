# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Vietnam's public holidays, for the demo's calendar (rehab.public.holiday)
and the days Châu Sơn's transaction sessions move off."""

from datetime import date, timedelta

# Vietnam's public holidays (Labour Code 2019, art. 112): the New Year, Tết
# (the last day of the lunar year and the first four of the new), the Hùng
# Kings' day (10th day of the 3rd lunar month), 30 April, 1 May and the
# National Day (2 September and the day before). The lunar dates are those
# of the calendar; years outside the table get the solar holidays only.
TET = {
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
}
HUNG_KINGS = {
    2024: date(2024, 4, 18),
    2025: date(2025, 4, 7),
    2026: date(2026, 4, 26),
    2027: date(2027, 4, 16),
    2028: date(2028, 4, 4),
    2029: date(2029, 4, 23),
    2030: date(2030, 4, 12),
}


def public_holidays(year):
    """[(day, name)] of the public holidays of ``year``, with the days in
    lieu of those that fall on a Saturday or a Sunday."""
    days = [
        (date(year, 1, 1), "Tết Dương lịch"),
        (date(year, 4, 30), "Ngày Chiến thắng"),
        (date(year, 5, 1), "Ngày Quốc tế Lao động"),
        (date(year, 9, 1), "Quốc khánh"),
        (date(year, 9, 2), "Quốc khánh"),
    ]
    if year in TET:
        days += [
            (TET[year] + timedelta(days=offset), "Tết Nguyên đán")
            for offset in range(-1, 4)
        ]
    if year in HUNG_KINGS:
        days.append((HUNG_KINGS[year], "Giỗ Tổ Hùng Vương"))
    taken = {day for day, __ in days}
    in_lieu = []
    for day, name in sorted(days):
        if day.weekday() < 5:
            continue
        other = day + timedelta(days=1)
        while other.weekday() >= 5 or other in taken:
            other += timedelta(days=1)
        taken.add(other)
        in_lieu.append((other, "Nghỉ bù %s" % name))
    return sorted(days + in_lieu)
