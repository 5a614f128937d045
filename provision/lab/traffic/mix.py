"""What the lab's simulated call center does, decided without I/O: who the agents are,
which number callers dial, and what each caller does (a seeded random stream).

    setup = traffic_setup(profile, lab_addresses, agents=3)
    rng = random.Random(7)
    call = next_call(rng, setup, number=1)   # a CallPlan: kind, caller, line, keys, patience
    gap = arrival_gap(rng, calls_per_hour=120)
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Literal

from appliance.errors import InputError
from appliance.profile.model import Profile
from provision.lab.addresses import LabAddresses

CallKind = Literal["survey", "abandon", "callback"]
# Most callers wait, talk and score the agent; some give up; some ask for a callback.
WEIGHTS: dict[CallKind, float] = {"survey": 0.6, "abandon": 0.25, "callback": 0.15}
SCORES = (2, 3, 4, 5)  # 1 is the callback key while waiting: never a survey score here
SCORE_WEIGHTS = (1, 2, 4, 4)
PAUSE_REASONS = (1, 2, 3)  # *42N: break, lunch, meeting (the profile's reason table)


@dataclass(frozen=True)
class Agent:
    extension: int
    name: str
    address: str  # the lab address its simulated phone registers from
    talk_ms: int  # how long this agent talks before hanging up
    ring_ms: int  # how long the phone rings before it is answered


@dataclass(frozen=True)
class LineSetup:
    name: str
    address: str  # the provider's lab address; calls come from here (trunk identify)
    did: str  # the number callers dial
    channels: int
    registers: bool
    username: str | None


@dataclass(frozen=True)
class TrafficSetup:
    lines: tuple[LineSetup, ...]
    agents: tuple[Agent, ...]
    queue: str
    ivr_key: str  # the IVR key that leads to `queue`
    survey: bool
    callback: bool


@dataclass(frozen=True)
class CallPlan:
    number: int  # 1, 2, ... in the order placed
    kind: CallKind
    caller: str
    line: LineSetup
    ivr_key: str
    score: int = 0  # survey callers
    patience_ms: int = 0  # abandon: hangs up after; callback: asks for a callback after


def _queue_and_key(profile: Profile) -> tuple[str, str]:
    for key, target in sorted(profile.ivr.options.items()):
        if target.queue:
            return target.queue, key
    if profile.queues:  # no IVR key to a queue: an invalid key leads to the default
        default = profile.ivr.default
        queue = default.queue if default and default.queue else profile.queues[0].name
        return queue, "9"
    raise InputError("the profile has no queue: the lab's callers would have nowhere to wait")


def traffic_setup(profile: Profile, lab: LabAddresses, *, agents: int | None = None,
                  seed: int = 0) -> TrafficSetup:
    """The lab parties for this profile; `agents` limits how many agents' phones come up."""
    queue_name, key = _queue_and_key(profile)
    queue = next(q for q in profile.queues if q.name == queue_name)
    members = [m if isinstance(m, int) else m.extension for m in queue.members]
    if not members:
        raise InputError(f"queues.{queue_name}.members: empty, so no agent can answer")
    if agents is not None and not 1 <= agents <= len(members):
        raise InputError(
            f"--agents {agents}: queue {queue_name} has {len(members)} member(s);"
            f" give 1 to {len(members)}"
        )
    index = {p.extension: i for i, p in enumerate(profile.phones)}
    names = {p.extension: p.name for p in profile.phones}
    rng = random.Random(seed)  # noqa: S311 - a simulation, not a secret
    chosen = tuple(
        Agent(ext, names.get(ext, str(ext)), lab.phone(index.get(ext, n)),
              talk_ms=rng.randrange(20_000, 50_000, 1000), ring_ms=rng.randrange(1000, 3500, 500))
        for n, ext in enumerate(members[: agents or len(members)])
    )
    lines = tuple(
        LineSetup(line.name, lab.provider(i), line.numbers[0] if line.numbers else "s",
                  line.channels, bool(line.registers and line.username), line.username)
        for i, line in enumerate(profile.lines)
    )
    if not any(line.did != "s" for line in lines):
        raise InputError("lines: no line has a number, so the lab's callers cannot dial in")
    return TrafficSetup(lines=tuple(line for line in lines if line.did != "s"), agents=chosen,
                        queue=queue_name, ivr_key=key, survey=queue.survey,
                        callback=queue.callback)


def arrival_gap(rng: random.Random, calls_per_hour: float) -> float:
    """Seconds to the next caller: Poisson arrivals at this rate."""
    return rng.expovariate(calls_per_hour / 3600.0)


def next_call(rng: random.Random, setup: TrafficSetup, number: int) -> CallPlan:
    kinds = [k for k in WEIGHTS if k != "callback" or setup.callback]
    kind = rng.choices(kinds, weights=[WEIGHTS[k] for k in kinds])[0]
    line = setup.lines[number % len(setup.lines)]
    caller = "0912" + f"{rng.randrange(10**7):07d}"
    plan = CallPlan(number=number, kind=kind, caller=caller, line=line, ivr_key=setup.ivr_key)
    if kind == "survey":
        return replace(plan, score=rng.choices(SCORES, weights=SCORE_WEIGHTS)[0])
    if kind == "abandon":
        return replace(plan, patience_ms=rng.randrange(8_000, 45_000, 1000))
    return replace(plan, patience_ms=rng.randrange(8_000, 25_000, 1000))
