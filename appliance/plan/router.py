"""Checks of the MikroTik router against the calls and phones it must carry."""

from __future__ import annotations

from appliance.catalogue import Catalogue, RouterModel
from appliance.plan.model import Finding
from appliance.profile.model import Profile

# RouterOS 7 with queues, mangle rules and the API running wants more than 32 MB.
MIN_RAM_MB = 64
# From this many desk phones a separate voice VLAN pays for itself (QoS, broadcast).
VOICE_VLAN_PHONES = 10
# Above this share of the model's voice capacity there is no room for a busy day.
CAPACITY_WARN_SHARE = 0.8


def upgrade_for(cat: Catalogue, model: RouterModel, calls: int, vlan: bool) -> RouterModel | None:
    """The first model along the successor chain that does what is needed."""
    seen: set[str] = set()
    current: RouterModel | None = model
    while current is not None and current.name not in seen:
        seen.add(current.name)
        if (current.voice_calls >= calls and current.ram_mb >= MIN_RAM_MB
                and (current.voice_vlan or not vlan)):
            return current if current is not model else None
        current = cat.router(current.successor) if current.successor else None
    return None


def router_findings(profile: Profile, cat: Catalogue, peak: int) -> list[Finding]:
    router = profile.router
    if router is None:
        return [Finding(
            severity="warn", code="router.missing",
            message="no router in the profile: WAN bandwidth and router capacity are unchecked",
            recommendation="add the office's MikroTik router (router: model, host, lan, wan)",
        )]
    model = cat.router(router.model)
    if model is None:  # load_profile rejects unknown models; a hand-built Profile may not
        return [Finding(severity="warn", code="router.unknown",
                        message=f"router model {router.model!r} is not in the catalogue")]
    desk = [p for p in profile.phones if not p.softphone]
    wants_vlan = router.voice_vlan is not None or len(desk) >= VOICE_VLAN_PHONES
    better = upgrade_for(cat, model, peak, wants_vlan)
    buy = f"upgrade to the {better.name}" if better else "ask for a larger router"
    found = [_capacity(model, peak, buy), _ram(model, buy), _vlan(router.voice_vlan, model,
                                                                   len(desk), buy)]
    ports = _ports(model, desk)
    return [f for f in (*found, ports) if f is not None]


def _capacity(model: RouterModel, peak: int, buy: str) -> Finding:
    said = f"{model.name}: forwards about {model.voice_calls} calls with QoS; the peak is {peak}"
    if peak > model.voice_calls:
        return Finding(severity="error", code="router.capacity", message=said,
                       recommendation=buy)
    if peak > CAPACITY_WARN_SHARE * model.voice_calls:
        return Finding(severity="warn", code="router.capacity", message=said + " (little room)",
                       recommendation=buy + " before the center grows")
    return Finding(severity="ok", code="router.capacity", message=said)


def _ram(model: RouterModel, buy: str) -> Finding:
    if model.ram_mb < MIN_RAM_MB:
        return Finding(
            severity="warn", code="router.ram",
            message=f"{model.name}: {model.ram_mb} MB RAM is tight for RouterOS 7 with voice"
            " QoS, the API and a rollback snapshot",
            recommendation=buy,
        )
    return Finding(severity="ok", code="router.ram", message=f"{model.name}: {model.ram_mb} MB RAM")


def _vlan(vlan: int | None, model: RouterModel, desk: int, buy: str) -> Finding:
    if vlan is not None and not model.voice_vlan:
        return Finding(
            severity="error", code="router.voice_vlan",
            message=f"voice VLAN {vlan} is set, but the {model.name} cannot carry a VLAN"
            " in hardware: every phone packet would load its CPU",
            recommendation=f"{buy} for a voice VLAN, or remove router.voice_vlan",
        )
    if vlan is None and desk >= VOICE_VLAN_PHONES:
        how = ("set router.voice_vlan (e.g. 20)" if model.voice_vlan
               else f"{buy} and set router.voice_vlan (e.g. 20)")
        return Finding(
            severity="warn", code="router.voice_vlan",
            message=f"{desk} desk phones share the data network; a voice VLAN keeps"
            " broadcasts and downloads away from calls",
            recommendation=how,
        )
    said = f"voice VLAN {vlan} in hardware" if vlan is not None else "no voice VLAN needed"
    return Finding(severity="ok", code="router.voice_vlan", message=f"{model.name}: {said}")


def _ports(model: RouterModel, desk: list) -> Finding | None:
    lan_ports = model.ethernet.ports - 1  # one port is the WAN
    wired = len(desk) + 1  # the phones and the appliance
    if wired <= lan_ports:
        return None
    return Finding(
        severity="warn", code="router.ports",
        message=f"{model.name}: {lan_ports} LAN ports for {len(desk)} desk phones and the"
        " appliance",
        recommendation=f"add a PoE switch with at least {wired} ports (the phones take"
        " power from it)",
    )
