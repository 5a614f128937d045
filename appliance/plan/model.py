"""The plan of one office: one model shared by `tamas plan --json`, the TUI and reports.

Figures are rounded where they are computed for people (percentages to 0.1, seconds
to 0.1); the Erlang functions themselves stay exact.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["ok", "warn", "error"]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Finding(_Out):
    """One thing the installer should know, with what to buy or change."""

    severity: Severity
    code: str = Field(description="stable identifier, e.g. 'lines.blocking'")
    message: str
    recommendation: str = ""


class Staffing(_Out):
    """What callers would see with a given number of agents (Erlang A unless noted)."""

    agents: int
    service_level: float = Field(description="share answered within the target time, 0..1")
    asa_s: float = Field(description="mean wait of answered calls, seconds")
    abandon_rate: float = Field(description="share of callers who hang up while waiting")
    occupancy: float = Field(description="share of agent time spent on calls")


class Sizing(_Out):
    """Agents and lines for the peak hour."""

    calls_per_hour: float
    aht_s: float
    erlangs: float = Field(description="offered agent traffic: calls/h x AHT / 3600")
    service_target: str = Field(description="e.g. '80 % in 20 s'")
    agents: int = Field(description="fewest agents meeting the target by Erlang C")
    service_level: float = Field(description="Erlang C service level with `agents`, 0..1")
    asa_s: float = Field(description="Erlang C average speed of answer with `agents`")
    agents_erlang_a: int = Field(description="fewest agents meeting it when callers give up")
    erlang_a: Staffing = Field(description="Erlang A figures with `agents_erlang_a`")
    staffed: Staffing | None = Field(
        default=None, description="Erlang A figures with the agents the profile has"
    )
    line_holding_s: float = Field(description="IVR + expected queue wait + AHT")
    line_erlangs: float
    blocking_target: float
    lines: int = Field(description="lines/channels needed by Erlang B for the blocking target")
    channels: int = Field(description="channels the profile's lines give in total")
    blocking_at_channels: float = Field(description="Erlang B blocking with those channels")


class CodecRate(_Out):
    """One call, one direction, 20 ms packets."""

    codec: str
    payload_kbps: float
    ip_kbps: float = Field(description="with RTP 12 + UDP 8 + IPv4 20 bytes per packet")
    wan_kbps: float = Field(description="ip_kbps plus Ethernet header and FCS (18 bytes)")
    lan_kbps: float = Field(description="wan_kbps plus preamble and inter-frame gap (20 bytes)")


class Bandwidth(_Out):
    codec: str = Field(description="the codec the plan assumes (traffic.codec)")
    per_call: list[CodecRate]
    peak_calls: int = Field(description="concurrent calls at the peak")
    wan_calls: int = Field(description="of those, calls over SIP trunks (they cross the WAN)")
    wan_kbps: float = Field(description="voice on the WAN, each direction")
    lan_kbps: float = Field(description="voice on the LAN between phones and appliance")
    wan_up_mbps: float | None = None
    wan_down_mbps: float | None = None
    router_model: str | None = None
    router_voice_calls: int | None = None


class ApplianceNeeds(_Out):
    """What the PBX box needs, by the rule of thumb in appliance/plan/hardware.py."""

    concurrent_calls: int
    transcoding: bool
    recording: bool
    recording_format: str
    cpu_cores: int
    ram_mb: int
    disk_gb: float
    recordings_gb: float
    calls_per_day: float
    have_cpu_cores: int | None = None
    have_ram_mb: int | None = None
    have_disk_gb: int | None = None


class Plan(_Out):
    office: str
    sizing: Sizing | None = Field(default=None, description="absent without a traffic section")
    bandwidth: Bandwidth
    appliance: ApplianceNeeds
    findings: list[Finding]
    assumptions: list[str]

    @property
    def worst(self) -> Severity:
        order: dict[Severity, int] = {"ok": 0, "warn": 1, "error": 2}
        return max((f.severity for f in self.findings), key=order.__getitem__, default="ok")
