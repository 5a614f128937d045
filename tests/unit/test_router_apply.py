"""Applying the router's desired state to the RouterOS API simulator, v6 and v7."""

from __future__ import annotations

import copy
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from appliance.errors import InputError, ProfileError, RouterError
from appliance.secrets import Secrets
from provision.lab.routeros_sim import Simulator, SimulatorOptions
from provision.router.client import RouterLoginError
from provision.router.service import run
from tests.unit.router_helpers import shop

PASSWORD = "router-pw"
APPLIANCE = "192.168.88.10"
SECRETS = Secrets(router=PASSWORD)


@pytest.fixture(params=[6, 7], ids=["v6", "v7"])
def sim(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Simulator]:
    options = SimulatorOptions(
        host="127.0.0.1", routeros=request.param, password=PASSWORD, clock_scale=300,
        state_file=tmp_path / "router.json", leases={APPLIANCE: "52:54:00:00:00:10"})
    with Simulator(options) as running:
        yield running


def _profile(sim: Simulator, **router: object):
    host, port = sim.address
    return shop(host=host, api_port=port, **router)


def _rows(sim: Simulator) -> dict:
    with sim.state.lock:
        return copy.deepcopy(sim.state.rows)


def _owned(rows: dict) -> list[str]:
    return sorted(r["comment"] for menu in rows.values() for r in menu
                  if r.get("comment", "").startswith("tamas: "))


def test_apply_then_nothing_more_to_do(sim: Simulator) -> None:
    profile = _profile(sim)
    first = run(profile, SECRETS, change=True)
    assert first.applied and first.plan.changed
    assert first.facts.major == sim.options.routeros
    second = run(profile, SECRETS, change=False)
    assert second.plan.changes == []
    rows = _rows(sim)
    sip = next(r for r in rows["/ip/firewall/service-port"] if r["name"] == "sip")
    assert sip["disabled"] == "true"
    assert rows["/system/scheduler"] == [] and rows["/system/script"] == []  # disarmed
    lease = next(r for r in rows["/ip/dhcp-server/lease"] if r["address"] == APPLIANCE)
    assert lease["dynamic"] == "false" and lease["comment"] == "tamas: appliance"
    # Ours sit before the router's default rules; the defaults are untouched.
    filters = rows["/ip/firewall/filter"]
    assert filters[0]["comment"].startswith("tamas: ")
    assert [r for r in filters if r["comment"].startswith("defconf")] == [
        r for r in _fresh_rows(sim)["/ip/firewall/filter"]]


def _fresh_rows(sim: Simulator) -> dict:
    from provision.lab.routeros_sim.state import RouterState

    fresh = RouterState.fresh(sim.options.routeros, "x", "hAP lite", "RB941-2nD", "mipsbe", 32)
    # Ids differ between two fresh states only by creation order, which is the same.
    return fresh.rows


def test_check_mode_changes_nothing(sim: Simulator) -> None:
    before = _rows(sim)
    result = run(_profile(sim), SECRETS, change=False)
    assert result.plan.changed and not result.applied
    assert _rows(sim) == before


def test_a_trunk_removed_from_the_profile_is_removed_from_the_router(sim: Simulator) -> None:
    run(_profile(sim), SECRETS, change=True)
    assert "tamas: trunk city" in _owned(_rows(sim))
    import yaml

    from appliance.profile.load import parse_profile
    from tests.unit.router_helpers import shop_data

    data = shop_data()
    host, port = sim.address
    data["router"].update(host=host, api_port=port)
    data["lines"][0]["kind"] = "fxo_gateway"  # a LAN gateway: no WAN trunk rules
    data["lines"][0]["host"] = "192.168.88.20"
    plan = run(parse_profile(yaml.safe_dump(data)), SECRETS, change=True).plan
    assert [c.label for c in plan.changes if c.action == "remove"] == ["tamas: trunk city"]
    assert "tamas: trunk city" not in _owned(_rows(sim))


def _wait_until(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_dropped_connection_mid_apply_is_rolled_back_by_the_router(
        sim: Simulator, tmp_path: Path) -> None:
    before = _rows(sim)
    faults = tmp_path / "faults.json"
    faults.write_text(json.dumps({"drop_after_writes": 8}))  # 2 to arm, then 6 changes
    sim.options.faults_file = faults
    with pytest.raises(RouterError, match="restores its previous state by itself"):
        run(_profile(sim), SECRETS, change=True, rollback_after="5m")
    changed = _rows(sim)
    assert _owned(changed) != [] and changed["/system/scheduler"]  # half applied, armed
    # 5 simulated minutes at clock_scale=300 is one real second.
    assert _wait_until(lambda: _rows(sim) == before, 5), "the rollback did not restore"


def test_refused_command_rolls_back_at_once(sim: Simulator) -> None:
    before = _rows(sim)
    sim.options.refuse = ["/ip/dhcp-server/option/add"]
    with pytest.raises(RouterError, match="rolled back to the previous state"):
        run(_profile(sim), SECRETS, change=True)
    assert _rows(sim) == before


def test_wrong_password_says_how_to_fix(sim: Simulator) -> None:
    with pytest.raises(RouterLoginError, match="tamas secrets set PROFILE router") as caught:
        run(_profile(sim), Secrets(router="wrong"), change=False)
    assert caught.value.exit_code == 2 and "wrong" not in str(caught.value)


def test_missing_password_is_input_error(sim: Simulator) -> None:
    with pytest.raises(InputError, match="tamas secrets set"):
        run(_profile(sim), Secrets(), change=False)


def test_disabled_api_service(sim: Simulator) -> None:
    with sim.state.lock:
        next(r for r in sim.state.rows["/ip/service"] if r["name"] == "api")["disabled"] = "true"
    with pytest.raises(RouterError, match="service may be disabled"):
        run(_profile(sim), SECRETS, change=False)


def test_unreachable_port_names_the_service() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    profile = shop(host="127.0.0.1", api_port=port)
    with pytest.raises(RouterError, match="/ip service enable api"):
        run(profile, SECRETS, change=False, timeout=2)


def test_model_mismatch_names_the_field(sim: Simulator) -> None:
    with pytest.raises(ProfileError) as caught:
        run(_profile(sim, model="hEX"), SECRETS, change=False)
    (problem,) = caught.value.problems
    assert problem.path == "router.model" and "hAP lite" in problem.message


def test_voice_vlan_the_model_cannot_carry_fails_before_connecting() -> None:
    profile = shop(host="127.0.0.1", api_port=1, voice_vlan=20)
    with pytest.raises(ProfileError, match="router"):
        run(profile, SECRETS, change=False, timeout=1)
