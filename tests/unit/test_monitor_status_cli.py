"""`tamas status`'s table: which counters it shows and what it says when AMI is down."""

from __future__ import annotations

from datetime import UTC, datetime

from appliance.monitor.build import build_snapshot
from appliance.monitor.snapshot import QueueToday, SourceState
from appliance.monitor.watch import watch_for
from provision.cli.output import console
from provision.cli.status_cmd import show
from tests.unit.router_helpers import shop

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _shown(ami_up: bool, today: dict[str, QueueToday] | None) -> str:
    sources = [SourceState(name="ami", connected=ami_up,
                           error="" if ami_up else "AMI at 127.0.0.1:5038 did not answer")]
    snap = build_snapshot(watch_for(shop()), None, sources, None, None, NOW, today)
    width = console.width
    console.width = 120  # tables wrap to the terminal; keep rows on one line here
    try:
        with console.capture() as captured:
            show(snap, "lab t")
    finally:
        console.width = width
    return captured.get()


def test_today_from_the_queue_log_is_shown_and_named() -> None:
    text = _shown(True, {"support": QueueToday(offered=9, answered=7, abandoned=2,
                                               service_level=0.75)})
    assert "today: from the queue_log since midnight" in text
    row = next(line for line in text.splitlines() if "support" in line and "│" in line)
    assert [cell.strip() for cell in row.split("│")[5:8]] == ["7", "2", "75% in 20 s"]


def test_without_a_queue_log_the_title_says_whose_counters_they_are() -> None:
    assert "since Asterisk started; no queue_log here" in _shown(True, None)


def test_ami_down_is_said_and_lines_are_not_guessed() -> None:
    text = _shown(False, {})
    assert "ami-down" in text and "did not answer" in text
    row = next(line for line in text.splitlines() if "city" in line and "│" in line)
    assert "? (AMI down)" in row and "unregistered" not in row
