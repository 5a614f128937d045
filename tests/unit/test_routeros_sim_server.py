"""The RouterOS API simulator, driven by the real librouteros client over TCP."""

from __future__ import annotations

import json
import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import librouteros
import pytest
from librouteros.exceptions import ConnectionClosed, TrapError
from librouteros.login import token
from librouteros.query import Key

from provision.lab.routeros_sim import Simulator, SimulatorOptions

PASSWORD = "sim-password"


@pytest.fixture(params=[6, 7], ids=["v6", "v7"])
def sim(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Simulator]:
    options = SimulatorOptions(routeros=request.param, password=PASSWORD,
                               state_file=tmp_path / "state.json", clock_scale=60)
    with Simulator(options) as running:
        yield running


def connect(sim: Simulator, **kwargs: object) -> librouteros.Api:
    host, port = sim.address
    return librouteros.connect(host, "admin", PASSWORD, port=port, timeout=5, **kwargs)


def test_plain_and_challenge_login(sim: Simulator) -> None:
    for method in (librouteros.login.plain, token):
        api = connect(sim, login_method=method)
        assert next(iter(api.path("system", "identity")))["name"] == "MikroTik"
        api.close()


def test_wrong_password_is_a_trap(sim: Simulator) -> None:
    host, port = sim.address
    with pytest.raises(TrapError, match="invalid user name or password"):
        librouteros.connect(host, "admin", "wrong", port=port, timeout=5)


def test_commands_need_a_login(sim: Simulator) -> None:
    host, port = sim.address
    api = librouteros.connect(host, "admin", PASSWORD, port=port, timeout=5,
                              login_method=lambda *_: None)
    with pytest.raises(TrapError, match="not logged in"):
        list(api.path("system", "resource"))


def test_version_and_model_follow_the_options(sim: Simulator) -> None:
    api = connect(sim)
    resource = next(iter(api.path("system", "resource")))
    board = next(iter(api.path("system", "routerboard")))
    major = sim.options.routeros
    assert str(resource["version"]).startswith(f"{major}.")
    assert resource["board-name"] == "hAP lite"
    assert board["model"] == "RB941-2nD"


def test_add_set_move_remove_and_queries(sim: Simulator) -> None:
    api = connect(sim)
    rules = api.path("ip", "firewall", "filter")
    first = next(iter(rules))[".id"]
    new = rules.add(chain="forward", action="drop", protocol="udp", comment="tamas: a",
                    **{"place-before": first})
    assert next(r[".id"] for r in rules) == new
    rules.update(**{".id": new, "dst-port": "5060"})
    found = list(rules.select(Key(".id"), Key("dst-port")).where(Key("comment") == "tamas: a"))
    assert found == [{".id": new, "dst-port": 5060}]
    # ?#! negation and ?#| alternation
    not_ours = list(rules.select(Key("comment")).where(Key("comment") != "tamas: a"))
    assert all(r.get("comment") != "tamas: a" for r in not_ours) and len(not_ours) == 4
    either = list(rules.select(Key(".id")).where(Key("chain").In("input", "nonexistent")))
    assert len(either) == 2
    tuple(api("/ip/firewall/filter/move", **{".id": new}))  # no destination: to the end
    assert [r[".id"] for r in rules][-1] == new
    rules.remove(new)
    assert all(r.get("comment") != "tamas: a" for r in rules)


def test_unknown_field_and_missing_field_trap(sim: Simulator) -> None:
    api = connect(sim)
    with pytest.raises(TrapError, match="unknown parameter colour"):
        api.path("ip", "firewall", "filter").add(chain="input", colour="red")
    with pytest.raises(TrapError, match="missing value"):
        api.path("ip", "firewall", "filter").add(action="drop")
    with pytest.raises(TrapError, match="no such item"):
        api.path("ip", "firewall", "filter").update(**{".id": "*FFFF", "action": "drop"})


def test_v6_and_v7_differ_where_routeros_does(sim: Simulator) -> None:
    api = connect(sim)
    ntp = api.path("system", "ntp", "client")
    options = api.path("ip", "dhcp-server", "option")
    if sim.options.routeros == 6:
        ntp.update(enabled=True, **{"server-dns-names": "pool.ntp.org"})
        with pytest.raises(TrapError, match="unknown parameter servers"):
            ntp.update(servers="pool.ntp.org")
        with pytest.raises(TrapError, match="invalid value"):
            options.add(name="p", code=66, value="s'http://x/'")
        options.add(name="p", code=66, value="'http://x/'")
    else:
        ntp.update(enabled=True, servers="pool.ntp.org")
        with pytest.raises(TrapError, match="unknown parameter primary-ntp"):
            ntp.update(**{"primary-ntp": "10.0.0.1"})
        options.add(name="p", code=66, value="s'http://x/'")
    assert next(iter(ntp))["enabled"] is True


def test_state_survives_a_restart(tmp_path: Path) -> None:
    options = SimulatorOptions(routeros=7, password=PASSWORD, state_file=tmp_path / "s.json")
    with Simulator(options) as first:
        connect(first).path("system", "identity").update(name="office")
    with Simulator(options) as second:
        assert next(iter(connect(second).path("system", "identity")))["name"] == "office"


def test_scheduler_runs_its_script_on_the_simulated_clock(sim: Simulator) -> None:
    api = connect(sim)
    api.path("system", "script").add(name="restore", source=(
        '/system identity set name="restored"\n'
        '/ip firewall filter remove [find comment~"^tamas:"]\n'
        '/system scheduler remove [find name="restore"]\n'))
    api.path("ip", "firewall", "filter").add(chain="input", comment="tamas: gone")
    api.path("system", "scheduler").add(name="restore", interval="1m", **{"on-event": "restore"})
    deadline = time.monotonic() + 5  # 1 simulated minute is 1 s at clock_scale=60
    while time.monotonic() < deadline:
        if next(iter(api.path("system", "identity")))["name"] == "restored":
            break
        time.sleep(0.05)
    assert next(iter(api.path("system", "identity")))["name"] == "restored"
    assert all(r.get("comment") != "tamas: gone" for r in api.path("ip", "firewall", "filter"))
    assert list(api.path("system", "scheduler")) == []


def test_drop_after_writes_closes_mid_apply_once(sim: Simulator, tmp_path: Path) -> None:
    faults = tmp_path / "faults.json"
    faults.write_text(json.dumps({"drop_after_writes": 1}))
    sim.options.faults_file = faults
    api = connect(sim)
    api.path("system", "identity").update(name="one")
    with pytest.raises((ConnectionClosed, OSError)):
        api.path("system", "identity").update(name="two")
    fresh = connect(sim)  # the drop fires once: a fresh connection works
    assert next(iter(fresh.path("system", "identity")))["name"] == "one"


def test_refused_command_traps(sim: Simulator) -> None:
    sim.options.refuse = ["/ip/firewall/filter/add"]
    with pytest.raises(TrapError, match="refused"):
        connect(sim).path("ip", "firewall", "filter").add(chain="input")


def test_disabled_api_service_refuses_the_session(sim: Simulator) -> None:
    api = connect(sim)
    service = next(r for r in api.path("ip", "service") if r["name"] == "api")
    api.path("ip", "service").update(**{".id": service[".id"], "disabled": True})
    with pytest.raises((ConnectionClosed, OSError)):
        connect(sim)


def test_api_ssl_with_certificate_checking(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    options = SimulatorOptions(routeros=7, password=PASSWORD, tls_cert=cert, tls_key=key)
    with Simulator(options) as sim:
        host, port = sim.address
        context = ssl.create_default_context(cafile=str(cert))
        wrapper = lambda s: context.wrap_socket(s, server_hostname=host)  # noqa: E731
        api = librouteros.connect(host, "admin", PASSWORD, port=port, ssl_wrapper=wrapper)
        assert next(iter(api.path("system", "resource")))["board-name"] == "hAP lite"
        untrusting = ssl.create_default_context()  # system CAs only: must refuse
        with pytest.raises(ssl.SSLCertVerificationError):
            librouteros.connect(host, "admin", PASSWORD, port=port, ssl_wrapper=lambda s:
                                untrusting.wrap_socket(s, server_hostname=host))
