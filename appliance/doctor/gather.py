"""Gather the doctor's facts once: the monitor's snapshot and AMI, commands run on the
appliance (`run`: the lab's chroot, this machine, or SSH), and the router's API."""

from __future__ import annotations

import contextlib
import csv
import re
import time
from collections.abc import Callable
from typing import Any

from appliance.doctor.facts import Facts, SecurityEvent
from appliance.errors import AmiError
from appliance.monitor.ami.probe import AmiProbe
from appliance.monitor.monitor import Monitor
from appliance.monitor.snapshot import Snapshot

Run = Callable[[list[str]], tuple[int, str]]  # argv on the appliance -> (exit code, stdout)
SECURITY_LOGS = ("/var/log/asterisk/security", "/var/log/asterisk/security.log",
                 "/var/log/asterisk/security_log", "/var/log/asterisk/messages.log",
                 "/var/log/asterisk/messages")
CDR_FILE = "/var/log/asterisk/cdr-csv/Master.csv"
_SEC_FIELD = re.compile(r'(\w+)="([^"]*)"')
_SS_LINE = re.compile(r"\S+\s+\d+\s+\d+\s+(\S+):(\d+)\s+\S+\s*(.*)")


def parse_modules(output: str) -> set[str]:
    return {line.split()[0] for line in output.splitlines()
            if line.strip() and line.split()[0].endswith(".so")}


def parse_rtp_conf(text: str) -> tuple[int, int] | None:
    values = dict(re.findall(r"^\s*(rtpstart|rtpend)\s*=\s*(\d+)", text, re.MULTILINE))
    if "rtpstart" in values and "rtpend" in values:
        return int(values["rtpstart"]), int(values["rtpend"])
    return None


def parse_squatters(ss_output: str, low: int, high: int) -> list[str]:
    """UDP sockets in the RTP range held by anything but Asterisk (`ss -lunpH`)."""
    found = []
    for line in ss_output.splitlines():
        m = _SS_LINE.match(line.strip())
        if m is None:
            continue
        port, users = int(m.group(2)), m.group(3)
        if low <= port <= high and '"asterisk"' not in users:
            process = re.search(r'"([^"]+)",pid=(\d+)', users)
            who = f"{process.group(1)} (pid {process.group(2)})" if process else "unknown"
            found.append(f"{m.group(1)}:{port} {who}")
    return found


def parse_transport_external(pjsip_conf: str) -> str | None:
    """external_media_address of the first SIP transport that has one."""
    sections: list[dict[str, str]] = []
    for raw in pjsip_conf.splitlines():
        line = raw.split(";", 1)[0].strip()
        if line.startswith("["):
            sections.append({})
        elif "=" in line and sections:
            key, _, value = line.partition("=")
            sections[-1][key.strip()] = value.strip()
    for fields in sections:
        if fields.get("type") == "transport" and fields.get("external_media_address"):
            return fields["external_media_address"]
    return None


def parse_security(text: str) -> list[SecurityEvent]:
    events = []
    for line in text.splitlines():
        if "SecurityEvent=" not in line:
            continue
        fields = dict(_SEC_FIELD.findall(line))
        remote = fields.get("RemoteAddress", "").split("/")
        events.append(SecurityEvent(kind=fields.get("SecurityEvent", ""),
                                    account=fields.get("AccountID", ""),
                                    remote=remote[2] if len(remote) > 2 else "?",
                                    service=fields.get("Service", "")))
    return events


def parse_cdr(text: str) -> tuple[int, int]:
    rows = [r for r in csv.reader(text.splitlines()) if len(r) > 14]
    failed = sum(r[14] in ("FAILED", "CONGESTION") for r in rows)
    return len(rows), failed


def _allow(detail: dict[str, str]) -> list[str]:
    return [c for c in detail.get("Allow", "").strip("()").split("|") if c]


async def gather(snapshot: Snapshot, monitor: Monitor | None, run: Run, *, target: str,
                 kind: str, phones: list[str], lines: list[str],
                 profile_external: str | None, router: Any | None) -> Facts:
    """`router`: a librouteros Api, or None when the router cannot be reached."""
    f = Facts(target=target, kind=kind, snapshot=snapshot, phones=phones, lines=lines,
              profile_external=profile_external)
    code, _ = run(["asterisk", "-rx", "core show uptime"])
    f.asterisk_running = code == 0
    if monitor is not None and monitor.ami is not None and f.asterisk_running:
        try:
            f.modules = parse_modules(await monitor.ami.command("module show"))
            for name in phones + lines:
                detail = await _endpoint_detail(monitor.ami, name)
                if detail:
                    f.endpoint_codecs[name] = _allow(detail)
        except AmiError as exc:
            f.notes.append(f"AMI: {exc}")
    code, rtp = run(["cat", "/etc/asterisk/rtp.conf"])
    f.rtp_range = parse_rtp_conf(rtp) if code == 0 else None
    if f.rtp_range is not None:
        code, ss = run(["ss", "-lunpH"])
        if code == 0:
            f.rtp_squatters = parse_squatters(ss, *f.rtp_range)
    code, pjsip = run(["cat", "/etc/asterisk/pjsip.conf"])
    f.transport_external = parse_transport_external(pjsip) if code == 0 else None
    _clock(f, run)
    for path in SECURITY_LOGS:
        code, text = run(["tail", "-n", "5000", path])
        if code == 0 and (path.endswith(("security", "security.log", "security_log"))
                          or "SecurityEvent=" in text):
            f.security_log_found = True
            f.security_events.extend(parse_security(text))
    code, cdr = run(["tail", "-n", "200", CDR_FILE])
    f.cdr_recent, f.cdr_failed = parse_cdr(cdr) if code == 0 else (None, 0)
    if router is not None:
        _router(f, router, snapshot.router.wan_interface if snapshot.router else "ether1")
    return f


async def _endpoint_detail(ami: AmiProbe, name: str) -> dict[str, str] | None:
    try:
        items = await ami.action_list("PJSIPShowEndpoint", {"Endpoint": name})
    except AmiError as exc:
        if "not connected" in str(exc):
            raise
        return None  # no such endpoint: the phones check names it
    return next((m for m in items if m.get("Event") == "EndpointDetail"), None)


def _clock(f: Facts, run: Run) -> None:
    before = time.time()
    code, out = run(["date", "+%s.%N"])
    after = time.time()
    if code == 0:
        with contextlib.suppress(ValueError):
            f.clock_offset_s = round(float(out.strip()) - (before + after) / 2, 3)
    if f.kind == "lab":
        f.notes.append("the lab shares this machine's clock; NTP is the host's business")
        return
    code, out = run(["timedatectl", "show", "-p", "NTPSynchronized", "--value"])
    if code == 0 and out.strip() in ("yes", "no"):
        f.ntp_synchronized = out.strip() == "yes"


def _router(f: Facts, api: Any, wan: str) -> None:
    sip = next((r for r in api.path("ip", "firewall", "service-port")
                if r.get("name") == "sip"), None)
    f.sip_alg_enabled = (not bool(sip.get("disabled"))) if sip is not None else False
    address = next((r for r in api.path("ip", "address") if r.get("interface") == wan), None)
    if address is not None:
        f.router_wan_address = str(address.get("address", "")).split("/")[0] or None
