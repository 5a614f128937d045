"""Everything the checks read, gathered once (appliance.doctor.gather fills it).

Plain data; None means "could not be found out", which a check reports as such rather
than guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from appliance.monitor.snapshot import Snapshot


@dataclass(frozen=True)
class SecurityEvent:
    kind: str  # ChallengeResponseFailed, InvalidAccountID, InvalidPassword, FailedACL, ...
    account: str
    remote: str  # the address it came from
    service: str = "PJSIP"  # PJSIP for SIP; AMI logins are logged to the same channel


@dataclass
class Facts:
    target: str
    kind: str  # lab | local | ssh
    snapshot: Snapshot
    asterisk_running: bool | None = None
    modules: set[str] | None = None  # loaded module file names
    endpoint_codecs: dict[str, list[str]] = field(default_factory=dict)  # endpoint -> allow
    rtp_range: tuple[int, int] | None = None
    rtp_squatters: list[str] = field(default_factory=list)  # "port process" outside Asterisk
    transport_external: str | None = None  # external_media_address of the SIP transport
    profile_external: str | None = None  # appliance.external_address of the profile
    router_wan_address: str | None = None
    sip_alg_enabled: bool | None = None  # /ip/firewall/service-port sip not disabled
    clock_offset_s: float | None = None  # appliance clock minus this machine's
    ntp_synchronized: bool | None = None
    security_events: list[SecurityEvent] = field(default_factory=list)
    security_log_found: bool = False
    cdr_recent: int | None = None  # CDRs read
    cdr_failed: int = 0  # FAILED / CONGESTION among them
    phones: list[str] = field(default_factory=list)  # endpoints of the profile's phones
    lines: list[str] = field(default_factory=list)  # endpoints of the profile's lines
    notes: list[str] = field(default_factory=list)
