"""`tamas router plan|apply|export` end to end against the simulator, through the CLI."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from appliance.secrets import Secrets, save_secrets, secrets_path_for
from provision.lab.routeros_sim import Simulator, SimulatorOptions
from tests.unit.router_helpers import shop_data

TAMAS = Path(sys.executable).with_name("tamas")  # the installed entry point, exit codes and all


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[Path, Simulator]]:
    with Simulator(SimulatorOptions(routeros=6, password="right-pw")) as sim:
        host, port = sim.address
        data = shop_data()
        data["router"].update(host=host, api_port=port)
        profile = tmp_path / "shop.yaml"
        profile.write_text(yaml.safe_dump(data))
        save_secrets(secrets_path_for(profile), Secrets(router="right-pw"))
        yield profile, sim


def _tamas(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(TAMAS), *args], capture_output=True, text=True, timeout=60)
    result.output = result.stdout + result.stderr  # type: ignore[attr-defined]
    result.exit_code = result.returncode  # type: ignore[attr-defined]
    return result


def test_plan_apply_plan(office: tuple[Path, Simulator]) -> None:
    profile, _ = office
    planned = _tamas("router", "plan", str(profile))
    assert planned.exit_code == 0, planned.output
    assert "RouterOS 6.49.10" in planned.output and "disabled: no -> yes" in planned.output
    applied = _tamas("router", "apply", str(profile))
    assert applied.exit_code == 0, applied.output
    again = _tamas("router", "plan", str(profile))
    assert "no changes: the router is as desired" in again.output


def test_wrong_password_exits_2_without_the_password(office: tuple[Path, Simulator]) -> None:
    profile, _ = office
    save_secrets(secrets_path_for(profile), Secrets(router="not-it"))
    result = _tamas("router", "plan", str(profile))
    assert result.exit_code == 2
    assert "not-it" not in result.output


def test_bad_rollback_time_is_input_error(office: tuple[Path, Simulator]) -> None:
    profile, sim = office
    result = _tamas("router", "apply", str(profile), "--rollback-after", "soon")
    assert result.exit_code == 2 and "RouterOS time" in result.output
    assert sim.state.rows["/ip/firewall/service-port"][3]["disabled"] == "false"  # untouched


def test_export_needs_no_router(tmp_path: Path) -> None:
    profile = tmp_path / "shop.yaml"
    profile.write_text(yaml.safe_dump(shop_data()))
    out = tmp_path / "tamas.rsc"
    result = _tamas("router", "export", str(profile), "--routeros", "7", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert 'servers="pool.ntp.org"' in out.read_text()
