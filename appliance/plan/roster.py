"""How many agents can take calls at the peak, from the roster or the queues."""

from __future__ import annotations

from itertools import pairwise

from appliance.profile.model import Profile, parse_clock, parse_days


def minute_of_day(clock: str) -> int:
    if clock == "24:00":  # parse_clock gives time.max for the end of the day
        return 24 * 60
    value = parse_clock(clock)
    return value.hour * 60 + value.minute


def most_on_shift(profile: Profile) -> int:
    """The most active agents on shift at the same moment in the week."""
    by_day: dict[str, list[tuple[int, int]]] = {}  # day -> (minute, +1 start / -1 end)
    for agent in profile.agents:
        if agent.left is not None:
            continue
        for shift in agent.shifts:
            for day in parse_days(shift.days):
                by_day.setdefault(day, []).append((minute_of_day(shift.start), 1))
                by_day.setdefault(day, []).append((minute_of_day(shift.end), -1))
    best = 0
    for events in by_day.values():
        now = 0
        # Ends sort before starts at the same minute: back-to-back shifts do not overlap.
        for _, step in sorted(events):
            now += step
            best = max(best, now)
    return best


def staffed_agents(profile: Profile) -> int | None:
    """Agents at the peak: most on shift if the roster has shifts, else roster or members."""
    active = [a for a in profile.agents if a.left is None]
    if any(a.shifts for a in active):
        return most_on_shift(profile) or None
    if active:
        return len(active)
    members = {m.extension for q in profile.queues for m in q.member_list}
    return len(members) or None


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def thinnest_cover(profile: Profile) -> tuple[int, str, str] | None:
    """Fewest active agents on shift during opening hours: (count, day, 'HH:MM-HH:MM').

    None when the roster has no shifts or the office gives no opening hours.
    """
    active = [a for a in profile.agents if a.left is None and a.shifts]
    if not active or not profile.office.business_hours:
        return None
    shifts: dict[str, list[tuple[int, int]]] = {}
    for agent in active:
        for shift in agent.shifts:
            for day in parse_days(shift.days):
                shifts.setdefault(day, []).append(
                    (minute_of_day(shift.start), minute_of_day(shift.end))
                )
    worst: tuple[int, str, str] | None = None
    for hours in profile.office.business_hours:
        opened, closed = minute_of_day(hours.open), minute_of_day(hours.close)
        for day in parse_days(hours.days):
            spans = shifts.get(day, [])
            cuts = sorted({opened, closed, *(m for span in spans for m in span
                                              if opened < m < closed)})
            for start, end in pairwise(cuts):
                count = sum(1 for s, e in spans if s <= start and end <= e)
                if worst is None or count < worst[0]:
                    worst = (count, day, f"{_clock(start)}-{_clock(end)}")
    return worst
