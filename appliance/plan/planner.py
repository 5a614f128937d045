"""`plan(profile)`: sizing, bandwidth, hardware checks and findings, as one Plan."""

from __future__ import annotations

from appliance.catalogue import Catalogue, catalogue
from appliance.errors import PlanError
from appliance.plan.bandwidth import PAYLOAD_KBPS, plan_bandwidth, wan_findings
from appliance.plan.hardware import (
    AVERAGE_TO_PEAK,
    CALLS_PER_CORE,
    appliance_findings,
    appliance_needs,
)
from appliance.plan.model import Finding, Plan
from appliance.plan.router import router_findings
from appliance.plan.sizing import lines_without_traffic, peak_calls, size_traffic
from appliance.profile.model import Profile

_ORDER = {"error": 0, "warn": 1, "ok": 2}


def plan(profile: Profile, cat: Catalogue | None = None) -> Plan:
    cat = cat or catalogue()
    traffic = profile.traffic
    findings: list[Finding] = []
    sizing = None
    if traffic is not None:
        try:
            sizing, found = size_traffic(profile, traffic)
        except ValueError as exc:  # only for traffic beyond any sane office
            raise PlanError(f"traffic cannot be sized: {exc}") from None
        findings += found
    else:
        findings += lines_without_traffic(profile)
    codec = traffic.codec if traffic is not None else "g711"
    peak = peak_calls(profile, sizing)
    model = cat.router(profile.router.model) if profile.router else None
    bandwidth = plan_bandwidth(profile, codec, peak, model.voice_calls if model else None)
    findings += wan_findings(bandwidth)
    findings += router_findings(profile, cat, peak)
    needs = appliance_needs(profile, codec, peak)
    findings += appliance_findings(needs, profile.recording.retention_days)
    findings += _phone_findings(profile, cat, codec)
    # Errors first, then warnings, then what is fine; stable within each group.
    findings.sort(key=lambda f: _ORDER[f.severity])
    return Plan(
        office=profile.office.name,
        sizing=sizing,
        bandwidth=bandwidth,
        appliance=needs,
        findings=findings,
        assumptions=_assumptions(profile, codec),
    )


def _phone_findings(profile: Profile, cat: Catalogue, codec: str) -> list[Finding]:
    if codec != "g722":
        return []
    narrow = [
        f"{p.vendor} {p.model} ({p.extension})"
        for p in profile.phones
        if not p.softphone and p.vendor and p.model
        and (m := cat.phone(p.vendor, p.model)) is not None and not m.hd_voice
    ]
    if not narrow:
        return []
    return [Finding(
        severity="warn", code="phones.hd_voice",
        message=f"traffic.codec is g722 but these phones have no HD voice: {', '.join(narrow)}",
        recommendation="replace them with HD-voice models (e.g. Yealink T31P); until then"
        " Asterisk transcodes their calls",
    )]


def _assumptions(profile: Profile, codec: str) -> list[str]:
    said = [
        "Agents: Erlang C (callers never give up) and Erlang A (callers give up after an"
        " exponential patience with the profile's mean); AHT includes after-call work.",
        "Service level: share of all offered calls answered within the target time.",
        "A line is held for the IVR (when there is one), the expected queue wait and the"
        " talk; lines by Erlang B for the blocking target.",
        f"Bandwidth: {codec}, 20 ms packets, IPv4; Opus counted at"
        f" {PAYLOAD_KBPS['opus']:g} kbit/s. Only SIP-trunk calls cross the WAN.",
        f"Appliance: about {CALLS_PER_CORE['relay']} relayed, {CALLS_PER_CORE['record']}"
        f" recorded or {CALLS_PER_CORE['transcode']} transcoded calls per core plus one core"
        " for the system; 1 GB RAM + 8 MB per call; 16 GB disk + recordings.",
        f"Recordings: an average open hour carries {AVERAGE_TO_PEAK:.0%} of the peak hour's"
        " calls; mixed mono files.",
    ]
    if profile.traffic is None:
        said.append("No traffic section: network and hardware are sized for concurrent_calls.")
    return said
