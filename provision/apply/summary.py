"""The result of one apply, folded from the callback's JSON lines (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RoleTally:
    ok: int = 0
    changed: int = 0
    failed: int = 0
    skipped: int = 0


@dataclass
class Summary:
    ok: int = 0
    changed: int = 0
    failed: int = 0
    unreachable: int = 0
    skipped: int = 0
    hosts: dict[str, dict[str, int]] = field(default_factory=dict)
    roles: dict[str, RoleTally] = field(default_factory=dict)
    changed_tasks: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    reloaded: list[str] = field(default_factory=list)
    diffs: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    finished: bool = False

    @property
    def success(self) -> bool:
        return self.finished and self.failed == 0 and self.unreachable == 0

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok, "changed": self.changed, "failed": self.failed,
            "unreachable": self.unreachable, "skipped": self.skipped, "hosts": self.hosts,
            "roles": {k: vars(v) for k, v in self.roles.items()},
            "changed_tasks": self.changed_tasks, "failures": self.failures,
            "reloaded": self.reloaded, "warnings": self.warnings, "success": self.success,
        }


def _failure_text(event: dict[str, Any]) -> str:
    parts = [str(event.get("msg") or "").strip()]
    for item in event.get("items", []):
        if item.get("failed") and item.get("msg"):
            parts.append(f"{item['item']}: {item['msg']}")
    if not any(parts) or parts == [""]:
        parts.append(str(event.get("stderr") or event.get("stdout") or "").strip())
    text = "\n".join(p for p in parts if p)
    return f"[{event.get('role')}] {event.get('task')}: {text}"


def fold(events: list[dict[str, Any]]) -> Summary:
    summary = Summary()
    for event in events:
        kind = event.get("event")
        role = str(event.get("role", "play"))
        if kind == "task_start":
            summary.roles.setdefault(role, RoleTally())
            continue
        tally = summary.roles.setdefault(role, RoleTally())
        if kind == "ok":
            tally.ok += 1
            if event.get("changed"):
                tally.changed += 1
                summary.changed_tasks.append(f"[{role}] {event.get('task')}")
            summary.reloaded += [c for c in event.get("reloaded", []) if c not in summary.reloaded]
            summary.diffs += event.get("diff", []) if isinstance(event.get("diff"), list) else (
                [event["diff"]] if event.get("diff") else []
            )
        elif kind in ("failed", "unreachable"):
            tally.failed += 1
            summary.failures.append(_failure_text(event))
        elif kind == "skipped":
            tally.skipped += 1
        elif kind == "stats":
            summary.hosts = event.get("hosts", {})
            summary.finished = True
            for counts in summary.hosts.values():
                summary.ok += counts.get("ok", 0)
                summary.changed += counts.get("changed", 0)
                summary.failed += counts.get("failed", 0)
                summary.unreachable += counts.get("unreachable", 0)
                summary.skipped += counts.get("skipped", 0)
    return summary
