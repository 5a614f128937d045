"""Agents' shifts from the profile's roster, as epoch windows in the office's time zone.

Used for schedule adherence (time logged in and working inside a shift), absenteeism
(scheduled days with no log-in at all) and turnover (agents who left in the period).
An agent is on the roster from `started` (inclusive) until `left` (exclusive: the day
they left is not scheduled). Office holidays (the profile's and holidays_from's) are
never scheduled.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import date, datetime, time, timedelta

from appliance.closed_days import ClosedDaySet
from appliance.profile.model import WEEKDAYS, Agent, Profile, parse_clock, parse_days
from appliance.reports.intervals import Clock

Window = tuple[int, int]


def _seconds(clock_text: str) -> int:
    value = parse_clock(clock_text)
    if value == time.max:
        return 86400
    return value.hour * 3600 + value.minute * 60


class Roster:
    def __init__(self, profile: Profile | None, clock: Clock) -> None:
        self.clock = clock
        self.agents: list[Agent] = list(profile.agents) if profile else []
        # The office's own holidays and, with holidays_from, the official ones.
        self.holidays: Container[date] = ClosedDaySet(profile.office) if profile else set()
        self._by_key = {str(a.extension): a for a in self.agents}
        self._windows: dict[tuple[str, int], list[Window]] = {}

    def __bool__(self) -> bool:
        return bool(self.agents)

    def has_shifts(self, key: str) -> bool:
        agent = self._by_key.get(key)
        return agent is not None and bool(agent.shifts)

    def employed(self, agent: Agent, day: date) -> bool:
        return (agent.started is None or agent.started <= day) and (
            agent.left is None or day < agent.left
        )

    def windows(self, key: str, day: date) -> list[Window]:
        """The agent's shift windows that start on local `day`."""
        cached = self._windows.get((key, day.toordinal()))
        if cached is not None:
            return cached
        found: list[Window] = []
        agent = self._by_key.get(key)
        if agent and day not in self.holidays and self.employed(agent, day):
            midnight = datetime(day.year, day.month, day.day, tzinfo=self.clock.zone)
            weekday = WEEKDAYS[day.weekday()]
            for shift in agent.shifts:
                if weekday not in parse_days(shift.days):
                    continue
                start, end = _seconds(shift.start), _seconds(shift.end)
                if end <= start:  # a night shift ends the next morning
                    end += 86400
                found.append(
                    (
                        int((midnight + timedelta(seconds=start)).timestamp()),
                        int((midnight + timedelta(seconds=end)).timestamp()),
                    )
                )
        self._windows[(key, day.toordinal())] = found
        return found

    def _days(self, a: int, b: int) -> list[date]:
        first = self.clock.local(a).date() - timedelta(days=1)  # yesterday's night shift
        last = self.clock.local(max(a, b - 1)).date()
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]

    def in_shift(self, key: str, a: int, b: int) -> int:
        """Seconds of [a, b) that fall inside the agent's shifts."""
        total = 0
        for day in self._days(a, b):
            for start, end in self.windows(key, day):
                total += max(0, min(b, end) - max(a, start))
        return total

    def scheduled(self, key: str, a: int, b: int) -> tuple[int, list[date]]:
        """Scheduled seconds within [a, b), and the days whose shifts overlap it."""
        seconds, days = 0, []
        for day in self._days(a, b):
            overlap = sum(
                max(0, min(b, end) - max(a, start)) for start, end in self.windows(key, day)
            )
            if overlap > 0:
                seconds += overlap
                days.append(day)
        return seconds, days

    def turnover(self, a: int, b: int) -> tuple[int, int]:
        """(agents who left within [a, b), agents on the roster when it began)."""
        first, last = self.clock.local(a).date(), self.clock.local(max(a, b - 1)).date()
        headcount = sum(self.employed(agent, first) for agent in self.agents)
        leavers = sum(
            agent.left is not None and first < agent.left <= last for agent in self.agents
        )
        return leavers, headcount
