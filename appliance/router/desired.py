"""What the router should hold for one office, for RouterOS v6 or v7.

Two kinds of desired things:
- entries Tamas owns, tagged `comment="tamas: <key>"`: added, updated or removed freely;
- settings on rows Tamas does not own (the `sip` service port, the LAN's DHCP network,
  the NTP client): only the named fields are touched, everything else is left alone.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from appliance.catalogue import Catalogue
from appliance.errors import FieldProblem, ProfileError
from appliance.profile.model import LineKind, Profile

TAG = "tamas: "
TRUNKS = "tamas-trunks"
BLOCKED = "tamas-blocked"  # the security role adds attackers here
VOICE_MARK = "tamas-voice"
PROVISIONING_OPTION = "tamas-provisioning"
NTP_POOL = "pool.ntp.org"
# Every menu where Tamas may own rows: scanned for stale `tamas:` rows to remove.
OWNED_MENUS = (
    "/ip/firewall/address-list", "/ip/firewall/filter", "/ip/firewall/nat",
    "/ip/firewall/mangle", "/queue/tree", "/ip/dhcp-server/option", "/interface/vlan",
)
# Menus whose rows are evaluated in order: our rules go before the router's own.
ORDERED = ("/ip/firewall/filter", "/ip/firewall/nat", "/ip/firewall/mangle")
# G.711 with IP/UDP/RTP and Ethernet overhead is about 87 kbit/s each way; round up.
VOICE_KBPS_PER_CALL = 100


@dataclass(frozen=True)
class Entry:
    """A row Tamas owns, found by its comment."""

    menu: str
    key: str
    fields: dict[str, str]

    @property
    def comment(self) -> str:
        return TAG + self.key


@dataclass(frozen=True)
class Setting:
    """Fields of a row Tamas does not own: a single-row menu, or the row matching `match`."""

    menu: str
    fields: dict[str, str]
    match: dict[str, str] | None = None
    members: dict[str, str] = field(default_factory=dict)  # comma-list fields: ensure item


@dataclass(frozen=True)
class Lease:
    """The appliance's DHCP lease: made static and tagged when the router has one."""

    address: str

    @property
    def comment(self) -> str:
        return TAG + "appliance"


@dataclass(frozen=True)
class DesiredState:
    routeros: int
    entries: list[Entry]
    settings: list[Setting]
    lease: Lease | None

    def menus(self) -> list[str]:
        """Every menu the plan must read."""
        seen = [*OWNED_MENUS, *(e.menu for e in self.entries), *(s.menu for s in self.settings)]
        if self.lease is not None:
            seen.append("/ip/dhcp-server/lease")
        return list(dict.fromkeys(seen))

    def as_data(self) -> dict:
        return asdict(self)


def dhcp_option_value(url: str, major: int) -> str:
    """A DHCP option's text value: v6 writes 'text', v7 s'text' (RouterOS 7 syntax)."""
    return f"'{url}'" if major == 6 else f"s'{url}'"


def check_model(profile: Profile, cat: Catalogue) -> None:
    """The profile asks only what the model can do; else an input error naming the field."""
    router = profile.router
    if router is None:
        return
    model = cat.router(router.model)
    if model is None:
        raise ProfileError("router", [FieldProblem("router.model", "unknown model", router.model)])
    if router.voice_vlan is not None and not model.voice_vlan:
        able = ", ".join(sorted(m.name for m in cat.routers.values() if m.voice_vlan))
        raise ProfileError("router", [FieldProblem(
            "router.voice_vlan",
            f"the {model.name} cannot carry a voice VLAN in hardware; remove voice_vlan"
            f" or use a model that can: {able}", str(router.voice_vlan))])


def desired_state(profile: Profile, appliance_address: str, provisioning_url: str,
                  cat: Catalogue, major: int) -> DesiredState:
    router = profile.router
    if router is None:
        raise ProfileError("router", [FieldProblem("router", "the profile has no router section")])
    check_model(profile, cat)
    wan = router.wan.interface
    appliance = appliance_address
    rtp = "10000-20000"
    trunks = [line for line in profile.lines if line.kind == LineKind.sip_trunk]
    entries: list[Entry] = [
        Entry("/ip/firewall/address-list", f"trunk {line.name}",
              {"list": TRUNKS, "address": line.host}) for line in trunks
    ]
    entries += [
        Entry("/ip/firewall/filter", "drop blocked to router",
              {"chain": "input", "action": "drop", "src-address-list": BLOCKED}),
        Entry("/ip/firewall/filter", "drop blocked",
              {"chain": "forward", "action": "drop", "src-address-list": BLOCKED}),
        Entry("/ip/firewall/filter", "accept sip from trunks",
              {"chain": "forward", "action": "accept", "protocol": "udp",
               "dst-address": appliance, "dst-port": "5060", "src-address-list": TRUNKS}),
        Entry("/ip/firewall/filter", "accept rtp from trunks",
              {"chain": "forward", "action": "accept", "protocol": "udp",
               "dst-address": appliance, "dst-port": rtp, "src-address-list": TRUNKS}),
        Entry("/ip/firewall/filter", "drop other sip from wan",
              {"chain": "forward", "action": "drop", "protocol": "udp", "dst-port": "5060",
               "in-interface": wan}),
        Entry("/ip/firewall/nat", "sip from trunks to appliance",
              {"chain": "dstnat", "action": "dst-nat", "protocol": "udp", "dst-port": "5060",
               "in-interface": wan, "src-address-list": TRUNKS, "to-addresses": appliance,
               "to-ports": "5060"}),
        Entry("/ip/firewall/nat", "rtp from trunks to appliance",
              {"chain": "dstnat", "action": "dst-nat", "protocol": "udp", "dst-port": rtp,
               "in-interface": wan, "src-address-list": TRUNKS, "to-addresses": appliance}),
        Entry("/ip/firewall/mangle", "mark voice from appliance",
              {"chain": "prerouting", "action": "mark-packet", "protocol": "udp",
               "src-address": appliance, "src-port": rtp, "new-packet-mark": VOICE_MARK,
               "passthrough": "yes"}),
        Entry("/ip/firewall/mangle", "mark sip from appliance",
              {"chain": "prerouting", "action": "mark-packet", "protocol": "udp",
               "src-address": appliance, "src-port": "5060", "new-packet-mark": VOICE_MARK,
               "passthrough": "yes"}),
        Entry("/ip/firewall/mangle", "dscp 46 for voice",
              {"chain": "postrouting", "action": "change-dscp", "packet-mark": VOICE_MARK,
               "new-dscp": "46", "passthrough": "yes"}),
    ]
    up_bits = int(router.wan.up_mbps * 1_000_000)
    voice_bits = min(up_bits, profile.concurrent_calls * VOICE_KBPS_PER_CALL * 1000)
    entries += [
        Entry("/queue/tree", "wan upload",
              {"name": "tamas-wan-up", "parent": wan, "max-limit": str(up_bits)}),
        Entry("/queue/tree", "voice first",
              {"name": "tamas-voice-up", "parent": "tamas-wan-up", "packet-mark": VOICE_MARK,
               "priority": "1", "limit-at": str(voice_bits), "max-limit": str(up_bits)}),
        Entry("/queue/tree", "other traffic",
              {"name": "tamas-other-up", "parent": "tamas-wan-up", "packet-mark": "no-mark",
               "priority": "8", "max-limit": str(up_bits)}),
        Entry("/ip/dhcp-server/option", "provisioning url",
              {"name": PROVISIONING_OPTION, "code": "66",
               "value": dhcp_option_value(provisioning_url, major)}),
    ]
    if router.voice_vlan is not None:
        entries.append(Entry("/interface/vlan", "voice vlan",
                             {"name": "tamas-voice", "vlan-id": str(router.voice_vlan),
                              "interface": "bridge"}))
    network_fields = {}
    settings = [Setting("/ip/firewall/service-port", {"disabled": "yes"}, {"name": "sip"})]
    if major == 6:
        settings.append(Setting("/system/ntp/client",
                                {"enabled": "yes", "server-dns-names": NTP_POOL}))
    else:
        settings.append(Setting("/system/ntp/client", {"enabled": "yes", "servers": NTP_POOL}))
        # Only v7 serves NTP without an extra package, so only v7 hands itself out.
        settings.append(Setting("/system/ntp/server", {"enabled": "yes"}))
        network_fields["ntp-server"] = router.host
    settings.append(Setting("/ip/dhcp-server/network", network_fields,
                            {"address": str(router.lan)},
                            members={"dhcp-option": PROVISIONING_OPTION}))
    return DesiredState(major, entries, settings, Lease(appliance))
