"""The difference between the router's rows and the desired state: a list of changes.

Pure: the current rows come in as a snapshot (menu -> rows of text fields, as the
API prints them), so the same code serves `plan`, check mode and apply.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from appliance.router.desired import ORDERED, OWNED_MENUS, TAG, DesiredState, Entry, Setting

Snapshot = dict[str, list[dict[str, str]]]
# Fields the router computes; never copied into a re-added row.
_COMPUTED = {".id", "dynamic", "invalid", "bytes", "packets", "run-count", "next-run"}


def norm(value: object) -> str:
    text = str(value) if value is not None else ""
    return {"true": "yes", "false": "no", "True": "yes", "False": "no"}.get(text, text)


@dataclass(frozen=True)
class Change:
    action: str  # add | set | remove | make-static
    menu: str
    label: str  # what a person reads: the comment, or the matched row
    ref: str | None = None  # the row's .id (None for a single-row menu or an add)
    fields: dict[str, str] = field(default_factory=dict)  # what to write
    before: dict[str, str] = field(default_factory=dict)  # what was there (for rollback)
    place_before: str | None = None
    find: dict[str, str] | None = None  # how a script finds the row again

    def describe(self) -> str:
        sign = {"add": "+", "set": "~", "remove": "-", "make-static": "~"}[self.action]
        if self.action == "add":
            detail = " ".join(f"{k}={v}" for k, v in self.fields.items() if k != "comment")
        elif self.action == "set":
            detail = ", ".join(
                f"{k}: {self.before.get(k) or '(unset)'} -> {v}" for k, v in self.fields.items())
        elif self.action == "remove":
            detail = "(not in the profile any more)"
        else:
            detail = "dynamic lease made static"
        return f"{sign} {self.menu} [{self.label}] {detail}"


@dataclass(frozen=True)
class Plan:
    routeros: int
    changes: list[Change]
    notes: list[str]

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def lines(self) -> list[str]:
        return [c.describe() for c in self.changes] or ["no changes: the router is as desired"]


def _owned(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {r["comment"][len(TAG):]: r for r in rows if r.get("comment", "").startswith(TAG)}


def _entry_changes(desired: DesiredState, current: Snapshot) -> list[Change]:
    changes: list[Change] = []
    by_menu: dict[str, list[Entry]] = {}
    for entry in desired.entries:
        by_menu.setdefault(entry.menu, []).append(entry)
    for menu in dict.fromkeys([*OWNED_MENUS, *by_menu]):
        rows = current.get(menu, [])
        owned = _owned(rows)
        anchor = next((r[".id"] for r in rows if not r.get("comment", "").startswith(TAG)), None)
        for entry in by_menu.get(menu, []):
            row = owned.get(entry.key)
            find = {"comment": entry.comment}
            if row is None:
                changes.append(Change(
                    "add", menu, entry.comment, None, {**entry.fields, "comment": entry.comment},
                    place_before=anchor if menu in ORDERED else None, find=find))
                continue
            diff = {k: v for k, v in entry.fields.items() if norm(row.get(k)) != norm(v)}
            if diff:
                before = {k: norm(row[k]) if k in row else "" for k in diff}
                changes.append(Change("set", menu, entry.comment, row[".id"], diff, before,
                                      find=find))
        wanted = {e.key for e in by_menu.get(menu, [])}
        for key, row in owned.items():
            if key not in wanted:
                before = {k: norm(v) for k, v in row.items() if k not in _COMPUTED}
                changes.append(Change("remove", menu, TAG + key, row[".id"], {}, before,
                                      find={"comment": TAG + key}))
    return changes


def _setting_changes(setting: Setting, current: Snapshot, notes: list[str]) -> list[Change]:
    rows = current.get(setting.menu, [])
    if setting.match is None:
        targets = rows[:1]
    else:
        targets = [r for r in rows
                   if all(norm(r.get(k)) == v for k, v in setting.match.items())]
    label = ", ".join(f"{k}={v}" for k, v in (setting.match or {}).items()) or "settings"
    if not targets:
        notes.append(f"{setting.menu}: no row with {label} on the router; left alone"
                     f" (wanted {', '.join(f'{k}={v}' for k, v in setting.fields.items())})")
        return []
    changes = []
    for row in targets:
        wanted = dict(setting.fields)
        for key, item in setting.members.items():
            items = [i for i in norm(row.get(key)).split(",") if i]
            if item not in items:
                wanted[key] = ",".join([*items, item])
        diff = {k: v for k, v in wanted.items() if norm(row.get(k)) != norm(v)}
        if diff:
            before = {k: norm(row[k]) if k in row else "" for k in diff}
            changes.append(Change("set", setting.menu, label, row.get(".id"), diff, before,
                                  find=setting.match))
    return changes


def _lease_changes(desired: DesiredState, current: Snapshot, notes: list[str]) -> list[Change]:
    lease = desired.lease
    if lease is None:
        return []
    menu = "/ip/dhcp-server/lease"
    row = next((r for r in current.get(menu, []) if r.get("address") == lease.address), None)
    if row is None:
        notes.append(f"{menu}: the router has handed out no lease for {lease.address};"
                     " no static lease made (the appliance may have a fixed address)")
        return []
    changes = []
    find = {"address": lease.address}
    if norm(row.get("dynamic")) == "yes":
        changes.append(Change("make-static", menu, f"address={lease.address}", row[".id"],
                              find=find))
    if row.get("comment") != lease.comment:
        changes.append(Change("set", menu, f"address={lease.address}", row[".id"],
                              {"comment": lease.comment}, {"comment": row.get("comment", "")},
                              find=find))
    return changes


def make_plan(desired: DesiredState, current: Snapshot) -> Plan:
    notes: list[str] = []
    changes = _entry_changes(desired, current)
    for setting in desired.settings:
        changes += _setting_changes(setting, current, notes)
    changes += _lease_changes(desired, current, notes)
    return Plan(desired.routeros, changes, notes)
