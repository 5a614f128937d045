"""Ansible stdout callback for `tamas apply`: one JSON line per event, nothing on stdout.

The CLI reads the lines (from the file named by TAMAS_EVENTS) to draw progress per role
and a final summary; `--json` reports ok/changed/failed/hosts from the `stats` line.
Ansible's own text never reaches the terminal, so config diffs are shown only by the
CLI, after it has redacted the secrets.
"""

from __future__ import annotations

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
    name: tamas_events
    type: stdout
    short_description: JSON lines of task results for the tamas CLI
    description: Writes one JSON object per line to the file named by TAMAS_EVENTS.
"""

_KEEP = ("msg", "stderr", "stdout", "rc", "files", "reloaded", "restart", "asterisk", "backup")


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "stdout"
    CALLBACK_NAME = "tamas_events"

    def __init__(self) -> None:
        super().__init__()
        path = os.environ.get("TAMAS_EVENTS")
        self._out = open(path, "a", encoding="utf-8", buffering=1) if path else None  # noqa: SIM115

    def _emit(self, event: dict) -> None:
        if self._out is not None:
            self._out.write(json.dumps(event, default=str) + "\n")

    @staticmethod
    def _role(task) -> str:
        role = getattr(task, "_role", None)
        return role.get_name() if role is not None else "play"

    def _task_event(self, kind: str, result) -> None:
        task = result._task
        data = result._result
        event = {
            "event": kind,
            "host": result._host.get_name(),
            "role": self._role(task),
            "task": task.name or task.action,
            "changed": bool(data.get("changed", False)),
        }
        for key in _KEEP:
            if key in data and data[key] not in ("", None, []):
                value = data[key]
                event[key] = value[-4000:] if isinstance(value, str) else value
        if "results" in data:  # a loop: keep each item's failure message
            event["items"] = [
                {"item": str(r.get("item", ""))[:200], "failed": bool(r.get("failed")),
                 "msg": str(r.get("msg", ""))[:1000]}
                for r in data["results"] if isinstance(r, dict)
            ]
        if data.get("diff"):
            event["diff"] = data["diff"]
        self._emit(event)

    def v2_playbook_on_task_start(self, task, is_conditional) -> None:
        name = task.name or task.action
        self._emit({"event": "task_start", "role": self._role(task), "task": name})

    def v2_runner_on_ok(self, result) -> None:
        self._task_event("ok", result)

    def v2_runner_on_failed(self, result, ignore_errors=False) -> None:
        self._task_event("ignored" if ignore_errors else "failed", result)

    def v2_runner_on_skipped(self, result) -> None:
        self._task_event("skipped", result)

    def v2_runner_on_unreachable(self, result) -> None:
        self._task_event("unreachable", result)

    def v2_playbook_on_stats(self, stats) -> None:
        hosts = {}
        for host in sorted(stats.processed):
            summary = stats.summarize(host)
            hosts[host] = {
                "ok": summary["ok"], "changed": summary["changed"],
                "failed": summary["failures"], "unreachable": summary["unreachable"],
                "skipped": summary["skipped"],
            }
        self._emit({"event": "stats", "hosts": hosts})
        if self._out is not None:
            self._out.close()
            self._out = None
