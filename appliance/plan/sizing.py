"""Agents and lines for the peak hour, from the profile's traffic section."""

from __future__ import annotations

from appliance.plan.erlang import (
    agents_for_service_level,
    asa,
    erlang_b,
    lines_for_blocking,
    service_level,
)
from appliance.plan.erlang_a import ErlangA, agents_erlang_a, erlang_a
from appliance.plan.model import Finding, Sizing, Staffing
from appliance.plan.roster import staffed_agents, thinnest_cover
from appliance.profile.model import LineKind, Profile, Traffic


def _pct(value: float) -> str:
    return f"{value * 100:.1f} %"


def _staffing(result: ErlangA, erlangs: float) -> Staffing:
    answered = 1.0 - result.p_abandon
    return Staffing(
        agents=result.agents,
        service_level=round(result.service_level, 4),
        asa_s=round(result.asa_s, 1),
        abandon_rate=round(result.p_abandon, 4),
        occupancy=round(min(1.0, erlangs * answered / result.agents), 4),
    )


def size_traffic(profile: Profile, traffic: Traffic) -> tuple[Sizing, list[Finding]]:
    cph, aht = traffic.peak_calls_per_hour, traffic.average_handle_time_s
    patience, target = traffic.average_patience_s, traffic.service_level
    a = cph * aht / 3600.0
    agents = agents_for_service_level(a, aht, target.percent, target.within_s)
    with_a = agents_erlang_a(cph, aht, patience, target.percent, target.within_s)
    have = staffed_agents(profile)
    staffed = erlang_a(have, cph, aht, patience, target.within_s) if have else None

    # A line is busy while the caller is in the IVR, waits in the queue, and talks;
    # a caller who hangs up in the queue frees it without talking. Lines must do both
    # with today's staff and once the recommended staff is in place: take the longer.
    ivr_s = traffic.ivr_time_s if profile.ivr is not None else 0.0
    recommended = erlang_a(agents, cph, aht, patience, target.within_s)
    holding = max(
        ivr_s + staffing.mean_wait_s + (1.0 - staffing.p_abandon) * aht
        for staffing in (recommended, staffed) if staffing is not None
    )
    line_erlangs = cph * holding / 3600.0
    lines = lines_for_blocking(line_erlangs, traffic.blocking_target)
    channels = sum(line.channels for line in profile.lines)

    sizing = Sizing(
        calls_per_hour=cph,
        aht_s=aht,
        erlangs=round(a, 3),
        service_target=f"{target.percent:g} % in {target.within_s} s",
        agents=agents,
        service_level=round(service_level(agents, a, aht, target.within_s), 4),
        asa_s=round(asa(agents, a, aht), 1),
        agents_erlang_a=with_a.agents,
        erlang_a=_staffing(with_a, a),
        staffed=_staffing(staffed, a) if staffed else None,
        line_holding_s=round(holding, 1),
        line_erlangs=round(line_erlangs, 3),
        blocking_target=traffic.blocking_target,
        lines=lines,
        channels=channels,
        blocking_at_channels=round(erlang_b(channels, line_erlangs), 4),
    )
    findings = [_agents_finding(sizing, patience), *_cover_findings(profile, sizing),
                *_lines_findings(profile, sizing)]
    return sizing, findings


def _agents_finding(s: Sizing, patience: float) -> Finding:
    if s.staffed is None:
        return Finding(
            severity="warn",
            code="agents.unknown",
            message=f"no queue members or roster, so no staffing to check; the peak needs"
            f" {s.agents} agents for {s.service_target}",
            recommendation="add queues with members, or an agents roster with shifts",
        )
    have = s.staffed
    seen = (
        f"{have.agents} agents at the peak answer {_pct(have.service_level)} within the target"
        f" ({s.service_target} wanted), {_pct(have.abandon_rate)} hang up"
    )
    if have.agents >= s.agents:
        return Finding(
            severity="ok", code="agents.enough",
            message=f"{seen}; {s.agents} are needed by Erlang C",
        )
    if have.agents >= s.agents_erlang_a:
        return Finding(
            severity="warn", code="agents.tight",
            message=f"{seen}; the target is met only because impatient callers"
            f" (patience {patience:g} s) give up",
            recommendation=f"plan {s.agents} agents at the peak (Erlang C) to meet it"
            " without losing callers",
        )
    by_c = "" if s.agents == s.agents_erlang_a else f" (Erlang A; {s.agents} by Erlang C)"
    return Finding(
        severity="error", code="agents.too_few",
        message=seen,
        recommendation=f"staff {s.agents_erlang_a} agents at the peak{by_c},"
        " or lower the service target",
    )


def _cover_findings(profile: Profile, s: Sizing) -> list[Finding]:
    """The roster's thinnest stretch of opening hours, if it falls short of the peak."""
    cover = thinnest_cover(profile)
    if cover is None or cover[0] >= s.agents:
        return []
    count, day, span = cover
    if count == 0:
        return [Finding(
            severity="warn", code="agents.coverage",
            message=f"nobody is on shift on {day} {span}, inside the opening hours",
            recommendation="add a shift there, or close the office then (office.business_hours)",
        )]
    return [Finding(
        severity="warn", code="agents.coverage",
        message=f"only {count} agents are on shift on {day} {span}; the peak hour needs"
        f" {s.agents}",
        recommendation=f"fine if {day} {span} is quiet; otherwise add shifts there",
    )]


def _lines_findings(profile: Profile, s: Sizing) -> list[Finding]:
    found: list[Finding] = []
    target = _pct(s.blocking_target)
    held = f"a call holds a line {s.line_holding_s:g} s: IVR, queue and talk"
    if s.blocking_at_channels > s.blocking_target:
        more = s.lines - s.channels
        if all(line.kind == LineKind.sip_trunk for line in profile.lines):
            how = f"ask the provider for {s.lines} channels ({more} more)"
        else:
            how = (f"add {more} channel{'s' if more != 1 else ''} ({s.lines} in all): more"
                   " gateway ports or a SIP trunk")
        found.append(Finding(
            severity="error", code="lines.blocking",
            message=f"{s.channels} channels give {_pct(s.blocking_at_channels)} blocking at"
            f" your peak ({held}); the target is {target}",
            recommendation=how,
        ))
    else:
        found.append(Finding(
            severity="ok", code="lines.blocking",
            message=f"{s.channels} channels give {_pct(s.blocking_at_channels)} blocking at"
            f" your peak; {s.lines} are needed for {target} ({held})",
        ))
    asked = profile.concurrent_calls
    if asked < s.lines:
        found.append(Finding(
            severity="warn", code="lines.concurrent",
            message=f"the customer asked for {asked} concurrent calls, the peak needs {s.lines}",
            recommendation=f"set concurrent_calls to {s.lines} and agree it with the customer",
        ))
    return found


def lines_without_traffic(profile: Profile) -> list[Finding]:
    """With no traffic we can only compare the channels with the calls asked for."""
    channels = sum(line.channels for line in profile.lines)
    found = [Finding(
        severity="warn", code="traffic.missing",
        message="no traffic section: agents and lines cannot be sized; bandwidth and"
        f" hardware are checked for the {profile.concurrent_calls} concurrent calls asked for",
        recommendation="add traffic: peak_calls_per_hour, average_handle_time_s,"
        " service_level, average_patience_s",
    )]
    if channels < profile.concurrent_calls:
        found.append(Finding(
            severity="error", code="lines.concurrent",
            message=f"the lines give {channels} channels but {profile.concurrent_calls}"
            " concurrent calls are asked for",
            recommendation=f"get {profile.concurrent_calls - channels} more channels",
        ))
    return found


def peak_calls(profile: Profile, sizing: Sizing | None) -> int:
    """Concurrent calls to plan network and hardware for."""
    if sizing is None:
        return profile.concurrent_calls
    # The lines Erlang B asks for carry the peak; the customer may want more headroom.
    return max(sizing.lines, profile.concurrent_calls)
