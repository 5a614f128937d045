"""The office's calendar: Gregorian or Jalali (the Solar Hijri calendar Iran uses).

Pure conversions and formats, no clock: callers pass the date or the moment (already in
the office's time zone). Persian digits and names are for people; files and JSON keep
ASCII digits so that scripts can read them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

import jdatetime

Calendar = Literal["jalali", "gregorian"]
CALENDARS: tuple[Calendar, ...] = ("jalali", "gregorian")
# Offices in these zones keep the Jalali calendar unless the profile says otherwise.
JALALI_ZONES = frozenset({"Asia/Tehran"})
# date.weekday() of the first day of the week: Saturday in Persian views, else Monday.
WEEK_START = {"jalali": 5, "gregorian": 0}

JALALI_MONTHS_FA = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip
# By date.weekday(): Monday first.
WEEKDAYS_FA = ("دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه")
_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# Gregorian years are four digits from 1583 on; Jalali years stay below 1700 for centuries.
_JALALI_YEAR_LIMIT = 1700


def default_calendar(timezone: str) -> Calendar:
    return "jalali" if timezone in JALALI_ZONES else "gregorian"


def jalali(day: date) -> tuple[int, int, int]:
    """2026-12-02 -> (1405, 9, 11)."""
    j = jdatetime.date.fromgregorian(date=day)
    return j.year, j.month, j.day


def gregorian(year: int, month: int, day: int) -> date:
    """(1406, 1, 1) -> 2027-03-21; ValueError for a day the Jalali month lacks."""
    return jdatetime.date(year, month, day).togregorian()


def jalali_date(day: date) -> str:
    """2026-12-02 -> '1405/09/11'."""
    y, m, d = jalali(day)
    return f"{y:04d}/{m:02d}/{d:02d}"


def jalali_moment(moment: datetime, seconds: bool = False) -> str:
    """A local moment -> '1405/09/11 09:30' (the clock is the same in both calendars)."""
    clock = moment.strftime("%H:%M:%S" if seconds else "%H:%M")
    return f"{jalali_date(moment.date())} {clock}"


def jalali_long_fa(day: date) -> str:
    """2026-12-02 -> 'چهارشنبه ۱۱ آذر ۱۴۰۵' (weekday, day, month name, year)."""
    y, m, d = jalali(day)
    return fa_digits(f"{WEEKDAYS_FA[day.weekday()]} {d} {JALALI_MONTHS_FA[m - 1]} {y}")


def fa_digits(text: str) -> str:
    """ASCII digits -> Persian digits, for text people read."""
    return text.translate(_FA_DIGITS)


def fa_number(text: str) -> str:
    """A shown number -> Persian: digits, the decimal separator '٫' and the percent sign '٪'."""
    out = fa_digits(text)
    out = "".join("٫" if c == "." and 0 < i < len(out) - 1 and out[i - 1].isdigit()
                  else c for i, c in enumerate(out))
    return out.replace("%", "٪")


def week_start(day: date, calendar: Calendar) -> date:
    """The first day of the week holding `day`: Saturday for jalali, Monday otherwise."""
    return day - timedelta(days=(day.weekday() - WEEK_START[calendar]) % 7)


def year_span(year: int) -> tuple[date, date]:
    """[first, last] Gregorian dates of a year given as Jalali (e.g. 1406) or Gregorian (2027)."""
    if year < _JALALI_YEAR_LIMIT:
        first = gregorian(year, 1, 1)
        return first, gregorian(year + 1, 1, 1) - timedelta(days=1)
    return date(year, 1, 1), date(year, 12, 31)
