"""Sums kept per (queue, agent, 15-minute bucket), merged later into any grouping.

Only sums and counts live here, so merging buckets into hours, days, queues or agents
is plain addition and the report never needs the calls again.
"""

from __future__ import annotations

from collections import Counter

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

    def __init__(self) -> None:
        for name in CALL_FIELDS:
            setattr(self, name, 0)

    def merge(self, other: CallTally) -> None:
        for name in CALL_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


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
