"""Which numbers to dial now: pure, so the progressive rule is tested without a PBX.

Progressive: never more calls under way than free agents; never more starts per minute
than the pace; only inside the calling hours; a number's retry waits its turn.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from provision.campaign.model import Outcome, State


def within_hours(state: State, now: float) -> bool:
    local = datetime.fromtimestamp(now, ZoneInfo(state.spec.timezone)).time()
    return state.spec.opens <= local < state.spec.closes


def to_dial(state: State, now: float, free_agents: int, recent_starts: list[float]) -> list[int]:
    """Indexes of the numbers to dial now, in list order (first in, first dialed)."""
    if state.stopped or not within_hours(state, now):
        return []
    in_flight = sum(1 for item in state.numbers if item.outcome is Outcome.dialing)
    started_last_minute = sum(1 for t in recent_starts if now - t < 60)
    room = min(free_agents - in_flight, state.spec.pace_per_min - started_last_minute)
    chosen: list[int] = []
    for index, item in enumerate(state.numbers):
        if len(chosen) >= room:
            break
        if item.outcome is Outcome.dialing or state.is_done(item):
            continue
        if item.next_try_at <= now:
            chosen.append(index)
    return chosen


# AMI OriginateResponse Reason codes (Asterisk's enum ast_control_frame_type values).
_REASONS = {"4": Outcome.answered, "5": Outcome.busy, "3": Outcome.no_answer,
            "1": Outcome.no_answer, "8": Outcome.failed, "0": Outcome.failed}


def outcome_of(response: str, reason: str) -> Outcome:
    if response.lower() == "success":
        return Outcome.answered
    return _REASONS.get(reason, Outcome.failed)


def record_result(state: State, index: int, outcome: Outcome, reason: str, now: float) -> None:
    item = state.numbers[index]
    item.outcome = outcome
    item.last_reason = reason
    if outcome is Outcome.answered:
        item.answered_at = now
    else:
        item.next_try_at = now + state.spec.retry_after_s
    state.finished = all(state.is_done(i) for i in state.numbers)
