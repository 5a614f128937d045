"""Today's counters per queue, from Asterisk's queue_log since the office's midnight.

app_queue's own counters (Completed, Abandoned, ServicelevelPerf) run since Asterisk
started or since the last `queue reset stats`, which is not "today" once Asterisk has
been up for more than a day. The queue_log is the record the reports read, so the
dashboard and `tamas report` agree: the same engine (appliance.reports) counts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from appliance.monitor.snapshot import QueueToday
from appliance.profile.model import Profile
from appliance.reports import Interval, Report, Settings, build_report

TodayReader = Callable[[], Mapping[str, QueueToday]]


def today_from_report(report: Report) -> dict[str, QueueToday]:
    """The per-queue rows of a day's KPI report, as the snapshot carries them."""
    return {
        k.group: QueueToday(
            offered=k.offered or 0, answered=k.answered, abandoned=k.abandoned or 0,
            service_level=k.service_level, asa_s=k.asa_s,
        )
        for k in report.queues
    }


def queue_log_reader(queue_log: Path, profile: Profile | None) -> TodayReader:
    """Reads the whole of today on each call (a busy day's log takes milliseconds; see
    bench/report_bench.py); before the first call of the day there is no file yet."""

    def read() -> Mapping[str, QueueToday]:
        if not queue_log.is_file():
            return {}
        return today_from_report(day_report(queue_log, profile, datetime.now(UTC)))

    return read


def day_report(queue_log: Path, profile: Profile | None, now: datetime) -> Report:
    """The report from the office's local midnight up to `now` (timezone-aware)."""
    base = Settings.from_profile(profile)
    local = now.astimezone(ZoneInfo(base.timezone))
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    end = int(local.timestamp()) + 1
    settings = Settings.from_profile(profile, start=int(midnight.timestamp()), end=end, now=end)
    return build_report([queue_log], profile, settings, "queue", Interval.hour)
