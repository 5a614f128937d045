"""What a campaign is and what became of each number: plain data, saved as JSON."""

from __future__ import annotations

from datetime import time
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Outcome(StrEnum):
    pending = "pending"  # not dialed yet, or waiting for its retry
    dialing = "dialing"  # an Originate is under way
    answered = "answered"  # the customer answered and was put to the queue
    busy = "busy"
    no_answer = "no_answer"
    failed = "failed"  # congestion, unreachable, rejected by the line


# A number is done when answered, or when its attempts are used up.
FINAL = {Outcome.answered}
RETRYABLE = {Outcome.busy, Outcome.no_answer, Outcome.failed}


class Spec(BaseModel):
    """The campaign as the installer started it."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$")
    queue: str
    line: str
    caller_id: str = ""
    pace_per_min: int = Field(ge=1, le=600, description="at most this many calls started a minute")
    opens: time = Field(description="calls start at or after this local time")
    closes: time = Field(description="no call starts at or after this local time")
    timezone: str = "UTC"
    retries: int = Field(ge=0, le=10, description="extra attempts for busy / no answer")
    retry_after_s: int = Field(ge=1, le=86400)
    ring_s: int = Field(default=30, ge=5, le=120)


class NumberState(BaseModel):
    number: str
    outcome: Outcome = Outcome.pending
    attempts: int = 0
    next_try_at: float = 0.0  # epoch seconds; 0 = now
    last_reason: str = ""
    answered_at: float | None = None


class State(BaseModel):
    spec: Spec
    numbers: list[NumberState]
    started_at: float
    stopped: bool = False
    finished: bool = False
    last_error: str = ""

    def counts(self) -> dict[str, int]:
        counts = {outcome.value: 0 for outcome in Outcome}
        for item in self.numbers:
            counts[item.outcome.value] += 1
        return counts

    def is_done(self, item: NumberState) -> bool:
        if item.outcome in FINAL:
            return True
        return item.outcome in RETRYABLE and item.attempts > self.spec.retries
