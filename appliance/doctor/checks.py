"""The doctor's checks: pure functions from Facts to results, each with its fix."""

from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Callable

from appliance.doctor.facts import Facts
from appliance.doctor.model import Result

REQUIRED_MODULES = (
    "res_pjsip.so", "chan_pjsip.so", "res_pjsip_outbound_registration.so", "app_queue.so",
    "pbx_config.so", "res_rtp_asterisk.so", "app_mixmonitor.so", "res_musiconhold.so",
    "res_pjsip_session.so", "codec_alaw.so", "codec_ulaw.so",
)
DISK_WARN, DISK_FAIL = 80.0, 90.0
CLOCK_WARN_S, CLOCK_FAIL_S = 1.0, 10.0
SECURITY_FAIL = 20  # failed attempts in the recent log: someone is guessing passwords
# Security events that are a refused request (SuccessfulAuth, ChallengeSent are not).
FAILED_AUTH = frozenset({
    "InvalidAccountID", "InvalidPassword", "ChallengeResponseFailed", "FailedACL",
    "UnexpectedAddress", "RequestNotAllowed", "AuthMethodNotAllowed", "InvalidTransport",
})


def _ok(code: str, message: str) -> Result:
    return Result(status="pass", code=code, message=message)


def asterisk_running(f: Facts) -> list[Result]:
    ami = f.snapshot.source("ami")
    if f.asterisk_running is False or (f.asterisk_running is None and ami and not ami.connected):
        why = f" (AMI: {ami.error})" if ami and ami.error else ""
        start = ("tamas lab exec -- service asterisk start; the lab's"
                 " /var/log/asterisk/messages.log says why it stopped" if f.kind == "lab"
                 else "systemctl start asterisk; journalctl -u asterisk -n 50")
        return [Result(status="fail", code="asterisk-running",
                       message=f"Asterisk is not running{why}",
                       fix=f"start it and read why it stopped: {start}; then tamas apply")]
    return [_ok("asterisk-running", "Asterisk is running and answers AMI")]


def ami_answers(f: Facts) -> list[Result]:
    """Asterisk up but AMI silent: the monitor, the dashboard and most checks are blind."""
    ami = f.snapshot.source("ami")
    if ami is None:
        return [Result(status="warn", code="ami", message="AMI was not probed for this target",
                       fix="give the PROFILE (its secrets hold the AMI login)")]
    if not ami.connected:
        return [Result(status="fail", code="ami",
                       message=f"Asterisk runs but its manager interface (AMI) did not give"
                               f" its state: {ami.error or 'no answer'}",
                       fix="check manager.conf (enabled = yes, bindaddr, port 5038, the tamas"
                           " user; tamas apply rewrites it) and asterisk -rx 'manager show"
                           " connected'; retry once Asterisk has fully booted")]
    return [_ok("ami", "AMI answers and gave the full state")]


def modules_loaded(f: Facts) -> list[Result]:
    if f.modules is None:
        return [Result(status="warn", code="modules", message="could not list modules",
                       fix="check Asterisk is running: asterisk -rx 'module show'")]
    missing = [m for m in REQUIRED_MODULES if m not in f.modules]
    if missing:
        return [Result(status="fail", code="modules",
                       message=f"modules not loaded: {', '.join(missing)}",
                       fix="load them (asterisk -rx 'module load NAME') and check modules.conf"
                           " has no noload for them; tamas apply rewrites modules.conf")]
    return [_ok("modules", f"all {len(REQUIRED_MODULES)} modules the call center needs are"
                           " loaded")]


def trunks(f: Facts) -> list[Result]:
    results = []
    for line in f.snapshot.lines:
        code = f"trunk:{line.name}"
        if line.registration in ("rejected", "unregistered", "trying"):
            results.append(Result(
                status="fail", code=code,
                message=f"line {line.name} is not registered ({line.registration})",
                fix=f"check the provider's address, user and password for {line.name}"
                    f" (tamas secrets set line.{line.name}); asterisk -rx"
                    f" 'pjsip show registration {line.name}'; messages.log says why"))
        elif line.reachable is False:
            results.append(Result(
                status="fail", code=code,
                message=f"line {line.name} does not answer qualify (SIP OPTIONS)",
                fix=f"the provider's host for {line.name} is unreachable: check lines[].host"
                    " and port in the profile, the WAN, and the router's firewall"))
        elif line.registration == "none" and line.reachable is None:
            # Lines are not qualified (many providers ignore OPTIONS) and this one does
            # not register: nothing would show that its provider is gone.
            results.append(Result(
                status="warn", code=code,
                message=f"line {line.name} neither registers nor is qualified: its"
                        " provider's health cannot be seen",
                fix=f"make a test call out on {line.name}; watch call-failures; if the"
                    " provider answers SIP OPTIONS, ask for qualify on this line"))
        else:
            state = "registered" if line.registration == "registered" else "no registration"
            reach = "reachable" if line.reachable else "reachability unknown"
            results.append(_ok(code, f"line {line.name}: {state}, {reach}"))
    return results


def phones(f: Facts) -> list[Result]:
    by_name = {e.name: e for e in f.snapshot.endpoints}
    missing = [p for p in f.phones if p not in by_name]
    offline = [p for p in f.phones if p in by_name and not by_name[p].contacts]
    unreachable = [p for p in f.phones if p in by_name and by_name[p].reachable is False]
    results = []
    if missing:
        results.append(Result(status="fail", code="phones-configured",
                              message=f"phones missing from Asterisk: {', '.join(missing)}",
                              fix="tamas apply PROFILE (the pjsip.conf on the box is older"
                                  " than the profile)"))
    if offline or unreachable:
        results.append(Result(
            status="warn", code="phones-registered",
            message="not registered: " + (", ".join(offline) or "none")
                    + "; registered but not answering: " + (", ".join(unreachable) or "none"),
            fix="power the phone on and check its network; a desk phone gets its config from"
                " the provisioning server (tamas phones list shows its URL and MAC)"))
    if not results:
        results.append(_ok("phones-registered", f"all {len(f.phones)} phones registered"))
    return results


def rtp_ports(f: Facts) -> list[Result]:
    if f.rtp_range is None:
        return [Result(status="warn", code="rtp-ports", message="rtp.conf has no port range",
                       fix="tamas apply writes rtp.conf with rtpstart/rtpend")]
    low, high = f.rtp_range
    if f.rtp_squatters:
        return [Result(status="fail", code="rtp-ports",
                       message=f"RTP ports {low}-{high} are used by other programs:"
                               f" {'; '.join(f.rtp_squatters[:5])}",
                       fix="stop those programs or move them off the RTP range; calls get"
                           " one-way or no audio when Asterisk cannot bind its ports")]
    return [_ok("rtp-ports", f"RTP ports {low}-{high} are free for Asterisk")]


def codecs(f: Facts) -> list[Result]:
    trunks_allow = {n: f.endpoint_codecs[n] for n in f.lines if n in f.endpoint_codecs}
    phones_allow = {n: f.endpoint_codecs[n] for n in f.phones if n in f.endpoint_codecs}
    if not trunks_allow or not phones_allow:
        return [Result(status="warn", code="codecs", message="codecs could not be read",
                       fix="asterisk -rx 'pjsip show endpoint NAME' shows them")]
    clashes = [f"{p}/{t}" for p, pa in phones_allow.items() for t, ta in trunks_allow.items()
               if not set(pa) & set(ta)]
    if clashes:
        return [Result(status="fail", code="codecs",
                       message=f"no common codec between phone and line: {', '.join(clashes)}",
                       fix="add a codec the line offers to the phones (lines[].codecs in the"
                           " profile), then tamas apply; transcoding costs CPU and quality")]
    return [_ok("codecs", "every phone shares a codec with every line")]


# Addresses that mean "behind another NAT" (RFC 1918, carrier-grade NAT, loopback,
# link-local); any other WAN address is one callers' audio can be sent to.
_NOT_PUBLIC = tuple(ipaddress.ip_network(n) for n in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8",
    "169.254.0.0/16"))


def _private(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return True  # not an address: nothing to compare with
    return any(ip in net for net in _NOT_PUBLIC)


def nat(f: Facts) -> list[Result]:
    wan, ext, live = f.router_wan_address, f.profile_external, f.transport_external
    if (ext or None) != (live or None):
        return [Result(status="fail", code="nat",
                       message=f"the SIP transport's external address ({live or 'none'}) is"
                               f" not the profile's appliance.external_address ({ext or 'none'})",
                       fix="tamas apply PROFILE to write the profile's address into pjsip.conf")]
    if wan and not _private(wan) and ext != wan:
        return [Result(status="fail" if ext else "warn", code="nat",
                       message=f"the router's WAN address is {wan} but the appliance announces"
                               f" {ext or 'no external address'} in SIP and SDP",
                       fix=f"set appliance.external_address: {wan} in the profile and tamas"
                           " apply; otherwise callers hear nothing (one-way audio)")]
    return [_ok("nat", "external address consistent with the router"
                       + (f" ({wan})" if wan else " (no public WAN address seen)"))]


def sip_alg(f: Facts) -> list[Result]:
    if f.sip_alg_enabled is None:
        return [Result(status="warn", code="sip-alg", message="could not read the router",
                       fix="check the router's API access (tamas router plan PROFILE)")]
    if f.sip_alg_enabled:
        return [Result(status="fail", code="sip-alg",
                       message="SIP ALG (the router's sip helper) is on: it rewrites SIP and"
                               " breaks registrations and audio",
                       fix="on the router: /ip firewall service-port disable sip"
                           " (tamas router apply PROFILE does it)")]
    return [_ok("sip-alg", "SIP ALG is off on the router")]


def clock(f: Facts) -> list[Result]:
    off = f.clock_offset_s
    if off is not None and abs(off) >= CLOCK_WARN_S:
        return [Result(status="fail" if abs(off) >= CLOCK_FAIL_S else "warn", code="time",
                       message=f"the appliance's clock is off by {off:+.1f} s",
                       fix="enable NTP (chrony) on the appliance and point it at the router;"
                           " reports and TLS need the right time")]
    if f.ntp_synchronized is False:
        return [Result(status="warn", code="time", message="NTP is not synchronized",
                       fix="systemctl restart chrony; chronyc sources shows which servers"
                           " answer")]
    if off is None and f.ntp_synchronized is None:
        return [Result(status="warn", code="time", message="could not read the clock",
                       fix="run date on the appliance and compare")]
    return [_ok("time", "clock in sync" + (f" ({off:+.2f} s)" if off is not None else ""))]


def disk(f: Facts) -> list[Result]:
    host = f.snapshot.host
    if host is None:
        return [Result(status="warn", code="disk", message="no host figures for this target",
                       fix="run tamas doctor --target local on the appliance")]
    if host.disk_percent >= DISK_WARN:
        free = host.disk_free_bytes / 2**30
        return [Result(status="fail" if host.disk_percent >= DISK_FAIL else "warn", code="disk",
                       message=f"the recordings disk is {host.disk_percent:.0f}% full"
                               f" ({free:.1f} GiB free at {host.disk_path})",
                       fix="lower recording.retention_days in the profile and tamas apply,"
                           " or move old recordings off the box; a full disk stops recording")]
    return [_ok("disk", f"recordings disk {host.disk_percent:.0f}% full")]


def security(f: Facts) -> list[Result]:
    if not f.security_log_found:
        return [Result(status="warn", code="sip-security", message="no security log found",
                       fix="tamas apply writes a logger channel for SECURITY events")]
    failures = [e for e in f.security_events
                if e.service == "PJSIP" and e.kind in FAILED_AUTH]
    if not failures:
        return [_ok("sip-security", "no failed SIP registrations in the recent log")]
    sources = Counter(e.remote for e in failures).most_common(3)
    shown = ", ".join(f"{addr} ({n})" for addr, n in sources)
    return [Result(status="fail" if len(failures) >= SECURITY_FAIL else "warn",
                   code="sip-security",
                   message=f"{len(failures)} failed SIP authentications recently, from {shown}",
                   fix="if these are not your phones, someone is guessing passwords: block the"
                       " addresses on the router and keep SIP closed to the internet; if they"
                       " are yours, re-provision the phone (wrong password)")]


def call_failures(f: Facts) -> list[Result]:
    if f.cdr_recent is None:
        return [Result(status="warn", code="call-failures", message="no CDR records found",
                       fix="check cdr_csv is loaded: asterisk -rx 'cdr show status'")]
    if f.cdr_recent and f.cdr_failed:
        share = f.cdr_failed / f.cdr_recent
        return [Result(status="fail" if share >= 0.2 else "warn", code="call-failures",
                       message=f"{f.cdr_failed} of the last {f.cdr_recent} calls failed"
                               " (FAILED or CONGESTION)",
                       fix="see messages.log around those calls; often a line at its channel"
                           " limit, a rejected codec or a wrong dial prefix")]
    return [_ok("call-failures", f"no failed calls among the last {f.cdr_recent}")]


CHECKS: tuple[Callable[[Facts], list[Result]], ...] = (
    asterisk_running, ami_answers, modules_loaded, trunks, phones, rtp_ports, codecs, nat,
    sip_alg, clock, disk, security, call_failures,
)


# These read Asterisk's live state: with Asterisk down they would only repeat that fault.
NEEDS_ASTERISK = {modules_loaded: "modules", trunks: "trunks", phones: "phones-registered",
                  codecs: "codecs"}


def run_checks(f: Facts) -> list[Result]:
    results: list[Result] = []
    down = asterisk_running(f)[0].status == "fail"
    # Without AMI's state every phone would look "missing": say "not checked" instead.
    blind = not down and ami_answers(f)[0].status == "fail"
    for check in CHECKS:
        if down and check is ami_answers:
            continue  # asterisk-running already says it all
        if (down or blind) and check in NEEDS_ASTERISK:
            why, first = (("Asterisk is not running", "asterisk-running") if down
                          else ("AMI did not answer", "ami"))
            results.append(Result(status="warn", code=NEEDS_ASTERISK[check],
                                  message=f"not checked: {why}",
                                  fix=f"fix {first} first"))
        else:
            results.extend(check(f))
    return results
