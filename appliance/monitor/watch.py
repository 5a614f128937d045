"""What the monitor looks for, taken from the profile: queues, their agents, lines, phones.

The names follow the rendered Asterisk configs: a phone's PJSIP endpoint is its
extension, a line's endpoint and outbound registration are the line's name.
"""

from __future__ import annotations

from dataclasses import dataclass

from appliance.profile.model import Profile


@dataclass(frozen=True)
class WatchedMember:
    interface: str  # PJSIP/101
    name: str


@dataclass(frozen=True)
class WatchedQueue:
    name: str
    members: tuple[WatchedMember, ...]
    max_wait_s: int
    service_level_s: int


@dataclass(frozen=True)
class WatchedLine:
    name: str
    endpoint: str
    registers: bool
    limit: int


@dataclass(frozen=True)
class Watch:
    queues: tuple[WatchedQueue, ...] = ()
    lines: tuple[WatchedLine, ...] = ()
    phones: dict[str, str] | None = None  # endpoint -> person's name
    wan_interface: str = "ether1"

    def phone_name(self, endpoint: str) -> str:
        return (self.phones or {}).get(endpoint, endpoint)


def interface_of(extension: int | str) -> str:
    return f"PJSIP/{extension}"


def watch_for(profile: Profile) -> Watch:
    names = {str(p.extension): p.name for p in profile.phones}
    within = profile.traffic.service_level.within_s if profile.traffic else 20
    queues = tuple(
        WatchedQueue(
            name=q.name,
            members=tuple(WatchedMember(interface_of(m.extension),
                                        names.get(str(m.extension), str(m.extension)))
                          for m in q.members),
            max_wait_s=q.max_wait_s, service_level_s=within,
        )
        for q in profile.queues
    )
    lines = tuple(
        WatchedLine(name=line.name, endpoint=line.name,
                    registers=bool(line.registration if line.registration is not None
                                   else line.username),
                    limit=line.channels)
        for line in profile.lines
    )
    return Watch(queues=queues, lines=lines, phones=names,
                 wan_interface=profile.router.wan.interface if profile.router else "ether1")
