"""The router's desired state and the plan to reach it: pure logic, no router."""

from __future__ import annotations

import pytest

from appliance.catalogue import catalogue
from appliance.errors import ProfileError
from appliance.router import desired_state, make_plan
from appliance.router.desired import TAG
from appliance.router.rollback import rollback_source
from tests.unit.router_helpers import shop

URL = "http://192.168.88.10/provisioning/"


def _desired(major: int, **router: object):
    return desired_state(shop(**router), "192.168.88.10", URL, catalogue(), major)


def _current(major: int) -> dict[str, list[dict[str, str]]]:
    ntp = ({"enabled": "no", "primary-ntp": "0.0.0.0"} if major == 6
           else {"enabled": "no", "servers": ""})
    return {
        "/ip/firewall/filter": [{".id": "*1", "chain": "input", "action": "accept",
                                 "comment": "defconf: accept established"}],
        "/ip/firewall/service-port": [{".id": "*2", "name": "sip", "disabled": "no"}],
        "/system/ntp/client": [ntp],
        "/ip/dhcp-server/network": [{".id": "*3", "address": "192.168.88.0/24",
                                     "dhcp-option": "other"}],
        "/ip/dhcp-server/lease": [{".id": "*4", "address": "192.168.88.10",
                                   "mac-address": "52:54:00:00:00:10", "dynamic": "yes"}],
    }


def _apply(current, plan) -> None:
    """Play a plan onto a snapshot the way the router would (for the idempotence test)."""
    next_id = 100
    for change in plan.changes:
        rows = current.setdefault(change.menu, [])
        if change.action == "add":
            next_id += 1
            rows.append({".id": f"*{next_id}", **change.fields})
        elif change.action == "set":
            row = next(r for r in rows if r.get(".id") == change.ref) if change.ref else rows[0]
            row.update(change.fields)
        elif change.action == "make-static":
            next(r for r in rows if r[".id"] == change.ref)["dynamic"] = "no"


@pytest.mark.parametrize("major", [6, 7])
def test_plan_covers_what_the_issue_asks(major: int) -> None:
    plan = make_plan(_desired(major), _current(major))
    text = "\n".join(plan.lines())
    assert "service-port [name=sip] disabled: no -> yes" in text
    assert "new-dscp=46" in text and "priority=1" in text
    assert "src-address-list=tamas-trunks" in text and "address=sip.provider.example" in text
    assert "code=66" in text
    assert "dhcp-option: other -> other,tamas-provisioning" in text  # kept the router's own
    assert "dynamic lease made static" in text
    assert "src-address-list=tamas-blocked" in text
    # Our filter rules go before the router's own rules.
    adds = [c for c in plan.changes if c.action == "add" and c.menu == "/ip/firewall/filter"]
    assert adds and all(c.place_before == "*1" for c in adds)


def test_v6_and_v7_differ_in_ntp_and_option_syntax() -> None:
    v6, v7 = _desired(6), _desired(7)
    opt6 = next(e for e in v6.entries if e.menu == "/ip/dhcp-server/option")
    opt7 = next(e for e in v7.entries if e.menu == "/ip/dhcp-server/option")
    assert opt6.fields["value"] == f"'{URL}'"
    assert opt7.fields["value"] == f"s'{URL}'"
    ntp6 = next(s for s in v6.settings if s.menu == "/system/ntp/client")
    ntp7 = next(s for s in v7.settings if s.menu == "/system/ntp/client")
    assert "server-dns-names" in ntp6.fields and "servers" in ntp7.fields
    assert not any(s.menu == "/system/ntp/server" for s in v6.settings)


@pytest.mark.parametrize("major", [6, 7])
def test_planning_again_after_applying_changes_nothing(major: int) -> None:
    desired, current = _desired(major), _current(major)
    _apply(current, make_plan(desired, current))
    assert make_plan(desired, current).changes == []


def test_only_tagged_rows_are_removed() -> None:
    current = _current(7)
    current["/ip/firewall/filter"] += [
        {".id": "*9", "chain": "forward", "comment": TAG + "old rule"},
        {".id": "*A", "chain": "forward", "comment": "installer's own"},
    ]
    removes = [c for c in make_plan(_desired(7), current).changes if c.action == "remove"]
    assert [(c.menu, c.ref) for c in removes] == [("/ip/firewall/filter", "*9")]


def test_a_changed_field_is_set_not_re_added() -> None:
    desired, current = _desired(7), _current(7)
    _apply(current, make_plan(desired, current))
    row = next(r for r in current["/ip/firewall/filter"]
               if r.get("comment") == TAG + "accept sip from trunks")
    row["dst-port"] = "5080"
    (change,) = make_plan(desired, current).changes
    assert (change.action, change.fields, change.before) == ("set", {"dst-port": "5060"},
                                                             {"dst-port": "5080"})


def test_voice_vlan_on_a_model_that_cannot_is_a_field_error() -> None:
    with pytest.raises(ProfileError) as caught:
        _desired(7, voice_vlan=20)
    (problem,) = caught.value.problems
    assert problem.path == "router.voice_vlan" and "hAP ac2" in problem.message


def test_voice_vlan_where_the_model_can() -> None:
    desired = _desired(7, voice_vlan=20, model="hAP ac2")
    vlan = next(e for e in desired.entries if e.menu == "/interface/vlan")
    assert vlan.fields["vlan-id"] == "20"


def test_rollback_undoes_in_reverse_and_removes_itself() -> None:
    plan = make_plan(_desired(6), _current(6))
    lines = rollback_source(plan).splitlines()
    assert lines[1].startswith("/ip dhcp-server lease set [find address=\"192.168.88.10\"]")
    assert '/ip firewall service-port set [find name="sip"] disabled="no"' in lines
    assert '/ip firewall filter remove [find comment="tamas: drop blocked"]' in lines
    assert "/system ntp client set enabled=\"no\" !server-dns-names" in lines
    assert lines[-2:] == ['/system scheduler remove [find name="tamas-rollback"]',
                          '/system script remove [find name="tamas-rollback"]']
