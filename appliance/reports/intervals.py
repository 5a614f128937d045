"""Report intervals in the office's local time: 15 minutes, an hour, a day or a week
(from Monday, or from Saturday on the Jalali calendar).

Everything is first counted in 15-minute buckets (the finest interval; every real
time zone's offset is a multiple of 15 minutes), then rolled up into hours or days.
A bucket is named by the epoch second it starts at, so buckets sort and merge cheaply.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

QUARTER = 900


class Interval(StrEnum):
    quarter = "15m"
    hour = "1h"
    day = "1d"
    week = "1w"


class Clock:
    """Maps epoch seconds to local 15-minute buckets; caches the zone's offset."""

    def __init__(self, timezone: str = "UTC", week_start: int = 0) -> None:
        self.zone = ZoneInfo(timezone)
        self.timezone = timezone
        self.week_start = week_start  # date.weekday() of the week's first day
        self._offsets: dict[int, int] = {}

    def offset(self, t: int) -> int:
        """The zone's UTC offset in seconds at epoch `t` (cached per quarter hour)."""
        slot = t // QUARTER
        found = self._offsets.get(slot)
        if found is None:
            delta = datetime.fromtimestamp(slot * QUARTER, self.zone).utcoffset()
            found = int(delta.total_seconds()) if delta else 0
            self._offsets[slot] = found
        return found

    def quarter(self, t: int) -> int:
        """Start (epoch) of the local 15-minute bucket holding `t`."""
        return t - (t + self.offset(t)) % QUARTER

    def local(self, t: int) -> datetime:
        return datetime.fromtimestamp(t, self.zone)

    def start_of(self, t: int, interval: Interval) -> int:
        """Start (epoch) of the local interval holding `t`."""
        if interval is Interval.quarter:
            return self.quarter(t)
        moment = self.local(t)
        if interval is Interval.hour:
            moment = moment.replace(minute=0, second=0, microsecond=0)
        else:
            moment = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        if interval is Interval.week:
            first = moment.date() - timedelta(days=(moment.weekday() - self.week_start) % 7)
            moment = datetime(first.year, first.month, first.day, tzinfo=self.zone)
        return int(moment.timestamp())

    def label(self, t: int, interval: Interval) -> str:
        moment = self.local(t)
        return (
            moment.strftime("%Y-%m-%d")
            if interval in (Interval.day, Interval.week)
            else moment.strftime("%Y-%m-%d %H:%M")
        )

    def midnight_after(self, t: int) -> int:
        """The next local midnight after epoch `t` (DST-safe)."""
        day = self.local(t).date() + timedelta(days=1)
        return int(datetime(day.year, day.month, day.day, tzinfo=self.zone).timestamp())


def split_span(clock: Clock, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(quarter bucket, seconds) pieces of the time span [start, end)."""
    t = start
    while t < end:
        bucket = clock.quarter(t)
        stop = min(end, bucket + QUARTER)
        yield bucket, stop - t
        t = stop
