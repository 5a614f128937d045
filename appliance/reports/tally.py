"""Sums kept per (queue, agent, 15-minute bucket), merged later into any grouping.

Only sums and counts live here, so merging buckets into hours, days, queues or agents
is plain addition and the report never needs the calls again.
"""

from __future__ import annotations

from collections import Counter
from operator import attrgetter

CALL_FIELDS = (
    "offered", "answered", "abandoned", "short_abandoned", "timed_out", "exited_key",
    "exited_empty", "still_waiting", "in_talk", "transferred", "blocked",
    "wait_answered_s", "left_queue", "wait_left_s", "answered_in_target",
    "completed", "talk_s", "acw_calls", "acw_s", "fcr_calls", "fcr_resolved",
    "csat_responses", "csat_sum", "csat_top2", "ring_no_answer",
)  # fmt: skip
TIME_FIELDS = ("logged_in_s", "paused_s")


class CallTally:
    """Call counts and sums of one (queue, agent, bucket)."""

    __slots__ = CALL_FIELDS
    # declared for type checkers; the values live in the slots above
    offered: int
    answered: int
    abandoned: int
    short_abandoned: int
    timed_out: int
    exited_key: int
    exited_empty: int
    still_waiting: int
    in_talk: int
    transferred: int
    blocked: int
    wait_answered_s: int
    left_queue: int
    wait_left_s: int
    answered_in_target: int
    completed: int
    talk_s: int
    acw_calls: int
    acw_s: int
    fcr_calls: int
    fcr_resolved: int
    csat_responses: int
    csat_sum: int
    csat_top2: int
    ring_no_answer: int

    def __init__(self) -> None:
        for name in CALL_FIELDS:
            setattr(self, name, 0)

    def merge(self, other: CallTally) -> None:
        for name in CALL_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @classmethod
    def from_values(cls, values: list[int]) -> CallTally:
        tally = cls.__new__(cls)
        for name, value in zip(CALL_FIELDS, values, strict=True):
            setattr(tally, name, value)
        return tally


# All fields of a CallTally at once, in CALL_FIELDS order (one C call: rollups are hot).
call_values = attrgetter(*CALL_FIELDS)


class TimeTally:
    """An agent's logged-in and paused seconds in one bucket, pauses split by reason."""

    __slots__ = ("logged_in_s", "pause_reasons", "paused_s")

    def __init__(self) -> None:
        self.logged_in_s = 0
        self.paused_s = 0
        self.pause_reasons: Counter[str] = Counter()

    def merge(self, other: TimeTally) -> None:
        self.logged_in_s += other.logged_in_s
        self.paused_s += other.paused_s
        self.pause_reasons.update(other.pause_reasons)


CallKey = tuple[str, str, int]  # queue, agent key ("" when no agent), quarter bucket
TimeKey = tuple[str, int]  # agent key, quarter bucket


class Tallies:
    """The sums, kept twice: per (queue, agent) and per (queue, 15-minute bucket).

    Two small tables instead of one (queue, agent, bucket) table keep memory flat over
    long logs (agents x buckets grows with every day); each call adds to both.
    """

    def __init__(self) -> None:
        self.by_agent: dict[tuple[str, str], CallTally] = {}
        self.by_bucket: dict[tuple[str, int], CallTally] = {}
        self.time_by_agent: dict[str, TimeTally] = {}
        self.time_by_bucket: dict[int, TimeTally] = {}

    def calls(self, key: CallKey) -> tuple[CallTally, CallTally]:
        queue, agent, bucket = key
        one = self.by_agent.get((queue, agent))
        if one is None:
            one = self.by_agent[(queue, agent)] = CallTally()
        two = self.by_bucket.get((queue, bucket))
        if two is None:
            two = self.by_bucket[(queue, bucket)] = CallTally()
        return one, two

    def times(self, key: TimeKey) -> tuple[TimeTally, TimeTally]:
        agent, bucket = key
        one = self.time_by_agent.get(agent)
        if one is None:
            one = self.time_by_agent[agent] = TimeTally()
        two = self.time_by_bucket.get(bucket)
        if two is None:
            two = self.time_by_bucket[bucket] = TimeTally()
        return one, two
