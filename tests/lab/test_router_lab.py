"""The router in the lab: `tamas apply` configures the lab's RouterOS simulator (v7), a
second apply changes nothing; `tamas router apply` does the same on v6 and v7 simulators
of our own, and a connection dropped mid-apply is rolled back by the router itself.

The simulator is the one stand-in the project allows (no MikroTik runs here); it speaks
the real API wire protocol and is read back over it with librouteros.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import librouteros
import pytest
import yaml

from appliance.profile.load import load_profile
from appliance.secrets import save_secrets, secrets_for, secrets_path_for
from provision.lab import Lab
from provision.lab.sshd import wait_listening
from provision.render.site import site_for
from tests.lab.conftest import REPO, Applied, tamas

pytestmark = pytest.mark.lab

PORT = 8728


def _read(host: str, password: str, port: int = PORT) -> dict[str, list[dict]]:
    """What a RouterOS client sees: the menus the Tamas state touches."""
    api = librouteros.connect(host, "admin", password, port=port, timeout=5)
    try:
        menus = ("/ip/firewall/service-port", "/ip/dhcp-server/option",
                 "/ip/dhcp-server/network", "/ip/firewall/filter", "/ip/firewall/address-list",
                 "/system/scheduler", "/system/script")
        return {menu: list(api.path(*menu.strip("/").split("/"))) for menu in menus}
    finally:
        api.close()


def _check_desired(rows: dict[str, list[dict]], url: str, trunk: str) -> None:
    sip = next(r for r in rows["/ip/firewall/service-port"] if r["name"] == "sip")
    assert sip["disabled"] is True, "SIP ALG is still on"
    option = next(r for r in rows["/ip/dhcp-server/option"] if r.get("code") == 66)
    assert url in str(option["value"]), option
    assert any(option["name"] in str(n.get("dhcp-option", "")).split(",")
               for n in rows["/ip/dhcp-server/network"]), "no DHCP network hands out option 66"
    trunks = [r for r in rows["/ip/firewall/address-list"] if r["list"] == "tamas-trunks"]
    assert [r["address"] for r in trunks] == [trunk]
    accepts = [r for r in rows["/ip/firewall/filter"]
               if r.get("src-address-list") == "tamas-trunks" and r["action"] == "accept"]
    assert {str(r["dst-port"]) for r in accepts} == {"5060", "10000-20000"}
    assert rows["/system/scheduler"] == [] and rows["/system/script"] == []  # disarmed


def test_apply_configures_the_labs_router(applied_lab: Applied) -> None:
    lab = applied_lab.lab
    profile = load_profile(applied_lab.profile_path)
    url = f"http://{lab.addresses.appliance}/provisioning/"
    assert site_for(profile).provisioning_url.endswith("/provisioning/")
    rows = _read(lab.addresses.router, lab.router_password)
    _check_desired(rows, url, lab.addresses.provider(0))


def test_a_second_apply_changes_nothing_on_the_router(applied_lab: Applied) -> None:
    lab = applied_lab.lab
    before = _read(lab.addresses.router, lab.router_password)
    summary = json.loads(applied_lab.apply("--json").stdout)
    assert summary["success"] and summary["changed"] == 0, summary["changed_tasks"]
    assert summary["roles"]["router"]["ok"] >= 1  # the router step ran, and found nothing
    assert _read(lab.addresses.router, lab.router_password) == before


def test_check_mode_reports_a_router_change_without_making_it(applied_lab: Applied) -> None:
    """Someone turned the SIP ALG back on: --check sees it, changes nothing; apply fixes it."""
    lab = applied_lab.lab
    api = librouteros.connect(lab.addresses.router, "admin", lab.router_password, port=PORT)
    try:
        ports = api.path("ip", "firewall", "service-port")
        sip = next(r for r in ports if r["name"] == "sip")
        ports.update(**{".id": sip[".id"], "disabled": False})
    finally:
        api.close()
    checked = json.loads(applied_lab.apply("--check", "--json").stdout)
    assert checked["roles"]["router"]["changed"] == 1
    rows = _read(lab.addresses.router, lab.router_password)
    assert next(r for r in rows["/ip/firewall/service-port"] if r["name"] == "sip")[
        "disabled"] is False
    fixed = json.loads(applied_lab.apply("--json").stdout)
    assert fixed["roles"]["router"]["changed"] == 1
    _check_desired(_read(lab.addresses.router, lab.router_password),
                   f"http://{lab.addresses.appliance}/provisioning/", lab.addresses.provider(0))


# -- simulators of our own, v6 and v7, beside the lab's ----------------------------------
@dataclass
class OwnRouter:
    lab: Lab
    host: str
    password: str
    state: Path
    faults: Path
    profile: Path  # the shop, its router pointed at this simulator

    def rows(self) -> dict:
        return json.loads(self.state.read_text())["rows"]


def _start(argv: list[str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "w") as out:
        return subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, cwd=REPO)


@pytest.fixture(params=[6, 7], ids=["routeros6", "routeros7"])
def own_router(request: pytest.FixtureRequest, applied_lab: Applied,
               tmp_path: Path) -> Iterator[OwnRouter]:
    lab, major = applied_lab.lab, request.param
    host = f"127.{lab.addresses.block}.0.{4 + major}"  # .10 and .11: free in the block
    password = "lab-own-router"  # a throwaway simulator's password, not a secret
    (tmp_path / "password").write_text(password)
    faults = tmp_path / "faults.json"
    faults.write_text("{}")
    state = tmp_path / "router.json"
    # 300 simulated seconds per real second: the armed 5 m rollback fires after 1 s.
    proc = _start([sys.executable, "-m", "provision.lab.routeros_sim", "--host", host,
                   "--port", str(PORT), "--routeros", str(major), "--password-file",
                   str(tmp_path / "password"), "--state", str(state), "--clock-scale", "300",
                   "--faults", str(faults),
                   "--lease", f"{lab.addresses.appliance}=52:54:00:00:00:10"],
                  tmp_path / "sim.log")
    try:
        wait_listening(host, PORT, timeout_s=10)
        data = yaml.safe_load(applied_lab.profile_path.read_text())
        data["appliance"]["host"] = lab.addresses.appliance
        data["router"].update(host=host, api_port=PORT, api_ssl=False)
        data["lines"][0].update(host=lab.addresses.provider(0), port=5060)
        profile = tmp_path / "shop.yaml"
        profile.write_text(yaml.safe_dump(data, sort_keys=False))
        secrets = secrets_for(load_profile(profile), profile)
        secrets.router = password
        save_secrets(secrets_path_for(profile), secrets)
        yield OwnRouter(lab, host, password, state, faults, profile)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_router_apply_on_v6_and_v7(own_router: OwnRouter) -> None:
    first = json.loads(tamas("router", "apply", str(own_router.profile), "--json").stdout)
    assert first["applied"] and first["changed"]
    assert first["routeros"].startswith(f"{_major(own_router)}.")
    _check_desired(_read(own_router.host, own_router.password),
                   f"http://{own_router.lab.addresses.appliance}/provisioning/",
                   own_router.lab.addresses.provider(0))
    again = json.loads(tamas("router", "plan", str(own_router.profile), "--json").stdout)
    assert again["changed"] is False and again["changes"] == []


def _major(router: OwnRouter) -> int:
    return int(json.loads(router.state.read_text())["major"])


def _wait_until(predicate: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def test_a_connection_dropped_mid_apply_is_rolled_back(own_router: OwnRouter) -> None:
    before = own_router.rows()
    own_router.faults.write_text(json.dumps({"drop_after_writes": 8}))  # 2 arm, then 6
    done = tamas("router", "apply", str(own_router.profile), check=False)
    assert done.returncode == 1, done.stderr
    assert "restores its previous state by itself" in done.stderr
    assert own_router.password not in done.stdout + done.stderr
    own_router.faults.write_text("{}")
    assert _wait_until(lambda: own_router.rows() == before, 10), "the router did not roll back"
