"""The days the office is closed all day: the profile's own holidays, and a country's
official ones from the `holidays` package (Iran's include the lunar feasts, which move
about eleven days a year and which the package computes, marked "estimated" ahead).

Pure: the caller says what today is (in the office's time zone), so a render or a test
gets the same answer for the same day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import holidays

from appliance.calendar import jalali_date, year_span
from appliance.errors import InputError
from appliance.profile.model import Office

# An apply closes the office on the official holidays of the year ahead; the next apply
# (or a daily re-apply) moves the window on.
WINDOW_DAYS = 366
_YEARS = (1300, 1500, 1900, 2100)  # Jalali and Gregorian years `--year` accepts

Source = Literal["profile", "IR"]


@dataclass(frozen=True)
class ClosedDay:
    day: date
    name: str  # English, from the package ("Nowruz"), or "holiday" for a profile's day
    name_fa: str  # Persian, for a country that has Persian names; else the English one
    sources: tuple[Source, ...]

    @property
    def jalali(self) -> str:
        return jalali_date(self.day)


def window(today: date) -> tuple[date, date]:
    """[first, last] day of the coming year, from today on."""
    return today, today + timedelta(days=WINDOW_DAYS - 1)


def official(country: str, first: date, last: date) -> list[ClosedDay]:
    years = list(range(first.year, last.year + 1))
    english = holidays.country_holidays(country, years=years, language="en_US")
    persian = holidays.country_holidays(country, years=years, language="fa_IR") \
        if "fa_IR" in holidays.country_holidays(country).supported_languages else english
    return [
        ClosedDay(day, "; ".join(english.get_list(day)), "؛ ".join(persian.get_list(day)),
                  (country,))  # type: ignore[arg-type]
        for day in sorted(english)
        if first <= day <= last
    ]


def closed_days(office: Office, first: date, last: date | None = None) -> list[ClosedDay]:
    """Closed days from `first` to `last` (default: the coming year from `first`):
    the country's official holidays, and every holiday the profile lists (those are
    kept whatever their date, as the installer typed them)."""
    last = last or window(first)[1]
    found = {d.day: d for d in official(office.holidays_from, first, last)} \
        if office.holidays_from else {}
    for day in office.holidays:
        known = found.get(day)
        if known is None:
            found[day] = ClosedDay(day, "holiday", "تعطیل", ("profile",))
        else:
            found[day] = ClosedDay(day, known.name, known.name_fa, ("profile", *known.sources))
    return [found[day] for day in sorted(found)]


def closed_in_year(office: Office, year: int) -> list[ClosedDay]:
    """The closed days of one year, Jalali (1406) or Gregorian (2027), for `tamas holidays`."""
    if not (_YEARS[0] <= year <= _YEARS[1] or _YEARS[2] <= year <= _YEARS[3]):
        raise InputError(
            f"--year {year}: must be a Jalali year ({_YEARS[0]}-{_YEARS[1]}, e.g. 1406)"
            f" or a Gregorian one ({_YEARS[2]}-{_YEARS[3]}, e.g. 2027)"
        )
    first, last = year_span(year)
    return [d for d in closed_days(office, first, last) if first <= d.day <= last]


class ClosedDaySet:
    """`day in closed` for any day: the profile's holidays and the official ones,
    computed one year at a time as days are asked about (reports span any period)."""

    def __init__(self, office: Office) -> None:
        self.office = office
        self._own = set(office.holidays)
        self._years: dict[int, set[date]] = {}

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        if day in self._own:
            return True
        if self.office.holidays_from is None:
            return False
        found = self._years.get(day.year)
        if found is None:
            first, last = date(day.year, 1, 1), date(day.year, 12, 31)
            found = self._years[day.year] = {
                d.day for d in official(self.office.holidays_from, first, last)}
        return day in found
