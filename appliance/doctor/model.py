"""What the doctor reports: one result per check, and the whole report."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

Status = Literal["pass", "warn", "fail"]


class Result(BaseModel):
    model_config = ConfigDict(frozen=True)

    status: Status
    code: str  # stable, e.g. asterisk-running, trunk-registered:city, sip-alg
    message: str  # what was found
    fix: str = ""  # what to do; empty when passing


class Report(BaseModel):
    target: str
    taken_at: datetime
    results: list[Result]

    @property
    def worst(self) -> Status:
        statuses = {r.status for r in self.results}
        return "fail" if "fail" in statuses else "warn" if "warn" in statuses else "pass"

    def counts(self) -> dict[str, int]:
        return {s: sum(r.status == s for r in self.results) for s in ("pass", "warn", "fail")}
