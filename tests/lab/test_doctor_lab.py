"""The doctor against the lab, with faults made on purpose: Asterisk stopped, the trunk
pointing at a dead address, a full recordings disk, SIP ALG switched on at the router."""

from __future__ import annotations

import json
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import librouteros
import pytest

from .conftest import tamas
from .test_monitor_lab import Monitored, monitored  # noqa: F401 - the module's fixture

pytestmark = pytest.mark.lab
RECORDINGS = "var/spool/asterisk/monitor"


def doctor(m: Monitored, *extra: str) -> tuple[int, dict[str, dict[str, Any]]]:
    done = tamas("doctor", str(m.profile), "--target", "lab", "--lab", m.lab.name, "--json",
                 *extra, check=False)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, {r["code"]: r for r in json.loads(done.stdout)["results"]}


def test_the_applied_lab(monitored: Monitored) -> None:  # noqa: F811
    code, results = doctor(monitored)
    # sip-alg is left out: `tamas apply` does not run the router role (tamas router apply
    # does), so a fresh simulator still has its factory SIP ALG on; see the test below.
    for check in ("asterisk-running", "modules", "rtp-ports", "codecs", "nat", "time", "disk"):
        assert results[check]["status"] == "pass", results[check]
    # The lab's line provider is an address where nothing answers SIP (a dead trunk):
    city = results["trunk:city"]
    assert city["status"] == "fail" and "line city" in city["message"]
    assert "secrets set line.city" in city["fix"] or "unreachable" in city["fix"]
    assert results["phones-registered"]["status"] == "warn"  # no phone is registered
    assert code == 1


def test_asterisk_stopped(monitored: Monitored) -> None:  # noqa: F811
    lab = monitored.lab
    lab.exec(["asterisk", "-rx", "core stop now"])
    try:
        code, results = doctor(monitored)
        assert code == 1
        assert results["asterisk-running"]["status"] == "fail"
        assert "start" in results["asterisk-running"]["fix"]
        assert results["modules"]["message"] == "not checked: Asterisk is not running"
    finally:
        lab.exec(["service", "asterisk", "start"])
        lab.asterisk_ready(timeout=60)


def test_full_recordings_disk(monitored: Monitored) -> None:  # noqa: F811
    target = monitored.lab.root / RECORDINGS
    target.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tamas-doctor-test", str(target)],
                   check=True)
    try:
        with (target / "filler.wav").open("wb") as filler:
            filler.write(b"\0" * (960 * 1024))
        _, results = doctor(monitored)
        disk = results["disk"]
        assert disk["status"] == "fail" and RECORDINGS in disk["message"]
        assert "retention_days" in disk["fix"]
    finally:
        subprocess.run(["umount", str(target)], check=True)
    _, results = doctor(monitored)
    assert results["disk"]["status"] == "pass"


def test_sip_alg_on_at_the_router(monitored: Monitored) -> None:  # noqa: F811
    lab = monitored.lab
    api = librouteros.connect(lab.addresses.router, "admin", lab.router_password,
                              port=lab.router_port)
    ports = api.path("ip", "firewall", "service-port")
    sip = next(r for r in ports if r["name"] == "sip")
    try:
        ports.update(**{".id": sip[".id"], "disabled": True})
        _, results = doctor(monitored)
        assert results["sip-alg"]["status"] == "pass"
        ports.update(**{".id": sip[".id"], "disabled": False})
        code, results = doctor(monitored)
        assert code == 1
        alg = results["sip-alg"]
        assert alg["status"] == "fail" and "/ip firewall service-port disable sip" in alg["fix"]
    finally:
        ports.update(**{".id": sip[".id"], "disabled": sip["disabled"]})  # as it was
        api.close()


def test_bundle_has_no_secret(monitored: Monitored, tmp_path: Path) -> None:  # noqa: F811
    bundle = tmp_path / "support.tgz"
    doctor(monitored, "--bundle", str(bundle))
    secrets = (monitored.profile.with_name("shop.secrets.yaml")).read_text()
    values = [line.split(":", 1)[1].strip() for line in secrets.splitlines()
              if ":" in line and len(line.split(":", 1)[1].strip()) >= 20]
    assert values  # the AMI, phone and line passwords
    with tarfile.open(bundle) as archive:
        names = archive.getnames()
        text = "".join(archive.extractfile(m).read().decode(errors="replace")  # type: ignore[union-attr]
                       for m in archive.getmembers())
    assert "tamas-support/doctor.json" in names and "tamas-support/status.json" in names
    assert "tamas-support/etc/asterisk/pjsip.conf" in names
    assert any(n.startswith("tamas-support/logs/") for n in names)
    assert not [v for v in values if v in text]
