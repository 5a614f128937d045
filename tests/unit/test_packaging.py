"""An installed wheel carries the templates, playbooks and profiles it needs."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("tamas-*.whl"))


def test_wheel_carries_the_data_the_tool_reads(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for wanted in (
        "tamas_assets/hardware_profiles/catalogue/routers.yaml",
        "tamas_assets/hardware_profiles/examples/shop.yaml",
        "appliance/profile/model.py",
        "provision/cli/main.py",
        # `tamas lab traffic` plays these SIPp scenarios from the installed package
        "provision/lab/traffic/scenarios/provider.xml",
        "provision/lab/traffic/scenarios/agent.xml",
        "provision/lab/traffic/scenarios/caller_survey.xml",
    ):
        assert wanted in names, wanted
    assert any(n.startswith("tamas_assets/templates/") for n in names)
    assert any(n.startswith("tamas_assets/playbooks/") for n in names)


def test_installed_layout_finds_its_data_without_the_checkout(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "from appliance.assets import asset_root\n"
        "from appliance.profile import load_profile\n"
        "root = asset_root()\n"
        "assert root.name == 'tamas_assets', root\n"
        "p = load_profile(root / 'hardware_profiles/examples/shop.yaml')\n"
        "print(p.office.name)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Parsian Trading"
