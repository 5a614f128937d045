"""Turning tallies into KPIs: roll the 15-minute sums up into groups, then divide.

Every formula here is the one the README states; a ratio whose denominator is zero
is None ("no data"), not 0.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import add
from typing import TypeVar

from appliance.reports.engine import Engine
from appliance.reports.intervals import Interval
from appliance.reports.model import Busy, Kpis, ParseSummary, Report, Settings
from appliance.reports.tally import CallTally, TimeTally, call_values

BY_CHOICES = ("queue", "agent", "interval")
K = TypeVar("K")


def _ratio(part: float, whole: float, digits: int = 4) -> float | None:
    return round(part / whole, digits) if whole > 0 else None


def _roll_calls(
    table: dict[K, CallTally], group: Callable[[K], str | int | None]
) -> dict[str | int, CallTally]:
    sums: dict[str | int, list[int]] = {}
    for key, tally in table.items():
        name = group(key)
        if name is None:
            continue
        values = call_values(tally)
        into = sums.get(name)
        sums[name] = list(values) if into is None else list(map(add, into, values))
    return {name: CallTally.from_values(values) for name, values in sums.items()}


def _roll_times(
    table: dict[K, TimeTally], group: Callable[[K], str | int | None]
) -> dict[str | int, TimeTally]:
    rolled: dict[str | int, TimeTally] = {}
    for key, tally in table.items():
        name = group(key)
        if name is None:
            continue
        into = rolled.get(name)
        if into is None:
            into = rolled[name] = TimeTally()
        into.merge(tally)
    return rolled


def kpis(group: str, label: str, c: CallTally, t: TimeTally | None, per_agent: bool) -> Kpis:
    """The KPIs of one group from its sums (the definitions, in one place)."""
    kept = c.offered - c.short_abandoned  # short abandons leave both rates' denominators
    talk = _ratio(c.talk_s, c.completed, 1)
    acw = _ratio(c.acw_s, c.acw_calls, 1)
    out = Kpis(
        group=group,
        label=label,
        answered=c.answered,
        completed=c.completed,
        in_talk=c.in_talk,
        transferred=c.transferred,
        ring_no_answer=c.ring_no_answer,
        asa_s=_ratio(c.wait_answered_s, c.answered, 1),
        talk_s=talk,
        acw_s=acw,
        aht_s=round(talk + (acw or 0.0), 1) if talk is not None else None,
        fcr=_ratio(c.fcr_resolved, c.fcr_calls),
        fcr_calls=c.fcr_calls,
        csat_mean=_ratio(c.csat_sum, c.csat_responses, 2),
        csat_top2=_ratio(c.csat_top2, c.csat_responses),
        csat_responses=c.csat_responses,
    )
    if not per_agent:
        out.offered = c.offered
        out.abandoned = c.abandoned
        out.short_abandoned = c.short_abandoned
        out.timed_out = c.timed_out
        out.exited_key = c.exited_key
        out.exited_empty = c.exited_empty
        out.still_waiting = c.still_waiting
        out.blocked = c.blocked
        out.abandon_rate = _ratio(c.abandoned - c.short_abandoned, kept)
        out.avg_queue_time_s = _ratio(c.wait_left_s, c.left_queue, 1)
        out.service_level = _ratio(c.answered_in_target, kept)
        out.blocked_rate = _ratio(c.blocked, c.offered + c.blocked)
    if t is not None:
        out.logged_in_s = t.logged_in_s
        out.paused_s = t.paused_s
        out.pause_by_reason = dict(sorted(t.pause_reasons.items()))
        out.occupancy = _ratio(c.talk_s + c.acw_s, t.logged_in_s)
    return out


def _agent_schedule(engine: Engine, row: Kpis, start: int, end: int, logins: bool) -> None:
    roster = engine.roster
    if not roster.has_shifts(row.group) or end <= start:
        return
    scheduled, days = roster.scheduled(row.group, start, end)
    row.scheduled_s, row.scheduled_days = scheduled, len(days)
    if not logins:
        return  # without log-in records adherence cannot be judged
    row.adherence = _ratio(engine.work_in_shift[row.group], scheduled)
    absent = [d for d in days if (row.group, d.toordinal()) not in engine.login_days]
    row.absent_days = len(absent)
    row.absenteeism = _ratio(len(absent), len(days))


def summarize(
    engine: Engine,
    by: str = "queue",
    interval: Interval = Interval.hour,
    office: str | None = None,
) -> Report:
    s, clock, stats = engine.settings, engine.clock, engine.stats
    tallies = engine.tallies
    start = s.start if s.start is not None else stats.first_time
    last = s.now if s.now is not None else stats.last_time
    end = s.end if s.end is not None else (last + 1 if last is not None else None)
    logins = engine.agents.member_events > 0 and any(
        t.logged_in_s for t in tallies.time_by_agent.values()
    )

    total_calls = _roll_calls(tallies.by_agent, lambda k: "total").get("total", CallTally())
    total_time = _roll_times(tallies.time_by_agent, lambda k: "total").get("total")
    total = kpis(
        "total",
        "all queues" if s.queue is None else s.queue,
        total_calls,
        total_time if logins else None,
        per_agent=False,
    )

    queue_rows = [
        kpis(str(q), str(q) or "(no queue)", tally, None, per_agent=False)
        for q, tally in sorted(_roll_calls(tallies.by_agent, lambda k: k[0]).items())
    ]

    agent_calls = _roll_calls(tallies.by_agent, lambda k: k[1] or None)
    agent_times = tallies.time_by_agent
    roster_keys = {str(a.extension) for a in engine.roster.agents}
    agent_rows = []
    for agent in sorted(set(agent_calls) | set(agent_times) | roster_keys, key=_agent_order):
        key = str(agent)
        row = kpis(
            key,
            engine.names.label(key),
            agent_calls.get(agent, CallTally()),
            agent_times.get(key, TimeTally()) if logins else None,
            per_agent=True,
        )
        if start is not None and end is not None:
            _agent_schedule(engine, row, start, end, logins)
        agent_rows.append(row)

    interval_calls = _roll_calls(tallies.by_bucket, lambda k: clock.start_of(k[1], interval))
    interval_times = _roll_times(tallies.time_by_bucket, lambda k: clock.start_of(k, interval))
    interval_rows = [
        kpis(
            clock.label(int(b), interval),
            clock.label(int(b), interval),
            interval_calls.get(b, CallTally()),
            interval_times.get(b, TimeTally()) if logins else None,
            per_agent=False,
        )
        for b in sorted(set(interval_calls) | set(interval_times))
    ]

    busiest = sorted(
        (
            Busy(
                extension=str(a),
                label=engine.names.label(str(a)),
                answered=c.answered,
                talk_total_s=c.talk_s,
            )
            for a, c in agent_calls.items()
            if c.answered
        ),
        key=lambda b: (-b.answered, -b.talk_total_s),
    )[:10]

    turnover, turnover_note = None, "needs roster (agents: with started/left in the profile)"
    if engine.roster and start is not None and end is not None:
        leavers, headcount = engine.roster.turnover(start, end)
        turnover = _ratio(leavers, headcount)
        turnover_note = f"{leavers} of {headcount} rostered agents left in the period"

    notes = []
    if not logins:
        notes.append(
            "no log-in records (ADDMEMBER/REMOVEMEMBER) in the log: occupancy, adherence and"
            " absenteeism need them (static queue members never log in)"
        )
    if engine.roster and not any(a.shifts for a in engine.roster.agents):
        notes.append("the roster has no shifts: adherence and absenteeism need them")

    groups = {"queue": queue_rows, "agent": agent_rows, "interval": interval_rows}[by]
    return Report(
        office=office,
        timezone=s.timezone,
        period_from=clock.local(start).isoformat() if start is not None else None,
        period_to=clock.local(end).isoformat() if end is not None else None,
        by=by,
        interval=interval.value,
        settings=Settings(
            short_abandon_s=s.short_abandon_s,
            sl_target_s=s.sl_target_s,
            sl_target_percent=s.sl_percent,
            fcr_window_h=s.fcr_window_s / 3600,
            acw_reasons=sorted(s.acw_reasons),
            queue=s.queue,
        ),
        total=total,
        groups=groups,
        queues=queue_rows,
        agents=agent_rows,
        intervals=interval_rows,
        busiest=busiest,
        turnover=turnover,
        turnover_note=turnover_note,
        parse=ParseSummary(
            files=stats.files,
            lines=stats.lines,
            events=stats.events,
            malformed=stats.malformed,
            malformed_examples=stats.malformed_examples,
            unknown_events=dict(stats.unknown.most_common()),
            rebuilt_calls=engine.assembler.rebuilt,
            fcr_not_judged=engine.fcr_censored,
        ),
        notes=notes,
    )


def _agent_order(agent: str | int) -> tuple[int, str]:
    text = str(agent)
    return (0, text.zfill(8)) if text.isdigit() else (1, text)
