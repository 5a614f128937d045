"""KPI reports from Asterisk's queue_log: `build_report` for the CLI, `kpi_page` for the TUI."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from appliance.calendar import WEEK_START
from appliance.errors import InputError
from appliance.profile.model import Profile
from appliance.reports.dates import in_calendar
from appliance.reports.engine import Engine, Settings
from appliance.reports.intervals import Interval
from appliance.reports.kpi import BY_CHOICES, summarize
from appliance.reports.model import Kpis, Report
from appliance.reports.queue_log import log_files, read_events

__all__ = ["BY_CHOICES", "Interval", "Kpis", "Report", "Settings", "build_report", "kpi_page"]


def build_report(
    paths: Iterable[Path],
    profile: Profile | None = None,
    settings: Settings | None = None,
    by: str = "queue",
    interval: Interval = Interval.hour,
) -> Report:
    """Read the queue_log files (plain or .gz, any rotation order) and compute the report."""
    if by not in BY_CHOICES:
        raise InputError(f"--by {by!r}: must be one of {', '.join(BY_CHOICES)}")
    settings = settings or Settings.from_profile(profile)
    if settings.queue is not None and profile is not None and profile.queue(settings.queue) is None:
        known = ", ".join(q.name for q in profile.queues) or "(none)"
        raise InputError(
            f"--queue {settings.queue!r}: no such queue in the profile; known: {known}"
        )
    engine = Engine(settings, profile)
    engine.run(read_events(log_files(paths), engine.stats))
    report = summarize(engine, by, interval, profile.office.name if profile else None)
    return in_calendar(report, settings.calendar)


def kpi_page(
    paths: Iterable[Path], profile: Profile | None, now: datetime
) -> tuple[Report, Report]:
    """The TUI's KPI page: (today, this week) per queue and per agent, up to `now`.

    `now` must be timezone-aware; days and weeks are the office's local ones, a week
    from Monday, or from Saturday on the Jalali calendar.
    """
    files = list(paths)
    base = Settings.from_profile(profile)
    local = now.astimezone(ZoneInfo(base.timezone))
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    week = midnight - timedelta(days=(local.weekday() - WEEK_START[base.calendar]) % 7)
    end = int(local.timestamp()) + 1
    reports = []
    for start, interval in ((midnight, Interval.hour), (week, Interval.day)):
        settings = Settings.from_profile(profile, start=int(start.timestamp()), end=end, now=end)
        reports.append(build_report(files, profile, settings, "queue", interval))
    return reports[0], reports[1]
