"""Today's queue counters come from the queue_log since the office's midnight (Tehran for
shop.yaml), not from app_queue's counters, which run since Asterisk started."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from appliance.monitor.build import build_snapshot
from appliance.monitor.monitor import Monitor
from appliance.monitor.snapshot import QueueToday, SourceState
from appliance.monitor.today import day_report, queue_log_reader, today_from_report
from appliance.monitor.watch import watch_for
from tests.unit.router_helpers import shop

TEHRAN = ZoneInfo("Asia/Tehran")
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=TEHRAN)
MIDNIGHT = int(datetime(2026, 3, 10, 0, 0, tzinfo=TEHRAN).timestamp())


def _call(t: int, call: str, wait: int, talk: int) -> list[str]:
    return [f"{t}|{call}|support|NONE|ENTERQUEUE||0912000{call}|1",
            f"{t + wait}|{call}|support|Sara|CONNECT|{wait}|{call}-a|1",
            f"{t + wait + talk}|{call}|support|Sara|COMPLETECALLER|{wait}|{talk}|1"]


def _log(tmp_path: Path) -> Path:
    lines = [
        *_call(MIDNIGHT - 3600, "y1", 5, 60),  # yesterday 23:00 local: not today
        *_call(MIDNIGHT + 3600, "t1", 8, 120),  # answered within 20 s
        *_call(MIDNIGHT + 7200, "t2", 45, 60),  # answered late
        f"{MIDNIGHT + 9000}|t3|support|NONE|ENTERQUEUE||09120003|1",
        f"{MIDNIGHT + 9030}|t3|support|NONE|ABANDON|1|1|30",
    ]
    path = tmp_path / "queue_log"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_only_today_is_counted(tmp_path: Path) -> None:
    today = today_from_report(day_report(_log(tmp_path), shop(), NOW))
    support = today["support"]
    assert (support.offered, support.answered, support.abandoned) == (3, 2, 1)
    # one of three kept calls answered within the profile's 20 s
    assert support.service_level is not None and abs(support.service_level - 1 / 3) < 0.01
    assert support.asa_s == 26.5


def test_no_queue_log_yet_means_no_calls(tmp_path: Path) -> None:
    assert queue_log_reader(tmp_path / "queue_log", shop())() == {}


def test_snapshot_carries_today_and_says_when_it_has_none() -> None:
    watch = watch_for(shop())
    sources = [SourceState(name="ami", connected=True)]
    counted = build_snapshot(watch, None, sources, None, None, NOW,
                             {"support": QueueToday(offered=4, answered=3, abandoned=1)})
    assert counted.queues[0].today == QueueToday(offered=4, answered=3, abandoned=1)
    quiet = build_snapshot(watch, None, sources, None, None, NOW, {})
    assert quiet.queues[0].today == QueueToday()  # a readable log without calls: zeros
    unknown = build_snapshot(watch, None, sources, None, None, NOW)
    assert unknown.queues[0].today is None  # no log for this target: no figure at all


def test_the_monitor_polls_the_log(tmp_path: Path) -> None:
    log = _log(tmp_path)
    reads: list[int] = []

    def reader() -> dict[str, QueueToday]:
        reads.append(1)
        return today_from_report(day_report(log, shop(), NOW))

    async def scenario() -> tuple[QueueToday | None, int]:
        monitor = Monitor(watch_for(shop()), None, None, None, today=reader,
                          today_every_s=0.05)
        await monitor.start()
        try:
            await asyncio.sleep(0.3)
            return monitor.snapshot().queues[0].today, len(reads)
        finally:
            await monitor.stop()

    today, polls = asyncio.run(scenario())
    assert today is not None and today.answered == 2
    assert polls >= 3  # re-read on its own, not only once
