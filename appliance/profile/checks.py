"""Checks that span fields: things no single field can know is wrong.

Each check yields FieldProblems naming the field path the installer must edit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from appliance.catalogue import Catalogue
from appliance.errors import FieldProblem
from appliance.profile.model import IvrTarget, Profile, parse_clock


def cross_check(profile: Profile, catalogue: Catalogue) -> list[FieldProblem]:
    checks = (
        _unique_keys,
        _queue_members,
        _ivr_targets,
        _overlapping_hours,
        _catalogue_models,
        _roster,
    )
    return [problem for check in checks for problem in check(profile, catalogue)]


def _duplicates(values: list, path: str, what: str) -> Iterator[FieldProblem]:
    counts = Counter(values)
    seen: set = set()
    for index, value in enumerate(values):
        if value is not None and counts[value] > 1:
            if value in seen:
                yield FieldProblem(
                    path.format(index), f"duplicate {what}; each must be unique", str(value)
                )
            seen.add(value)


def _unique_keys(profile: Profile, _: Catalogue) -> Iterator[FieldProblem]:
    yield from _duplicates(
        [p.extension for p in profile.phones], "phones[{}].extension", "extension"
    )
    yield from _duplicates([p.mac for p in profile.phones], "phones[{}].mac", "MAC address")
    yield from _duplicates([line.name for line in profile.lines], "lines[{}].name", "line name")
    yield from _duplicates([q.name for q in profile.queues], "queues[{}].name", "queue name")
    numbers = [
        (i, j, n) for i, line in enumerate(profile.lines) for j, n in enumerate(line.numbers)
    ]
    seen: set[str] = set()
    for i, j, number in numbers:
        if number in seen:
            yield FieldProblem(
                f"lines[{i}].numbers[{j}]", "number already belongs to another line", number
            )
        seen.add(number)


def _queue_members(profile: Profile, _: Catalogue) -> Iterator[FieldProblem]:
    extensions = {p.extension for p in profile.phones}
    queue_names = {q.name for q in profile.queues}
    for i, queue in enumerate(profile.queues):
        members = [m.extension for m in queue.member_list]
        for j, extension in enumerate(members):
            if extension not in extensions:
                yield FieldProblem(
                    f"queues[{i}].members[{j}]",
                    "is not the extension of any phone; add the phone or remove the member",
                    str(extension),
                )
        yield from _duplicates(members, f"queues[{i}].members[{{}}]", "member")
        overflow = queue.overflow
        if overflow is not None and overflow.queue is not None:
            if overflow.queue == queue.name:
                yield FieldProblem(
                    f"queues[{i}].overflow.queue", "a queue cannot overflow into itself",
                    overflow.queue,
                )
            elif overflow.queue not in queue_names:
                yield FieldProblem(
                    f"queues[{i}].overflow.queue",
                    f"no such queue; known queues: {', '.join(sorted(queue_names)) or 'none'}",
                    overflow.queue,
                )
        voicemail = overflow.voicemail if overflow is not None else None
        if voicemail is not None and voicemail not in extensions:
            yield FieldProblem(
                f"queues[{i}].overflow.voicemail",
                "is not the extension of any phone (voicemail boxes belong to extensions)",
                str(voicemail),
            )


def _target_problem(target: IvrTarget, profile: Profile) -> tuple[str, str, str] | None:
    extensions = {p.extension for p in profile.phones}
    if target.queue is not None and profile.queue(target.queue) is None:
        known = ", ".join(q.name for q in profile.queues) or "none defined"
        return "queue", f"no such queue; known queues: {known}", target.queue
    for field, value in (("extension", target.extension), ("voicemail", target.voicemail)):
        if value is not None and value not in extensions:
            return field, "is not the extension of any phone", str(value)
    return None


def _ivr_targets(profile: Profile, _: Catalogue) -> Iterator[FieldProblem]:
    if profile.ivr is None:
        return
    targets = [(f"ivr.options.{key}", t) for key, t in profile.ivr.options.items()]
    if profile.ivr.default is not None:
        targets.append(("ivr.default", profile.ivr.default))
    elif not profile.queues:
        yield FieldProblem(
            "ivr.default",
            "the IVR needs a default target (there is no queue to fall back to):"
            " set ivr.default to a queue or an extension",
        )
    for path, target in targets:
        problem = _target_problem(target, profile)
        if problem:
            field, message, value = problem
            yield FieldProblem(f"{path}.{field}", message, value)


def _overlapping_hours(profile: Profile, _: Catalogue) -> Iterator[FieldProblem]:
    spans: dict[str, list[tuple[int, object, object]]] = {}
    for i, hours in enumerate(profile.office.business_hours):
        start, end = parse_clock(hours.open), parse_clock(hours.close)
        for day in hours.weekdays:
            for j, other_start, other_end in spans.get(day, []):
                if start < other_end and other_start < end:  # type: ignore[operator]
                    yield FieldProblem(
                        f"office.business_hours[{i}]",
                        f"overlaps business_hours[{j}] on {day}; give each day its hours once",
                        f"{hours.days} {hours.open}-{hours.close}",
                    )
            spans.setdefault(day, []).append((i, start, end))


def _catalogue_models(profile: Profile, catalogue: Catalogue) -> Iterator[FieldProblem]:
    if profile.router is not None and catalogue.router(profile.router.model) is None:
        known = ", ".join(sorted(catalogue.routers))
        yield FieldProblem(
            "router.model", f"unknown MikroTik model; known models: {known}", profile.router.model
        )
    for i, phone in enumerate(profile.phones):
        if phone.softphone or phone.vendor is None or phone.model is None:
            continue
        if catalogue.phone(phone.vendor, phone.model) is None:
            known = ", ".join(f"{v} {m}" for v, m in sorted(
                (p.vendor, p.name) for p in catalogue.phones.values()))
            yield FieldProblem(
                f"phones[{i}].model",
                f"unknown phone {phone.vendor} {phone.model}; known phones: {known}",
                phone.model,
            )
    for i, line in enumerate(profile.lines):
        if line.gateway_model is None:
            continue
        gateway = catalogue.gateways.get(line.gateway_model)
        if gateway is None:
            known = ", ".join(sorted(catalogue.gateways))
            yield FieldProblem(
                f"lines[{i}].gateway_model", f"unknown gateway; known gateways: {known}",
                line.gateway_model,
            )
        elif line.channels > gateway.channels:
            yield FieldProblem(
                f"lines[{i}].channels",
                f"the {gateway.name} carries at most {gateway.channels} calls",
                str(line.channels),
            )


def _roster(profile: Profile, _: Catalogue) -> Iterator[FieldProblem]:
    extensions = {p.extension for p in profile.phones}
    for i, agent in enumerate(profile.agents):
        if agent.extension not in extensions:
            yield FieldProblem(
                f"agents[{i}].extension", "is not the extension of any phone", str(agent.extension)
            )
        if agent.started and agent.left and agent.left < agent.started:
            yield FieldProblem(
                f"agents[{i}].left", f"is before started ({agent.started})", str(agent.left)
            )
        for j, shift in enumerate(agent.shifts):
            if parse_clock(shift.end) <= parse_clock(shift.start):
                yield FieldProblem(
                    f"agents[{i}].shifts[{j}]", "ends before it starts",
                    f"{shift.start}-{shift.end}",
                )
    active = [a for a in profile.agents if a.left is None]
    if len(active) > len(profile.phones):
        yield FieldProblem(
            "agents",
            f"{len(active)} active agents but only {len(profile.phones)} phones;"
            " every agent needs a phone or softphone",
        )
