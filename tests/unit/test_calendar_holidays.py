"""The Jalali calendar, the office's closed days (its own and Iran's official holidays),
and the dialplan that closes on them. Expected dates are worked out by hand in comments
(Jalali months 1-6 have 31 days, 7-11 have 30; 1405/01/01 is 2026-03-21), not taken from
the code."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from appliance.assets import hardware_dir
from appliance.calendar import (
    fa_digits,
    fa_number,
    gregorian,
    jalali_date,
    jalali_long_fa,
    week_start,
    year_span,
)
from appliance.closed_days import closed_days, closed_in_year
from appliance.errors import InputError, ProfileError
from appliance.profile import parse_profile
from appliance.profile.model import Office, Profile
from appliance.secrets import Secrets
from provision.cli.main import build_app, main
from provision.render import render_all
from tests.unit.conf_flat import flatten

TEHRAN = hardware_dir() / "examples" / "tehran-shop.yaml"


def _data() -> dict[str, Any]:
    return yaml.safe_load(TEHRAN.read_text())


# -- calendar -------------------------------------------------------------------------


def test_jalali_dates_of_known_days() -> None:
    # 1405/09/11: 6*31 + 2*30 + 10 = 256 days after 1405/01/01 = 2026-03-21 -> 2026-12-02.
    assert jalali_date(date(2026, 12, 2)) == "1405/09/11"
    assert jalali_date(date(2026, 3, 21)) == "1405/01/01"
    assert jalali_date(date(2026, 3, 20)) == "1404/12/29"  # 1404 is not a leap year
    assert gregorian(1406, 1, 1) == date(2027, 3, 21)
    # 22 Bahman (Revolution Day) 1405: 186 + 4*30 + 21 = 327 days after 2026-03-21.
    assert gregorian(1405, 11, 22) == date(2027, 2, 11)
    with pytest.raises(ValueError):
        gregorian(1405, 7, 31)  # Mehr has 30 days


def test_the_persian_week_starts_on_saturday() -> None:
    wednesday = date(2026, 12, 2)
    assert week_start(wednesday, "jalali") == date(2026, 11, 28)  # Saturday
    assert week_start(wednesday, "gregorian") == date(2026, 11, 30)  # Monday
    saturday = date(2026, 11, 28)
    assert week_start(saturday, "jalali") == saturday
    assert week_start(date(2026, 12, 4), "jalali") == saturday  # Friday ends that week


def test_persian_digits_and_names() -> None:
    assert fa_digits("1405/09/11") == "۱۴۰۵/۰۹/۱۱"
    assert fa_number("83.3%") == "۸۳٫۳٪"
    assert fa_number("4.20") == "۴٫۲۰"
    assert jalali_long_fa(date(2026, 12, 2)) == "چهارشنبه ۱۱ آذر ۱۴۰۵"


def test_a_year_is_jalali_or_gregorian_by_its_size() -> None:
    # 1406 ends the day before 1407/01/01; 1406 has 365 days (1403 was the last leap year).
    assert year_span(1406) == (date(2027, 3, 21), date(2028, 3, 19))
    assert year_span(2027) == (date(2027, 1, 1), date(2027, 12, 31))


# -- the profile ----------------------------------------------------------------------


def test_tehran_offices_default_to_jalali_and_others_to_gregorian() -> None:
    assert Office(name="x", timezone="Asia/Tehran").calendar == "jalali"
    assert Office(name="x", timezone="Europe/Berlin").calendar == "gregorian"
    assert Office(name="x").calendar == "gregorian"
    assert Office(name="x", timezone="Asia/Tehran", calendar="gregorian").calendar == "gregorian"


def test_a_wrong_calendar_or_country_is_named_with_what_would_be_right() -> None:
    data = _data()
    data["office"].update(calendar="persian", holidays_from="iran")
    with pytest.raises(ProfileError) as caught:
        parse_profile(yaml.safe_dump(data))
    lines = [str(p) for p in caught.value.problems]
    assert lines == [
        "office.calendar: must be one of: jalali or gregorian (got 'persian')",
        "office.holidays_from: must be one of: IR (got 'iran')",
    ]


# -- closed days ----------------------------------------------------------------------


def _office(**changes: Any) -> Office:
    return Office(name="x", timezone="Asia/Tehran", **changes)


def test_iran_s_holidays_of_the_coming_year_close_the_office() -> None:
    days = {d.day: d for d in closed_days(_office(holidays_from="IR"), date(2026, 12, 2))}
    nowruz = days[date(2027, 3, 21)]  # 1406/01/01
    assert (nowruz.jalali, nowruz.name, nowruz.sources) == ("1406/01/01", "Nowruz", ("IR",))
    assert "نوروز" in nowruz.name_fa
    for day in (date(2027, 3, 22), date(2027, 3, 23), date(2027, 3, 24)):  # Nowruz 2 to 4
        assert day in days
    assert date(2027, 2, 11) in days  # 22 Bahman
    assert date(2027, 4, 2) in days  # 13 Farvardin, Nature's Day
    # A lunar one: Eid al-Fitr, ~354 days after 2026-03-20/21, i.e. about 2027-03-10.
    assert any(date(2027, 3, 9) <= d <= date(2027, 3, 11) and "Fitr" in days[d].name
               for d in days)
    # A year ahead only: last Nowruz is behind, and 2028's is past the window (366 days).
    assert date(2026, 3, 21) not in days
    assert max(days) <= date(2027, 12, 2)
    assert date(2026, 12, 2) not in days  # not a holiday in Iran


def test_the_window_moves_with_today() -> None:
    after_nowruz = closed_days(_office(holidays_from="IR"), date(2027, 3, 25))
    assert date(2027, 3, 21) not in {d.day for d in after_nowruz}
    # 2028-03-20 is Nowruz 1407 (1406 has 365 days: 2027-03-21 + 365).
    assert date(2028, 3, 20) in {d.day for d in after_nowruz}


def test_the_profile_s_holidays_add_to_the_official_ones() -> None:
    office = _office(holidays_from="IR", holidays=[date(2027, 1, 5), date(2027, 3, 21),
                                                   date(2020, 1, 1)])
    days = {d.day: d for d in closed_days(office, date(2026, 12, 2))}
    assert days[date(2027, 1, 5)].sources == ("profile",)
    assert days[date(2027, 3, 21)].sources == ("profile", "IR")  # one day, both sources
    assert date(2020, 1, 1) in days  # the installer's days are kept as typed
    assert [d.day for d in closed_days(_office(holidays=[date(2027, 1, 5)]),
                                       date(2026, 12, 2))] == [date(2027, 1, 5)]


def test_closed_days_of_one_jalali_year() -> None:
    days = closed_in_year(_office(holidays_from="IR"), 1406)
    assert days[0].day == date(2027, 3, 21) and days[0].jalali == "1406/01/01"
    assert all(date(2027, 3, 21) <= d.day <= date(2028, 3, 19) for d in days)
    with pytest.raises(InputError, match="--year 30: must be a Jalali year"):
        closed_in_year(_office(), 30)


# -- the dialplan ---------------------------------------------------------------------


def _office_hours(data: dict[str, Any], today: date) -> list[str]:
    profile = Profile.model_validate(data)
    secrets = Secrets()
    secrets.ensure(profile)
    tree = render_all(profile, secrets, today=today)
    return flatten(tree["asterisk/extensions.conf"])["office-hours"]


def _closes_on(lines: list[str], day: str) -> bool:
    return f'same=n,GotoIf($["${{TODAY}}" = "{day}"]?closed)' in lines


def test_the_dialplan_closes_on_iran_s_holidays_before_it_looks_at_the_hours() -> None:
    lines = _office_hours(_data(), date(2026, 12, 2))
    assert lines[0] == "exten=s,1,Set(TODAY=${STRFTIME(${EPOCH},${OFFICE_TZ},%Y-%m-%d)})"
    for day in ("2027-03-21", "2027-03-24", "2027-02-11", "2027-01-05"):
        assert _closes_on(lines, day), day
    assert not _closes_on(lines, "2026-12-02")
    first_hours = next(i for i, line in enumerate(lines) if "GotoIfTime" in line)
    last_holiday = max(i for i, line in enumerate(lines) if "TODAY}\" =" in line)
    assert last_holiday < first_hours
    assert lines[-2:] == ["same=n(closed),Return(closed)", "same=n(open),Return(open)"]


def test_a_day_made_a_holiday_by_the_package_closes_that_day_only_while_ahead() -> None:
    data = _data()
    data["office"]["holidays"] = []
    assert _closes_on(_office_hours(data, date(2027, 3, 20)), "2027-03-21")
    assert not _closes_on(_office_hours(data, date(2027, 3, 22)), "2027-03-21")
    data["office"].pop("holidays_from")
    assert not _closes_on(_office_hours(data, date(2027, 3, 20)), "2027-03-21")


# -- tamas holidays -------------------------------------------------------------------


def test_tamas_holidays_lists_both_calendars_and_the_names() -> None:
    result = CliRunner().invoke(build_app(), ["holidays", str(TEHRAN), "--json",
                                              "--year", "1406"])
    assert result.exit_code == 0, result.output
    days = json.loads(result.output)
    assert days[0] == {"date": "2027-03-21", "jalali": "1406/01/01", "weekday": "Sun",
                       "name": "Nowruz", "name_fa": days[0]["name_fa"], "sources": ["IR"]}
    assert "نوروز" in days[0]["name_fa"]
    table = CliRunner().invoke(build_app(), ["holidays", str(TEHRAN), "--year", "2027"])
    assert table.exit_code == 0
    assert "1405/10/15" in table.output and "2027-01-05" in table.output  # the shop's own day
    assert "profile" in table.output


def test_tamas_holidays_rejects_a_year_in_neither_calendar(capsys) -> None:
    assert main(["holidays", str(TEHRAN), "--year", "99"]) == 2
    err = capsys.readouterr().err
    assert "--year 99: must be a Jalali year (1300-1500, e.g. 1406)" in err
    assert "Traceback" not in err


def test_an_official_holiday_is_never_a_scheduled_day_of_the_roster() -> None:
    from appliance.reports.intervals import Clock
    from appliance.reports.schedule import Roster

    data = _data()
    data["agents"] = [{"extension": 101, "name": "Maryam",
                       "shifts": [{"days": "sat-thu", "start": "09:00", "end": "17:00"}]}]
    nowruz, ordinary = date(2027, 3, 21), date(2027, 3, 28)  # both Sundays
    roster = Roster(Profile.model_validate(data), Clock("Asia/Tehran"))
    assert roster.windows("101", nowruz) == [] and roster.windows("101", ordinary) != []
    data["office"].pop("holidays_from")
    assert Roster(Profile.model_validate(data), Clock("Asia/Tehran")).windows("101", nowruz)
