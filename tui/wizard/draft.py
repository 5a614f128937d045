"""The wizard's draft: what was typed into the form, turned into profile data and checked.

Values are keyed by field (`tui.wizard.steps`). Checking goes through the same loader
as `tamas validate` (`parse_profile`), so the wizard shows the very same field-path
messages as the CLI. Only the shorthand of row fields (`sat-wed 08:00-17:00`,
`101, Sara, 80:5e:...`) is parsed here; its problems name the row as the CLI would.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from appliance.errors import FieldProblem, ProfileError
from appliance.profile.load import parse_profile
from appliance.profile.model import Profile
from tui.wizard.steps import FieldSpec, Step, steps

Values = dict[str, str | bool]

# Sections the installer can switch off with a checkbox named `<section>.enabled`.
_OPTIONAL = ("router", "ivr", "traffic")
_HEX12 = re.compile(r"^[0-9a-fA-F]{12}$")


@dataclass
class Checked:
    """One check of the draft: the data built, and every problem found."""

    data: dict[str, Any]
    row_problems: list[FieldProblem] = field(default_factory=list)
    problems: list[FieldProblem] = field(default_factory=list)
    profile: Profile | None = None

    def for_step(self, step: Step) -> list[FieldProblem]:
        """Problems of this step's sections; shorthand problems first, as they hide the rest."""
        own = [p for p in self.row_problems if section_of(p.path) in step.sections]
        if own:
            return own
        return [p for p in self.problems if section_of(p.path) in step.sections]

    @property
    def all(self) -> list[FieldProblem]:
        return self.row_problems or self.problems


def section_of(path: str) -> str:
    return re.split(r"[.\[]", path, maxsplit=1)[0]


def check(values: Values, base: dict[str, Any] | None = None) -> Checked:
    """Build and validate; `base` (an existing profile's data) keeps what the form lacks."""
    data, row_problems = build(values)
    if base is not None:
        data = merge(base, data, values)
    checked = Checked(data, row_problems)
    try:
        checked.profile = parse_profile(yaml.safe_dump(data, sort_keys=False), source="wizard")
    except ProfileError as exc:
        checked.problems = list(exc.problems)
    return checked


def build(values: Values) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Form values -> profile data (not yet validated) and shorthand problems."""
    data: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    off = {s for s in _OPTIONAL if values.get(f"{s}.enabled") is False}
    # Present but empty, so a blank form names each missing field, not the whole section.
    for section in ("office", "appliance", "router"):
        if section not in off:
            data[section] = {}
    for step in steps():
        for spec in step.fields:
            switch = spec.key in {f"{s}.enabled" for s in _OPTIONAL}
            if switch or section_of(spec.key) in off:
                continue
            _put_field(data, spec, values.get(spec.key, ""), values, problems)
    return data, problems


def _put_field(
    data: dict[str, Any], spec: FieldSpec, raw: str | bool, values: Values,
    problems: list[FieldProblem],
) -> None:
    if spec.kind == "check":
        _set(data, spec.key, bool(raw))
        return
    if spec.key == "phones.model":
        return  # only a default for the phones table
    text = str(raw).strip()
    if spec.kind == "rows":
        rows = [r.strip() for r in text.splitlines() if r.strip()]
        parse = _ROWS[spec.key]
        default_model = str(values.get("phones.model", ""))
        items = parse(rows, problems, default_model)
        if items or spec.key != "office.business_hours":
            _set(data, spec.key, items)
        return
    if not text:
        return
    if spec.key == "ivr.default":
        target = _target(text, "ivr.default", problems)
        if target is not None:
            _set(data, spec.key, target)
        return
    _set(data, spec.key, _number(text, spec.kind))


def _set(data: dict[str, Any], key: str, value: Any) -> None:
    *parents, last = key.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


def _number(text: str, kind: str) -> Any:
    """Numbers as numbers, so messages quote them as the YAML loader would."""
    try:
        if kind == "int":
            return int(text)
        if kind == "float":
            value = float(text)
            return int(value) if value.is_integer() else value
    except ValueError:
        pass
    return text


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.split(",")]


def _hours(rows: list[str], problems: list[FieldProblem], _: str) -> list[dict[str, str]]:
    items = []
    for i, row in enumerate(rows):
        match = re.fullmatch(r"(\S+)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})", row)
        if not match:
            problems.append(FieldProblem(
                f"office.business_hours[{i}]",
                "must be 'DAYS HH:MM-HH:MM', e.g. 'sat-wed 08:00-17:00'", row))
            continue
        items.append({"days": match[1], "open": match[2], "close": match[3]})
    return items


def _lines(rows: list[str], problems: list[FieldProblem], _: str) -> list[dict[str, Any]]:
    items = []
    for i, row in enumerate(rows):
        cells = _cells(row)
        if len(cells) < 3 or len(cells) > 6:
            problems.append(FieldProblem(
                f"lines[{i}]", "must be 'NAME, HOST, CHANNELS[, USERNAME[, NUMBERS[, KIND]]]'",
                row))
            continue
        item: dict[str, Any] = {"name": cells[0], "host": cells[1],
                                "channels": _number(cells[2], "int")}
        if len(cells) > 3 and cells[3]:
            item["username"] = cells[3]
        if len(cells) > 4 and cells[4]:
            item["numbers"] = cells[4].split()
        if len(cells) > 5 and cells[5]:
            item["kind"] = cells[5]
        items.append(item)
    return items


def _phones(rows: list[str], problems: list[FieldProblem], model: str) -> list[dict[str, Any]]:
    parsed: list[tuple[int, list[str]]] = [(i, _cells(r)) for i, r in enumerate(rows)]
    taken = {int(c[0]) for _, c in parsed if len(c) > 1 and c[0].isdigit()}
    free = (n for n in range(101, 100000) if n not in taken)
    items = []
    for i, cells in parsed:
        if len(cells) == 1 and _HEX12.match(re.sub(r"[:\-.]", "", cells[0])):
            extension = next(free)
            cells = [str(extension), f"Phone {extension}", cells[0]]
        if len(cells) < 3 or len(cells) > 5:
            problems.append(FieldProblem(
                f"phones[{i}]", "must be 'EXT, NAME, MAC[, VENDOR MODEL[, supervisor]]',"
                " 'EXT, NAME, soft' or a bare MAC", rows[i]))
            continue
        if len(cells) == 4 and cells[3].lower() == "supervisor":
            cells = [*cells[:3], "", "supervisor"]  # the flag without a model column
        item: dict[str, Any] = {"extension": _number(cells[0], "int"), "name": cells[1]}
        if cells[2].lower() in ("soft", "softphone"):
            item["softphone"] = True
        else:
            item["mac"] = cells[2]
            vendor_model = cells[3] if len(cells) > 3 and cells[3] else model
            vendor, _, name = vendor_model.partition(" ")
            if vendor:
                item["vendor"], item["model"] = vendor, name.strip()
        if len(cells) > 4 and cells[4].lower() == "supervisor":
            item["supervisor"] = True
        elif len(cells) > 4 and cells[4]:
            problems.append(FieldProblem(f"phones[{i}]", "the fifth column may only be"
                                         " 'supervisor'", cells[4]))
            continue
        items.append(item)
    return items


def _queues(rows: list[str], problems: list[FieldProblem], _: str) -> list[dict[str, Any]]:
    items = []
    for i, row in enumerate(rows):
        cells = _cells(row)
        if len(cells) < 2 or len(cells) > 4:
            problems.append(FieldProblem(
                f"queues[{i}]", "must be 'NAME, MEMBERS[, STRATEGY[, MAX WAIT s]]'", row))
            continue
        item: dict[str, Any] = {
            "name": cells[0], "members": [_member(m) for m in cells[1].split()]}
        if len(cells) > 2 and cells[2]:
            item["strategy"] = cells[2]
        if len(cells) > 3 and cells[3]:
            item["max_wait_s"] = _number(cells[3], "int")
        items.append(item)
    return items


def _member(token: str) -> Any:
    """'101' or '101:10' (extension:penalty, for skills)."""
    extension, colon, penalty = token.partition(":")
    if not colon:
        return _number(extension, "int")
    return {"extension": _number(extension, "int"), "penalty": _number(penalty, "int")}


_TARGET_KINDS = {"queue": "queue", "extension": "extension", "ext": "extension",
                 "voicemail": "voicemail", "vm": "voicemail"}


def _target(text: str, path: str, problems: list[FieldProblem]) -> dict[str, Any] | None:
    kind, _, value = text.replace(":", " ").strip().partition(" ")
    if kind.lower() not in _TARGET_KINDS or not value.strip():
        problems.append(FieldProblem(
            path, "must be 'queue NAME', 'extension EXT' or 'voicemail EXT'", text))
        return None
    real = _TARGET_KINDS[kind.lower()]
    return {real: value.strip() if real == "queue" else _number(value.strip(), "int")}


def _options(rows: list[str], problems: list[FieldProblem], _: str) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for row in rows:
        key, _, target = row.partition(",")
        found = _target(target.strip(), f"ivr.options.{key.strip()}", problems)
        if found is not None:
            options[key.strip()] = found
    return options


# List items keep the fields the form has no column for (codecs, penalties, overflow...)
# from the item with the same identity in the base profile.
_IDENTITY = {"lines": "name", "phones": "extension", "queues": "name"}


def merge(base: dict[str, Any], data: dict[str, Any], values: Values) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for section in _OPTIONAL:
        if values.get(f"{section}.enabled") is False:
            merged.pop(section, None)
    for step in steps():
        for spec in step.fields:
            if spec.key not in _IDENTITY:
                _drop(merged, spec.key)  # the form is the truth for every field it shows
    for key, id_field in _IDENTITY.items():
        old = {str(item.get(id_field)): item for item in merged.pop(key, [])}
        if key in data:
            data[key] = [{**old.get(str(item.get(id_field)), {}), **item}
                         for item in data[key]]
    return _deep(merged, data)


def _drop(data: dict[str, Any], key: str) -> None:
    *parents, last = key.split(".")
    for part in parents:
        data = data.get(part) if isinstance(data.get(part), dict) else {}  # type: ignore[assignment]
    data.pop(last, None)


def _deep(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        old = out.get(key)
        out[key] = _deep(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return out


_ROWS = {"office.business_hours": _hours, "lines": _lines, "phones": _phones,
         "queues": _queues, "ivr.options": _options}


def profile_yaml(profile: Profile, origin: str) -> str:
    """The profile as YAML the loader reads back to the same model; defaults left out."""
    data = profile.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    for queue in data.get("queues", []):
        # `members: [101, 102]` is how people write it; a mapping only when it has a penalty.
        queue["members"] = [m["extension"] if set(m) == {"extension"} else m
                            for m in queue.get("members", [])]
    header = (f"# Generated by `tamas wizard` on {date.today().isoformat()} from {origin}.\n"
              "# Edit freely; check with `tamas validate` before `tamas apply`.\n")
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
