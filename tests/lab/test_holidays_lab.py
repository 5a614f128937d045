"""Iran's holidays in a running Asterisk: with `holidays_from: IR` the dialplan Asterisk
loaded closes on the package's days, and a real SIPp call on a day that is a holiday
today (office time) takes the closed branch, while the same office on an ordinary day
queues the caller. Everything is read from Asterisk: its dialplan, Master.csv, queue_log.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import holidays
import jdatetime
import pytest

from provision.lab import Lab

from .callcenter_lab import CallCenter, callcenter_profile, wait_for
from .conftest import lab_unavailable

pytestmark = pytest.mark.lab
ZONE = "Asia/Tehran"


def _profile(holiday_today: bool) -> dict:
    data = callcenter_profile("http://127.0.0.1:9/unused", holiday_today=holiday_today)
    data.pop("crm_webhook")
    data["office"].update(timezone=ZONE, calendar="jalali", holidays_from="IR")
    return data


@pytest.fixture(scope="module")
def center(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CallCenter]:
    reason = lab_unavailable()
    if reason:
        pytest.skip(reason)
    lab = Lab.named((os.environ.get("TAMAS_LAB") or "test") + "-hol")
    lab.up()
    folder = tmp_path_factory.mktemp("holidays")
    cc = CallCenter(lab, folder / "office.yaml", None, folder)  # type: ignore[arg-type]
    try:
        yield cc
    finally:
        cc.stop_all()
        lab.down()


def _next(month: int, day: int, after: date) -> str:
    """The next Jalali month/day after a date, as an ISO date (1 Farvardin: Nowruz)."""
    year = jdatetime.date.fromgregorian(date=after).year
    for y in (year, year + 1):
        found = jdatetime.date(y, month, day).togregorian()
        if found > after:
            return found.isoformat()
    raise AssertionError("unreachable")


def _loaded_closed_days(cc: CallCenter) -> set[str]:
    """The dates Asterisk's loaded [office-hours] closes on."""
    shown = cc.rx("dialplan show s@office-hours")
    return {part.split('"')[1] for part in shown.split('${TODAY}" = ')[1:]}


def test_a_holiday_today_takes_the_closed_branch_and_iran_s_days_are_loaded(
    center: CallCenter,
) -> None:
    today = datetime.now(ZoneInfo(ZONE)).date()
    center.apply(_profile(holiday_today=True))
    loaded = _loaded_closed_days(center)
    # The next Nowruz (1 Farvardin; 2027-03-21 in 2026) and Revolution Day (22 Bahman)
    # come from the holidays package alone: the profile lists only today.
    expected = {_next(1, 1, today), _next(11, 22, today), today.isoformat()}
    assert expected <= loaded, loaded
    result = center.call("caller_hold.xml", "09120000021", hold_ms=6000)
    assert result.successful == 1, result.output[-1500:]
    cdr = wait_for(lambda: [r for r in center.cdrs() if r[1] == "09120000021"], 10, "the CDR")
    assert cdr[-1][7] == "VoiceMail" and cdr[-1][-1] == "closed", cdr
    assert not center.callid_of("09120000021")  # never reached the queue


def test_on_an_ordinary_day_the_same_office_queues_the_caller(center: CallCenter) -> None:
    today = datetime.now(ZoneInfo(ZONE)).date()
    if today in holidays.country_holidays("IR", years=today.year):
        pytest.skip(f"{today} is an official holiday in Iran: no ordinary day to call on")
    center.apply(_profile(holiday_today=False))
    loaded = _loaded_closed_days(center)
    assert _next(1, 1, today) in loaded and today.isoformat() not in loaded, loaded
    result = center.call("caller_key.xml", "09120000022", key="1", hold_ms=4000)
    assert result.successful == 1, result.output[-1500:]
    wait_for(lambda: center.callid_of("09120000022"), 10, "ENTERQUEUE of the caller")
    cdr = wait_for(lambda: [r for r in center.cdrs() if r[1] == "09120000022"], 10, "the CDR")
    assert cdr[-1][-1] != "closed", cdr
