"""Shared fixtures of the end-to-end tier: the lab, the lab with a profile applied, SIPp.

The lab is named from $TAMAS_LAB (default `test`), brought up once per session and
taken down at the end. Without root, debootstrap or sipp every lab test is skipped
with the reason (the suite-wide guard turns those skips into failures when CI=true).
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from appliance.assets import hardware_dir
from appliance.profile.load import load_profile
from appliance.secrets import Secrets, secrets_for
from provision.lab import Lab

REPO = Path(__file__).resolve().parents[2]
SIPP_DIR = REPO / "tests" / "sipp"


def lab_unavailable() -> str | None:
    if os.geteuid() != 0:
        return "lab tests need root (the lab mounts and chroots)"
    for tool in ("debootstrap", "sipp", "chroot"):
        if shutil.which(tool) is None:
            return f"lab tests need {tool}: apt-get install -y debootstrap sip-tester"
    return None


@pytest.fixture(scope="session")
def lab() -> Iterator[Lab]:
    reason = lab_unavailable()
    if reason:
        pytest.skip(reason)
    the_lab = Lab.named(os.environ.get("TAMAS_LAB") or "test")
    the_lab.up()
    try:
        yield the_lab
    finally:
        the_lab.down()


def tamas(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the real CLI, as an installer would."""
    done = subprocess.run(
        [str(Path(sys.executable).with_name("tamas")), *args],
        capture_output=True, text=True, check=False, cwd=REPO,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"tamas {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return done


@dataclass
class Applied:
    lab: Lab
    profile_path: Path  # a copy in a temporary folder; its secrets file sits beside it
    secrets: Secrets
    first: subprocess.CompletedProcess[str]

    def apply(self, *extra: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return tamas(
            "apply", str(self.profile_path), "--target", "lab", "--lab", self.lab.name, *extra,
            check=check,
        )


@pytest.fixture(scope="session")
def applied_lab(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> Applied:
    folder = tmp_path_factory.mktemp("profile")
    path = folder / "shop.yaml"
    shutil.copy(hardware_dir() / "examples" / "shop.yaml", path)
    secrets = secrets_for(load_profile(path), path)
    first = tamas("apply", str(path), "--target", "lab", "--lab", lab.name, "--json")
    lab.asterisk_ready(timeout=60)
    return Applied(lab, path, secrets, first)


@dataclass
class SippResult:
    returncode: int
    successful: int
    failed: int
    stats_file: Path
    output: str


def run_sipp(
    scenario: Path, *, local: str, remote: str, local_port: int = 5060, calls: int = 1,
    rate: float = 1.0, timeout_s: int = 30, extra: tuple[str, ...] = (),
    workdir: Path,
) -> SippResult:
    """Run SIPp once in the foreground; counts come from its statistics CSV."""
    stats = workdir / f"sipp-{local}-{local_port}.csv"
    stats.unlink(missing_ok=True)
    argv = [
        "sipp", remote, "-sf", str(scenario), "-i", local, "-p", str(local_port),
        "-m", str(calls), "-r", str(rate), "-timeout", f"{timeout_s}s", "-timeout_error",
        "-trace_stat", "-stf", str(stats), "-fd", "1", "-nostdin", "-nd",
        *extra,
    ]
    done = subprocess.run(
        argv, capture_output=True, text=True, timeout=timeout_s + 30, check=False, cwd=workdir
    )
    successful = failed = 0
    if stats.exists():
        rows = list(csv.DictReader(stats.open(), delimiter=";"))
        if rows:
            successful = int(rows[-1].get("SuccessfulCall(C)") or 0)
            failed = int(rows[-1].get("FailedCall(C)") or 0)
    return SippResult(done.returncode, successful, failed, stats, done.stdout + done.stderr)


@pytest.fixture
def sipp(tmp_path: Path):
    """`sipp(scenario, local=..., remote=..., calls=..., rate=...)` -> SippResult."""

    def bound(scenario: Path, **kwargs) -> SippResult:
        return run_sipp(scenario, workdir=tmp_path, **kwargs)

    return bound
