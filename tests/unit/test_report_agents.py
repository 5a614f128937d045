"""Agent KPIs against tests/fixtures/queue_logs/agents.log with office.yaml, by hand.

09:00 Sara logs in. Call c1: 10 s wait, 300 s talk, ends 09:06:50; Sara pauses 'ACW'
2 s later for 60 s, so ACW runs from the call's end to the unpause: max(15 s wrap-up,
62 s). Call c2: 5 s wait, 100 s talk, ends 09:10:05, no after-call pause, so its ACW is
the queue's 15 s wrap-up. 09:15 Sara pauses for all queues (PAUSEALL, no reason, logged
by interface PJSIP/101) then 'lunch'; 09:20 the reason changes to 'training'; 09:25
unpause; 09:50 Sara logs out. Reza logs in 09:10, misses a ring, takes a 'break'
09:50-09:55, logs out 09:58:20. Mina is on the roster and never logs in. Everyone's
shift is 09:00-17:00 Mon-Fri.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from appliance.profile import load_profile
from appliance.reports import Settings, build_report

LOGS = Path(__file__).parents[1] / "fixtures" / "queue_logs"
T0 = 1767603600  # Mon 2026-01-05 09:00 UTC


@pytest.fixture(scope="module")
def profile():
    return load_profile(LOGS / "office.yaml")


@pytest.fixture(scope="module")
def report(profile):
    settings = Settings.from_profile(profile, start=T0, end=T0 + 3600)
    return build_report([LOGS / "agents.log"], profile, settings, by="agent")


def rows(report):
    return {row.group: row for row in report.agents}


def test_member_names_and_interfaces_map_to_extensions(report):
    assert set(rows(report)) == {"101", "102", "103"}
    assert rows(report)["101"].label == "101 Sara"


def test_pause_split_when_reason_changes(report):
    sara = rows(report)["101"]
    assert sara.pause_by_reason == {"ACW": 60, "lunch": 300, "training": 300}
    assert sara.paused_s == 660
    assert sara.logged_in_s == 3000


def test_acw_from_pause_and_from_wrapup(report):
    sara = rows(report)["101"]
    assert sara.acw_s == 38.5  # (62 + 15) / 2
    assert sara.talk_s == 200.0
    assert sara.aht_s == 238.5


def test_occupancy(report):
    assert rows(report)["101"].occupancy == round((400 + 77) / 3000, 4)
    assert rows(report)["102"].occupancy == 0.0
    assert report.total.occupancy == round(477 / (3000 + 2900), 4)


def test_adherence_and_absenteeism(report):
    sara, reza, mina = (rows(report)[k] for k in ("101", "102", "103"))
    # Sara works 09:00-09:15 (the ACW pause counts as work) and 09:25-09:50
    assert sara.adherence == round(2400 / 3600, 4)
    assert reza.adherence == round(2600 / 3600, 4)
    assert (sara.absent_days, reza.absent_days) == (0, 0)
    assert (mina.scheduled_days, mina.absent_days, mina.absenteeism) == (1, 1, 1.0)
    assert mina.adherence == 0.0


def test_ring_no_answer(report):
    assert rows(report)["102"].ring_no_answer == 1


def test_turnover_needs_roster_or_counts_leavers(profile):
    week = Settings.from_profile(profile, start=T0, end=T0 + 4 * 86400)
    report = build_report([LOGS / "agents.log"], profile, week)
    assert report.turnover == round(1 / 3, 4)  # Mina left on 2026-01-06
    bare = build_report([LOGS / "agents.log"])
    assert bare.turnover is None and bare.turnover_note.startswith("needs roster")


def test_static_members_give_no_occupancy():
    report = build_report([LOGS / "basic.log"], by="agent")
    assert all(row.occupancy is None and row.adherence is None for row in report.agents)
    assert any("no log-in records" in note for note in report.notes)
