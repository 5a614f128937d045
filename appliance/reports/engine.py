"""One pass over the queue_log: events -> calls and agent spans -> tallies.

Memory holds only open calls, one state per agent, the FCR look-back (the last
answered call per queue and caller number) and the tallies, which are small
(queues x agents x 15-minute buckets), so a month of log streams in flat memory.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from appliance.calendar import WEEK_START, Calendar
from appliance.profile.model import Profile
from appliance.reports.agents import AgentTracker
from appliance.reports.calls import (
    ABANDONED,
    COMPLETED,
    EXITED_KEY,
    IN_TALK,
    TIMED_OUT,
    WAITING,
    Call,
    CallAssembler,
    number,
)
from appliance.reports.intervals import Clock, split_span
from appliance.reports.names import NO_AGENT, AgentNames
from appliance.reports.queue_log import MEMBER_EVENTS, Event, ParseStats
from appliance.reports.schedule import Roster
from appliance.reports.tally import CallKey, Tallies

DEFAULT_ACW_REASONS = frozenset({"acw", "wrapup", "wrap-up", "after-call", "aftercall"})
_ANONYMOUS = frozenset({"", "unknown", "anonymous", "<unknown>", "restricted", "private"})


@dataclass(frozen=True)
class Settings:
    """How the KPIs are computed; every threshold is stated in the report."""

    timezone: str = "UTC"
    calendar: Calendar = "gregorian"  # dates shown, and the week's first day
    short_abandon_s: int = 5
    sl_target_s: int = 20
    sl_percent: float = 80  # the goal drawn on charts, e.g. 80 % within 20 s
    fcr_window_s: int = 86400
    acw_reasons: frozenset[str] = DEFAULT_ACW_REASONS
    acw_grace_s: int = 5
    wrapup_s: Mapping[str, int] = field(default_factory=dict)
    start: int | None = None  # epoch, inclusive
    end: int | None = None  # epoch, exclusive
    queue: str | None = None
    now: int | None = None  # where open things end; default: the log's last event

    @classmethod
    def from_profile(cls, profile: Profile | None, **overrides: object) -> Settings:
        values: dict[str, object] = {}
        if profile is not None:
            values["timezone"] = profile.office.timezone
            values["calendar"] = profile.office.calendar
            values["wrapup_s"] = {q.name: q.wrapup_s for q in profile.queues}
            if profile.traffic is not None:
                values["sl_target_s"] = profile.traffic.service_level.within_s
                values["sl_percent"] = profile.traffic.service_level.percent
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


class Engine:
    def __init__(self, settings: Settings, profile: Profile | None = None) -> None:
        self.settings = settings
        self.clock = Clock(settings.timezone, WEEK_START[settings.calendar])
        self.names = AgentNames(profile)
        self.roster = Roster(profile, self.clock)
        self.stats = ParseStats()
        self.tallies = Tallies()
        self.work_in_shift: Counter[str] = Counter()
        self.login_days: set[tuple[str, int]] = set()
        self.fcr_pending: dict[tuple[str, str], tuple[int, CallKey]] = {}
        self.fcr_censored = 0
        self._next_sweep = -(2**62)
        self._queue = settings.queue
        self.bad_scores = 0
        self.assembler = CallAssembler()
        self.agents = AgentTracker(
            self._span,
            self._acw,
            frozenset(r.casefold() for r in settings.acw_reasons),
            settings.acw_grace_s,
        )
        self._lo = settings.start if settings.start is not None else -(2**62)
        self._hi = settings.end if settings.end is not None else 2**62

    # -- the pass ---------------------------------------------------------------
    def run(self, events: Iterable[Event]) -> Engine:
        # The pass makes millions of short-lived objects and no reference cycles, so the
        # cyclic collector would only cost time (~10 %); it is back on afterwards.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            feed = self.feed
            stream = iter(events)
            for ev in stream:
                self.agents.log_start = ev.time
                feed(ev)
                break
            for ev in stream:
                feed(ev)
            self.finish()
        finally:
            if was_enabled:
                gc.enable()
        return self

    def feed(self, ev: Event) -> None:
        name = ev.name
        if name in MEMBER_EVENTS:
            reason = ev.data[0] if ev.data and name in ("PAUSE", "PAUSEALL") else ""
            self.agents.member_event(self.names.key(ev.agent), name, ev.queue, reason, ev.time)
            return
        wanted = self._queue is None or ev.queue == self._queue
        if name == "ENTERQUEUE" and wanted:
            self._repeat_call(ev)
            if ev.time >= self._next_sweep:
                self._sweep_fcr(ev.time)
        elif name == "CONNECT" and ev.agent not in NO_AGENT:
            self.agents.call_started(self.names.key(ev.agent), ev.time)
        elif name in ("SURVEY", "BLOCKED", "RINGNOANSWER"):
            if wanted or (name == "BLOCKED" and ev.queue in NO_AGENT):
                self._point_event(ev)
            return
        elif name == "QUEUESTART":  # Asterisk restarted: the calls it held are gone
            for dropped in self.assembler.flush():
                self._count(dropped)
            return
        ended = self.assembler.feed(ev)
        if ended is not None:
            self._count(ended)

    def finish(self) -> None:
        end = self.settings.now if self.settings.now is not None else self.stats.last_time or 0
        for call in self.assembler.flush():
            self._count(call)
        self.agents.finish(end)
        self._sweep_fcr(end)
        self.fcr_censored = len(self.fcr_pending)  # their window has not passed: not judged
        self.fcr_pending.clear()

    # -- calls ------------------------------------------------------------------
    def _count(self, call: Call) -> None:
        s = self.settings
        agent = self.names.key(call.agent) if call.agent not in NO_AGENT else ""
        in_range = self._lo <= call.enter < self._hi
        wanted = s.queue is None or call.queue == s.queue
        key = (call.queue, agent, self.clock.quarter(call.enter)) if in_range else None
        if call.outcome == COMPLETED and agent and call.end is not None:
            self.agents.call_ended(
                agent, call.end, key if wanted else None, s.wrapup_s.get(call.queue, 0)
            )
        if key is None or not wanted:
            return
        outcome, wait = call.outcome, call.wait or 0
        answered = outcome in (COMPLETED, IN_TALK)
        for tally in self.tallies.calls(key):
            tally.offered += 1
            if answered:
                tally.answered += 1
                tally.wait_answered_s += wait
                tally.left_queue += 1
                tally.wait_left_s += wait
                if wait <= s.sl_target_s:
                    tally.answered_in_target += 1
                if outcome == COMPLETED:
                    tally.completed += 1
                    tally.talk_s += call.talk or 0
                    tally.transferred += call.transferred
                else:
                    tally.in_talk += 1
            elif outcome == WAITING:
                tally.still_waiting += 1
            else:
                tally.left_queue += 1
                tally.wait_left_s += wait
                if outcome == ABANDONED:
                    tally.abandoned += 1
                    if wait <= s.short_abandon_s:
                        tally.short_abandoned += 1
                elif outcome == TIMED_OUT:
                    tally.timed_out += 1
                elif outcome == EXITED_KEY:
                    tally.exited_key += 1
                else:
                    tally.exited_empty += 1
        if answered and call.caller.casefold() not in _ANONYMOUS:
            ended = call.end if call.end is not None else call.enter + wait
            self.fcr_pending[(call.queue, call.caller)] = (ended, key)

    def _sweep_fcr(self, now: int) -> None:
        """Answered calls whose window passed with no repeat call were resolved."""
        window = self.settings.fcr_window_s
        judged = [pk for pk, (at, _) in self.fcr_pending.items() if now - at > window]
        for pk in judged:
            key = self.fcr_pending.pop(pk)[1]
            for tally in self.tallies.calls(key):
                tally.fcr_calls += 1
                tally.fcr_resolved += 1
        self._next_sweep = now + max(60, window // 8)

    def _repeat_call(self, ev: Event) -> None:
        """FCR: a new call from the same number to the same queue judges the last one."""
        caller = ev.data[1] if len(ev.data) > 1 else ""
        previous = self.fcr_pending.pop((ev.queue, caller), None)
        if previous is not None:
            answered_at, key = previous
            resolved = ev.time - answered_at > self.settings.fcr_window_s
            for tally in self.tallies.calls(key):
                tally.fcr_calls += 1
                tally.fcr_resolved += resolved

    def _point_event(self, ev: Event) -> None:
        if not self._lo <= ev.time < self._hi:
            return
        agent = self.names.key(ev.agent) if ev.agent not in NO_AGENT else ""
        queue = "" if ev.queue in NO_AGENT else ev.queue
        if ev.name == "SURVEY":
            score = number(ev.data, 0, -1)
            if not 1 <= score <= 5:
                self.bad_scores += 1
                self.stats.bad_line("SURVEY", f"score {ev.data[:1]} is not 1-5")
                return
            for tally in self.tallies.calls((queue, agent, self.clock.quarter(ev.time))):
                tally.csat_responses += 1
                tally.csat_sum += score
                tally.csat_top2 += score >= 4
        elif ev.name == "BLOCKED":
            for tally in self.tallies.calls((queue, "", self.clock.quarter(ev.time))):
                tally.blocked += 1
        elif agent:
            for tally in self.tallies.calls((queue, agent, self.clock.quarter(ev.time))):
                tally.ring_no_answer += 1

    # -- agent time ---------------------------------------------------------------
    def _acw(self, key: CallKey, seconds: int) -> None:
        for tally in self.tallies.calls(key):
            tally.acw_calls += 1
            tally.acw_s += seconds

    def _span(self, agent: str, start: int, end: int, what: str) -> None:
        start, end = max(start, self._lo), min(end, self._hi)
        if end <= start:
            return
        if what == "work":
            if self.roster.has_shifts(agent):
                self.work_in_shift[agent] += self.roster.in_shift(agent, start, end)
            return
        for bucket, seconds in split_span(self.clock, start, end):
            for tally in self.tallies.times((agent, bucket)):
                if what == "login":
                    tally.logged_in_s += seconds
                else:
                    tally.paused_s += seconds
                    tally.pause_reasons[what[6:]] += seconds
        if what == "login":
            first = self.clock.local(start).date().toordinal()
            last = self.clock.local(end - 1).date().toordinal()
            self.login_days.update((agent, day) for day in range(first, last + 1))
