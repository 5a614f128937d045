"""Renders the router's desired state (`mikrotik/desired.json`) and the scripts an
installer can paste by hand (`mikrotik/tamas.rsc` for RouterOS v7, `tamas-v6.rsc`).

The same `appliance.router.desired_state` drives `tamas router apply`, so the pasted
script and the API apply configure the same entries.
"""

from __future__ import annotations

import json
from typing import Any

from appliance.router.desired import ORDERED, DesiredState, desired_state
from appliance.router.rollback import assignments, menu_words, quote
from provision.render.environment import header, render
from provision.render.tree import RenderInput

TEMPLATE = "mikrotik/tamas.rsc.j2"
# Put our rules before the router's own, which a paste cannot know the ids of.
_FIRST_FOREIGN = 'place-before=[:pick [find where !(comment~"^tamas: ")] 0] '


def rsc_context(state: DesiredState, office: str) -> dict[str, Any]:
    sections: dict[str, list[str]] = {}
    for entry in state.entries:
        place = _FIRST_FOREIGN if entry.menu in ORDERED else ""
        fields = {**entry.fields, "comment": entry.comment}
        sections.setdefault(entry.menu, []).append(place + assignments(fields))
    settings = []
    for setting in state.settings:
        fields = dict(setting.fields)
        # A paste cannot merge lists; it sets our option (the API apply keeps others).
        fields.update(setting.members)
        if not fields:
            continue
        where = ""
        if setting.match:
            where = "[find " + " ".join(f"{k}={quote(v)}" for k, v in setting.match.items())
            where += "] "
        settings.append(f"{menu_words(setting.menu)} set {where}{assignments(fields)}")
    lease = []
    if state.lease is not None:
        found = f"address={quote(state.lease.address)}"
        lease = [f"/ip dhcp-server lease make-static [find {found} dynamic=yes]",
                 f"/ip dhcp-server lease set [find {found}] comment={quote(state.lease.comment)}"]
    return {
        "routeros": state.routeros, "office": office,
        "sections": [{"menu": menu_words(m), "adds": adds} for m, adds in sections.items()],
        "settings": settings, "lease": lease,
    }


def render_rsc(state: DesiredState, office: str, source: str) -> str:
    context = rsc_context(state, office)
    context["header"] = header(TEMPLATE, source, "#")
    return render(TEMPLATE, context)


def generate(inp: RenderInput) -> dict[str, str]:
    profile = inp.profile
    if profile.router is None:
        return {}
    source = f"the profile of {profile.office.name}"
    states = {major: desired_state(profile, inp.site.address, inp.site.provisioning_url,
                                   inp.catalogue, major) for major in (6, 7)}
    data = {
        "generated": f"by tamas from {source}; the router's desired state, per RouterOS version",
        **{f"routeros{major}": state.as_data() for major, state in states.items()},
    }
    return {
        "mikrotik/desired.json": json.dumps(data, indent=2, sort_keys=True) + "\n",
        "mikrotik/tamas.rsc": render_rsc(states[7], profile.office.name, source),
        "mikrotik/tamas-v6.rsc": render_rsc(states[6], profile.office.name, source),
    }
