"""Agents' log-in sessions, pauses (split when the reason changes) and after-call work.

State is per agent, not per queue: an agent in three queues logs in with three
ADDMEMBER lines and is logged in while a member of any. A pause ends, and a new one
starts, when the reason changes, so pause time per reason is exact. After-call work
of a call is the queue's wrap-up time, or, when a pause with an after-call reason
starts within `grace_s` of the call's end, the time from the call's end until that
pause ends, whichever is longer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from appliance.reports.tally import CallKey

# (agent key, start, end, what) with what = "login", "pause:<reason>" or "work"
SpanSink = Callable[[str, int, int, str], None]
AcwSink = Callable[[CallKey, int], None]


@dataclass(slots=True)
class _Pending:
    """A call just ended: is an after-call pause coming?"""

    ended: int
    key: CallKey | None  # None: the call lies outside the report's range
    wrapup: int


@dataclass(slots=True)
class AgentState:
    queues: set[str] = field(default_factory=set)
    session_since: int | None = None
    pause_reason: str | None = None
    pause_since: int = 0
    working_since: int | None = None
    pending: _Pending | None = None
    acw: _Pending | None = None  # an after-call pause running for this call


class AgentTracker:
    def __init__(
        self,
        spans: SpanSink,
        acw: AcwSink,
        acw_reasons: frozenset[str],
        grace_s: int,
    ) -> None:
        self.agents: dict[str, AgentState] = {}
        self.member_events = 0
        self._spans = spans
        self._acw = acw
        self._acw_reasons = acw_reasons
        self._grace = grace_s
        self.log_start: int | None = None

    def _state(self, key: str) -> AgentState:
        state = self.agents.get(key)
        if state is None:
            state = self.agents[key] = AgentState()
        return state

    # -- calls ------------------------------------------------------------------
    def call_started(self, key: str, t: int) -> None:
        state = self.agents.get(key)
        if state is not None and state.pending is not None:
            self._settle(state, t)

    def call_ended(self, key: str, t: int, call_key: CallKey | None, wrapup: int) -> None:
        state = self._state(key)
        if state.pending is not None:
            self._settle(state, t)
        state.pending = _Pending(t, call_key, wrapup)

    def _settle(self, state: AgentState, t: int) -> None:
        """No after-call pause followed the last call: its ACW is the wrap-up time."""
        pending, state.pending = state.pending, None
        if pending is not None and pending.key is not None:
            self._acw(pending.key, pending.wrapup)

    # -- membership and pauses --------------------------------------------------
    def member_event(self, key: str, name: str, queue: str, reason: str, t: int) -> None:
        self.member_events += 1
        state = self._state(key)
        if state.pending is not None and t - state.pending.ended > self._grace:
            self._settle(state, t)
        if name == "ADDMEMBER":
            if not state.queues and state.session_since is None:
                state.session_since = t
            state.queues.add(queue)
        elif name == "REMOVEMEMBER":
            if state.session_since is None:  # logged in before the log begins
                state.session_since = self.log_start if self.log_start is not None else t
            state.queues.discard(queue)
            if not state.queues:
                self._end_pause(key, state, t)
                self._end_session(key, state, t)
        elif name in ("PAUSE", "PAUSEALL"):
            self._pause(key, state, reason, t)
        else:  # UNPAUSE, UNPAUSEALL
            self._end_pause(key, state, t)
        self._working(key, state, t)

    def _pause(self, key: str, state: AgentState, reason: str, t: int) -> None:
        if state.pause_reason is None:
            state.pause_reason, state.pause_since = reason, t
        elif reason == state.pause_reason or not reason:
            return  # PAUSEALL logs no reason, then one PAUSE per queue with it
        elif state.pause_reason == "":
            state.pause_reason = reason  # the reason of this same pause arrived
        else:
            self._end_pause(key, state, t)  # reason changed: a new pause starts now
            state.pause_reason, state.pause_since = reason, t
        pending = state.pending
        if pending is not None and reason.casefold() in self._acw_reasons:
            if t - pending.ended <= self._grace:
                state.pending, state.acw = None, pending
            else:
                self._settle(state, t)

    def _end_pause(self, key: str, state: AgentState, t: int) -> None:
        if state.pause_reason is None:
            return
        self._spans(key, state.pause_since, t, "pause:" + (state.pause_reason or "(none)"))
        if state.acw is not None:
            acw, state.acw = state.acw, None
            if acw.key is not None:
                self._acw(acw.key, max(acw.wrapup, t - acw.ended))
        state.pause_reason = None

    def _end_session(self, key: str, state: AgentState, t: int) -> None:
        if state.session_since is not None:
            self._spans(key, state.session_since, t, "login")
            state.session_since = None

    def _working(self, key: str, state: AgentState, t: int) -> None:
        """Track 'logged in and not paused (after-call pauses count as work)'."""
        reason = state.pause_reason
        working = state.session_since is not None and (
            reason is None or reason.casefold() in self._acw_reasons
        )
        if working and state.working_since is None:
            state.working_since = t
        elif not working and state.working_since is not None:
            self._spans(key, state.working_since, t, "work")
            state.working_since = None

    def finish(self, t: int) -> None:
        """The log ends at `t`: close what is still open there."""
        for key, state in self.agents.items():
            if state.working_since is not None:
                self._spans(key, state.working_since, t, "work")
                state.working_since = None
            self._end_pause(key, state, t)
            self._end_session(key, state, t)
            self._settle(state, t)
