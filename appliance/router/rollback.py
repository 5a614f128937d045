"""RouterOS scripts: the rollback armed before a change, and script lines in general.

The rollback undoes a plan's changes in reverse order using only plain script lines
(`/menu set [find k="v"] ...`), so it runs on RouterOS v6 and v7 alike, then removes
its own scheduler entry and script.
"""

from __future__ import annotations

from appliance.router.plan import Change, Plan

ROLLBACK_NAME = "tamas-rollback"


def menu_words(menu: str) -> str:
    """'/ip/firewall/filter' -> '/ip firewall filter'."""
    return "/" + " ".join(part for part in menu.split("/") if part)


def quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
    return f'"{escaped}"'


def assignments(fields: dict[str, str]) -> str:
    return " ".join(f"!{k}" if v == "" else f"{k}={quote(v)}" for k, v in fields.items())


def finder(change: Change) -> str:
    if not change.find:
        return ""
    return "[find " + " ".join(f"{k}={quote(v)}" for k, v in change.find.items()) + "] "


def undo_line(change: Change) -> str | None:
    words = menu_words(change.menu)
    if change.action == "add":
        return f"{words} remove {finder(change)}".rstrip()
    if change.action == "set":
        return f"{words} set {finder(change)}{assignments(change.before)}"
    if change.action == "remove":
        kept = {k: v for k, v in change.before.items() if v != ""}
        return f"{words} add {assignments(kept)}"
    return None  # make-static cannot be undone by a script; the lease stays static


def rollback_source(plan: Plan) -> str:
    lines = [f"# {ROLLBACK_NAME}: written by tamas before changing this router;"
             " restores what was there."]
    lines += [line for change in reversed(plan.changes) if (line := undo_line(change))]
    lines.append(f"/system scheduler remove [find name={quote(ROLLBACK_NAME)}]")
    lines.append(f"/system script remove [find name={quote(ROLLBACK_NAME)}]")
    return "\n".join(lines) + "\n"
