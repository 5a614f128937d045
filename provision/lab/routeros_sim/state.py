"""The simulated router's configuration tree: menus of rows, persisted as JSON.

Every write goes through `RouterState`, which checks fields against the version's
schema and traps like RouterOS ("unknown parameter", "failure: already have ...").
"""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

from appliance.files import write_atomic
from provision.lab.routeros_sim.schema import BOOLEAN_FIELDS, Menu, fresh_rows, menus


class SimTrap(Exception):
    """A command RouterOS would answer with !trap."""

    def __init__(self, message: str, category: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.category = category


def normal_value(key: str, value: str) -> str:
    if key in BOOLEAN_FIELDS and value in ("yes", "no", "true", "false"):
        return "true" if value in ("yes", "true") else "false"
    return value


_V6_OPTION_VALUE = re.compile(r"^('[^']*'|0x[0-9a-fA-F]+|[0-9]+|\$\(\w+\))+$")
_V7_OPTION_VALUE = re.compile(r"^((s?'[^']*')|0x[0-9a-fA-F]+|[0-9]+|\$\(\w+\))+$")


class RouterState:
    """Rows per menu path; `.id`s are `*<hex>` and never reused, as on RouterOS."""

    def __init__(self, major: int, rows: dict[str, list[dict[str, str]]], next_id: int = 1,
                 path: Path | None = None) -> None:
        self.major = major
        self.menus: dict[str, Menu] = menus(major)
        self.rows = rows
        self.next_id = next_id
        self.path = path
        self.lock = threading.RLock()
        for path_name, menu in self.menus.items():
            self.rows.setdefault(path_name, [])
            if not menu.single:
                for row in self.rows[path_name]:
                    if ".id" not in row:
                        row[".id"] = self._new_id()

    # -- creation and persistence -------------------------------------------------
    @classmethod
    def fresh(cls, major: int, version: str, model: str, code: str, arch: str, ram_mb: int,
              path: Path | None = None) -> RouterState:
        return cls(major, fresh_rows(major, version, model, code, arch, ram_mb), path=path)

    @classmethod
    def load(cls, path: Path) -> RouterState:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(int(data["major"]), data["rows"], int(data["next_id"]), path=path)

    def save(self) -> None:
        if self.path is None:
            return
        text = json.dumps({"major": self.major, "next_id": self.next_id, "rows": self.rows},
                          indent=1, sort_keys=True)
        write_atomic(self.path, text)

    def _new_id(self) -> str:
        value = f"*{self.next_id:X}"
        self.next_id += 1
        return value

    # -- lookups ------------------------------------------------------------------
    def menu(self, path: str) -> Menu:
        menu = self.menus.get(path)
        if menu is None:
            raise SimTrap("no such command prefix", 0)
        return menu

    def find(self, path: str, ref: str) -> dict[str, str]:
        """A row by `.id` or, for named rows, by name (as `numbers=sip` works)."""
        for row in self.rows[path]:
            if row.get(".id") == ref or row.get("name") == ref:
                return row
        raise SimTrap("no such item", 0)

    # -- writes -------------------------------------------------------------------
    def _check(self, path: str, menu: Menu, attrs: dict[str, str]) -> dict[str, str]:
        if menu.read_only:
            raise SimTrap("no such command", 0)
        clean = {}
        for key, value in attrs.items():
            if key not in menu.fields:
                raise SimTrap(f"unknown parameter {key}", 0)
            clean[key] = normal_value(key, value)
        if path == "/ip/dhcp-server/option" and "value" in clean:
            syntax = _V6_OPTION_VALUE if self.major == 6 else _V7_OPTION_VALUE
            if not syntax.match(clean["value"]):
                raise SimTrap("invalid value for argument value", 1)
        return clean

    def _check_unique(self, path: str, menu: Menu, row: dict[str, str],
                      itself: dict[str, str] | None = None) -> None:
        if menu.unique and menu.unique in row:
            for other in self.rows[path]:
                if other is not (itself or row) and other.get(menu.unique) == row[menu.unique]:
                    raise SimTrap(
                        f"failure: already have such {menu.unique}" if menu.unique != "name"
                        else "failure: item with such name already exists", 1)

    def add(self, path: str, attrs: dict[str, str], place_before: str | None = None) -> str:
        with self.lock:
            menu = self.menu(path)
            if menu.single:
                raise SimTrap("no such command", 0)
            clean = self._check(path, menu, attrs)
            missing = [key for key in menu.required if key not in clean]
            if missing:
                raise SimTrap(f"missing value(s) of argument(s) {' '.join(missing)}", 1)
            row = {".id": "", **menu.defaults, **clean}
            self._check_unique(path, menu, row)
            row[".id"] = self._new_id()
            rows = self.rows[path]
            if place_before is not None:
                index = rows.index(self.find(path, place_before))
                rows.insert(index, row)
            else:
                rows.append(row)
            self.save()
            return row[".id"]

    def set(self, path: str, refs: list[str], attrs: dict[str, str]) -> None:
        with self.lock:
            menu = self.menu(path)
            clean = self._check(path, menu, attrs)
            if menu.single:
                self.rows[path][0].update(clean)
            else:
                if not refs:
                    raise SimTrap("missing value(s) of argument(s) numbers", 1)
                for ref in refs:
                    row = self.find(path, ref)
                    updated = {**row, **{k: v for k, v in clean.items() if v != ""}}
                    for key, value in clean.items():
                        if value == "":
                            updated.pop(key, None)  # an empty value unsets the field
                    self._check_unique(path, menu, updated, row)
                    row.clear()
                    row.update(updated)
            self.save()

    def remove(self, path: str, refs: list[str]) -> None:
        with self.lock:
            menu = self.menu(path)
            if menu.single or menu.read_only:
                raise SimTrap("no such command", 0)
            targets = [self.find(path, ref) for ref in refs]
            self.rows[path] = [r for r in self.rows[path] if all(r is not t for t in targets)]
            self.save()

    def move(self, path: str, refs: list[str], destination: str | None) -> None:
        with self.lock:
            rows = self.rows[path]
            moving = [self.find(path, ref) for ref in refs]
            rest = [r for r in rows if all(r is not m for m in moving)]
            if destination is None:
                rest.extend(moving)
            else:
                target = self.find(path, destination)
                if any(target is m for m in moving):
                    raise SimTrap("cannot move item before itself", 1)
                index = next(i for i, r in enumerate(rest) if r is target)
                rest[index:index] = moving
            self.rows[path] = rest
            self.save()

    def make_static(self, refs: list[str]) -> None:
        with self.lock:
            for ref in refs:
                self.find("/ip/dhcp-server/lease", ref)["dynamic"] = "false"
            self.save()

    def add_dynamic_lease(self, address: str, mac: str) -> None:
        """A lease the DHCP server handed out (what a booted appliance leaves behind)."""
        with self.lock:
            for row in self.rows["/ip/dhcp-server/lease"]:
                if row.get("address") == address:
                    return
            self.rows["/ip/dhcp-server/lease"].append({
                ".id": self._new_id(), "address": address, "mac-address": mac.upper(),
                "server": "defconf", "dynamic": "true", "disabled": "false"})
            self.save()
