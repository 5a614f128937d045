"""Form values from an existing profile, so the wizard can start from one (or an example).

The inverse of `tui.wizard.draft.build`: feeding these values back gives the same profile.
"""

from __future__ import annotations

from appliance.profile.model import IvrTarget, Member, Profile
from tui.wizard.draft import Values
from tui.wizard.steps import phone_models, router_models


def blank_values() -> Values:
    """A new office: optional sections on, selects on their first choice."""
    return {
        "office.language": "en",
        "router.enabled": True,
        "router.model": _preferred(router_models(), "hAP ax2"),
        "phones.model": _preferred(phone_models(), "yealink T31P"),
        "recording.enabled": False,
        "ivr.enabled": True,
        "traffic.enabled": True,
    }


def _preferred(choices: tuple[str, ...], wanted: str) -> str:
    return wanted if wanted in choices else choices[0]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _member(member: Member) -> str:
    return f"{member.extension}:{member.penalty}" if member.penalty else str(member.extension)


def _target(target: IvrTarget | None) -> str:
    if target is None:
        return ""
    for kind in ("queue", "extension", "voicemail"):
        value = getattr(target, kind)
        if value is not None:
            return f"{kind} {value}"
    return ""


def values_from_profile(profile: Profile) -> Values:
    values = blank_values()
    office, box = profile.office, profile.appliance
    values.update({
        "office.name": office.name,
        "office.timezone": office.timezone,
        "office.language": office.language,
        "office.business_hours": "\n".join(
            f"{h.days} {h.open}-{h.close}" for h in office.business_hours),
        "appliance.host": box.host,
        "appliance.ssh_user": box.ssh_user,
        "appliance.cpu_cores": _text(box.cpu_cores),
        "appliance.ram_mb": _text(box.ram_mb),
        "appliance.disk_gb": _text(box.disk_gb),
        "appliance.external_address": _text(box.external_address),
        "recording.enabled": profile.recording.enabled,
        "concurrent_calls": str(profile.concurrent_calls),
    })
    router = profile.router
    values["router.enabled"] = router is not None
    if router is not None:
        values.update({
            "router.model": router.model, "router.host": router.host, "router.lan": str(router.lan),
            "router.wan.interface": router.wan.interface,
            "router.wan.down_mbps": f"{router.wan.down_mbps:g}",
            "router.wan.up_mbps": f"{router.wan.up_mbps:g}",
            "router.voice_vlan": _text(router.voice_vlan),
        })
    values["lines"] = "\n".join(
        ", ".join([line.name, line.host, str(line.channels), line.username or "",
                   " ".join(line.numbers), line.kind.value]).rstrip(", ")
        for line in profile.lines)
    values["phones"] = "\n".join(
        ", ".join([str(p.extension), p.name]
                  + (["soft", ""] if p.softphone else [p.mac or "", f"{p.vendor} {p.model}"])
                  + (["supervisor"] if p.supervisor else [])).removesuffix(", ")
        for p in profile.phones)
    values["queues"] = "\n".join(
        f"{q.name}, {' '.join(_member(m) for m in q.members)}, {q.strategy.value},"
        f" {q.max_wait_s}" for q in profile.queues)
    ivr = profile.ivr
    values["ivr.enabled"] = ivr is not None
    if ivr is not None:
        values["ivr.greeting"] = ivr.greeting
        values["ivr.options"] = "\n".join(f"{k}, {_target(t)}" for k, t in ivr.options.items())
        values["ivr.default"] = _target(ivr.default)
    traffic = profile.traffic
    values["traffic.enabled"] = traffic is not None
    if traffic is not None:
        values.update({
            "traffic.peak_calls_per_hour": f"{traffic.peak_calls_per_hour:g}",
            "traffic.average_handle_time_s": f"{traffic.average_handle_time_s:g}",
            "traffic.service_level.percent": f"{traffic.service_level.percent:g}",
            "traffic.service_level.within_s": str(traffic.service_level.within_s),
            "traffic.average_patience_s": f"{traffic.average_patience_s:g}",
        })
    return values
