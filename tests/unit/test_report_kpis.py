"""Every call KPI against tests/fixtures/queue_logs/basic.log, computed by hand.

The log (UTC, 2026-01-05 09:00 = 1767603600) holds nine calls to 'support':
c1 answered after 10 s, talked 120 s; c2 abandoned after 3 s (short); c3 abandoned
after 40 s; c4 answered after 30 s, talked 100 s; c5 timed out after 300 s; c6 left
with a key after 20 s; c7 left an empty queue after 3 s; c8 answered after 5 s and
was transferred after 60 s; c9 is still waiting. One BLOCKED, two surveys (5 and 3),
one unknown event (FOOBAR), two malformed lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from appliance.reports import Interval, Settings, build_report

LOGS = Path(__file__).parents[1] / "fixtures" / "queue_logs"


@pytest.fixture(scope="module")
def report():
    return build_report([LOGS / "basic.log"])


def test_outcome_counts(report):
    t = report.total
    assert (t.offered, t.answered, t.abandoned, t.short_abandoned) == (9, 3, 2, 1)
    assert (t.timed_out, t.exited_key, t.exited_empty, t.still_waiting) == (1, 1, 1, 1)
    assert (t.completed, t.transferred, t.blocked) == (3, 1, 1)


def test_rates_as_defined(report):
    t = report.total
    assert t.abandon_rate == pytest.approx((2 - 1) / (9 - 1))  # short abandon left out
    assert t.service_level == pytest.approx(2 / 8)  # c1 (10 s) and c8 (5 s) within 20 s
    assert t.blocked_rate == pytest.approx(1 / (9 + 1))


def test_times(report):
    t = report.total
    assert t.asa_s == 15.0  # (10 + 30 + 5) / 3
    assert t.avg_queue_time_s == 51.4  # (10+3+40+30+300+20+3+5) / 8 calls that left
    assert t.talk_s == 93.3  # (120 + 100 + 60) / 3
    assert t.acw_s == 0.0  # no profile: no wrap-up, and no after-call pauses
    assert t.aht_s == 93.3


def test_csat_and_fcr_not_yet_judged(report):
    t = report.total
    assert (t.csat_mean, t.csat_top2, t.csat_responses) == (4.0, 0.5, 2)
    assert t.fcr is None  # the log spans 15 minutes: no 24 h window has passed
    assert report.parse.fcr_not_judged == 3


def test_bad_lines_are_counted_not_fatal(report):
    assert report.parse.malformed == 2
    assert report.parse.unknown_events == {"FOOBAR": 1}
    assert (report.parse.lines, report.parse.events) == (26, 23)


def test_per_agent(report):
    agents = {row.group: row for row in report.agents}
    assert set(agents) == {"101", "102"}  # PJSIP/101 -> 101 without a profile
    sara = agents["101"]
    assert (sara.answered, sara.asa_s, sara.talk_s) == (2, 7.5, 90.0)
    assert sara.offered is None and sara.abandon_rate is None  # not per agent
    assert agents["102"].csat_mean == 3.0
    assert [b.extension for b in report.busiest] == ["101", "102"]


def test_intervals_by_entry_time():
    report = build_report([LOGS / "basic.log"], by="interval", interval=Interval.quarter)
    rows = {row.group: row for row in report.groups}
    # every call entered 09:00-09:14; the BLOCKED line is at 09:15
    assert rows["2026-01-05 09:00"].offered == 9
    assert rows["2026-01-05 09:15"].offered == 0
    assert rows["2026-01-05 09:15"].blocked == 1


def test_short_abandon_threshold_is_configurable():
    report = build_report([LOGS / "basic.log"], settings=Settings(short_abandon_s=0))
    assert report.total.short_abandoned == 0
    assert report.total.abandon_rate == pytest.approx(2 / 9, abs=1e-4)  # rounded to 4 places


def test_time_range_keeps_calls_that_entered_inside():
    start = 1767603600 + 300  # 09:05: c1..c4 entered before it
    report = build_report([LOGS / "basic.log"], settings=Settings(start=start))
    assert report.total.offered == 5  # c5..c9
    assert report.total.answered == 1  # c8
