"""The wizard's steps as data: which fields each asks for and which profile sections it fills.

A field's `key` is its dotted place in the profile (`router.wan.up_mbps`), so a problem
reported by the profile loader at that path can be shown beside the field that caused it.
Row fields (`kind="rows"`) hold one list item per text line; their column order is in
`placeholder`, and `tui.wizard.draft` turns them into list items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from appliance.catalogue import catalogue
from appliance.profile.model import LANGUAGES, Strategy

FieldKind = Literal["text", "int", "float", "rows", "select", "check"]


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: FieldKind = "text"
    placeholder: str = ""
    options: tuple[str, ...] = ()
    hint: str = ""


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    intro: str
    sections: tuple[str, ...]
    fields: tuple[FieldSpec, ...] = field(default_factory=tuple)


def router_models() -> tuple[str, ...]:
    return tuple(sorted(catalogue().routers))


def phone_models() -> tuple[str, ...]:
    """'vendor model' for every catalogue phone, as typed in the phones table."""
    return tuple(sorted(f"{p.vendor} {p.name}" for p in catalogue().phones.values()))


def steps() -> tuple[Step, ...]:
    return (
        Step("office", "Office", "The business: its name, time zone and opening hours.",
             ("office",), (
                 FieldSpec("office.name", "Business name", placeholder="Parsian Trading"),
                 FieldSpec("office.timezone", "Time zone (IANA)", placeholder="Asia/Tehran"),
                 FieldSpec("office.language", "Prompt language", "select", options=LANGUAGES),
                 FieldSpec("office.business_hours", "Opening hours", "rows",
                           placeholder="sat-wed 08:00-17:00",
                           hint="One line per set of days: DAYS HH:MM-HH:MM. Empty: always"
                                " open."),
             )),
        Step("appliance", "Appliance", "The Debian box that will run the PBX.",
             ("appliance", "recording"), (
                 FieldSpec("appliance.host", "Address", placeholder="192.168.88.10"),
                 FieldSpec("appliance.ssh_user", "SSH user", placeholder="root"),
                 FieldSpec("appliance.cpu_cores", "CPU cores", "int", placeholder="2"),
                 FieldSpec("appliance.ram_mb", "RAM (MB)", "int", placeholder="2048"),
                 FieldSpec("appliance.disk_gb", "Disk (GB)", "int", placeholder="64"),
                 FieldSpec("appliance.external_address", "Public address (NAT)",
                           placeholder="optional"),
                 FieldSpec("recording.enabled", "Record calls", "check"),
             )),
        Step("router", "Router", "The office's MikroTik router (QoS, voice VLAN, firewall).",
             ("router",), (
                 FieldSpec("router.enabled", "Manage the router", "check"),
                 FieldSpec("router.model", "Model", "select", options=router_models()),
                 FieldSpec("router.host", "Address", placeholder="192.168.88.1"),
                 FieldSpec("router.lan", "Office LAN", placeholder="192.168.88.0/24"),
                 FieldSpec("router.wan.interface", "WAN interface", placeholder="ether1"),
                 FieldSpec("router.wan.down_mbps", "WAN down (Mbit/s)", "float",
                           placeholder="20"),
                 FieldSpec("router.wan.up_mbps", "WAN up (Mbit/s)", "float", placeholder="5"),
                 FieldSpec("router.voice_vlan", "Voice VLAN id", "int", placeholder="optional"),
             )),
        Step("lines", "Lines", "City lines: SIP trunks or FXO/E1 gateways.",
             ("lines", "concurrent_calls"), (
                 FieldSpec("lines", "Lines", "rows",
                           placeholder="city, sip.provider.example, 4, 02188776655, 02188776655",
                           hint="One per line: NAME, HOST, CHANNELS[, USERNAME[, NUMBERS[,"
                                " KIND]]]. Numbers space-separated; kind sip_trunk (default),"
                                " fxo_gateway or e1_gateway."),
                 FieldSpec("concurrent_calls", "Concurrent calls", "int", placeholder="4"),
             )),
        Step("phones", "Phones", "One row per phone; paste a column of MACs to add them all.",
             ("phones",), (
                 FieldSpec("phones.model", "Model for pasted MACs", "select",
                           options=phone_models()),
                 FieldSpec("phones", "Phones", "rows",
                           placeholder="101, Sara, 80:5e:c0:11:22:01, yealink T31P",
                           hint="EXT, NAME, MAC[, VENDOR MODEL[, supervisor]]; MAC 'soft' for a"
                                " softphone; a bare MAC gets the next extension."),
             )),
        Step("queues", "Queues", "Where callers wait for agents.", ("queues",), (
            FieldSpec("queues", "Queues", "rows",
                      placeholder="support, 101 102 103, rrmemory, 300",
                      hint="NAME, MEMBERS[, STRATEGY[, MAX WAIT s]]; a member EXT:PENALTY"
                           " rings later (skills). Strategies: "
                           + ", ".join(s.value for s in Strategy) + "."),
        )),
        Step("ivr", "IVR", "The menu callers hear first: keep it short.", ("ivr",), (
            FieldSpec("ivr.enabled", "Play a menu", "check"),
            FieldSpec("ivr.greeting", "Greeting", placeholder="Welcome to Parsian Trading."),
            FieldSpec("ivr.options", "Keys", "rows", placeholder="1, queue support",
                      hint="KEY, TARGET: 'queue NAME', 'extension EXT' or 'voicemail EXT'."),
            FieldSpec("ivr.default", "After a timeout", placeholder="queue support"),
        )),
        Step("traffic", "Traffic", "The busiest hour, for sizing lines and agents.",
             ("traffic",), (
                 FieldSpec("traffic.enabled", "Size from traffic", "check"),
                 FieldSpec("traffic.peak_calls_per_hour", "Calls in the peak hour", "float",
                           placeholder="60"),
                 FieldSpec("traffic.average_handle_time_s", "Average handle time (s)", "float",
                           placeholder="180"),
                 FieldSpec("traffic.service_level.percent", "Service level (%)", "float",
                           placeholder="80"),
                 FieldSpec("traffic.service_level.within_s", "... answered within (s)", "int",
                           placeholder="20"),
                 FieldSpec("traffic.average_patience_s", "Caller patience (s)", "float",
                           placeholder="120"),
             )),
    )
