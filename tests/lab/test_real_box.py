"""A customer's stock Debian box, provisioned as an installer would: `tamas apply PROFILE
--target profile` over SSH, not the lab's shortcuts.

Each release gets a lab whose root is a stock minimal install (`tamas lab up --os R`):
systemd installed, no python3, services starting at install, /etc/hosts without the
host's name. The profile names the lab's addresses as a real one names the office's,
and the SSH key and host key are given as an installer gives them. Asterisk comes from
Tamas's backport of Debian's packaging for that release (built once, cached).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from appliance.profile.load import load_profile
from appliance.secrets import load_secrets, save_secrets, secrets_for, secrets_path_for
from provision.lab import Lab

from .callcenter_lab import CallCenter, callcenter_profile, wait_for
from .conftest import REPO, lab_unavailable, tamas

pytestmark = pytest.mark.lab

RELEASES = {"trixie": "13", "bookworm": "12"}


@dataclass
class Box:
    os_name: str
    lab: Lab
    center: CallCenter
    profile: Path
    ssh: tuple[str, ...]  # --ssh-key and --known-hosts, as an installer passes them
    fingerprint: str
    refused: subprocess.CompletedProcess[str]  # the apply before the host key was trusted
    python_before_trust: bool
    first: dict

    def apply(self, *extra: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return tamas("apply", str(self.profile), "--target", "profile", *self.ssh, *extra,
                     check=check)

    def sh(self, script: str) -> subprocess.CompletedProcess[str]:
        return self.lab.exec(["/bin/sh", "-c", script], timeout=300)


def box_profile(lab: Lab) -> dict:
    """The call-center test office, with the lab's addresses where a real office's go."""
    data = callcenter_profile("http://127.0.0.1:9/unused")
    data.pop("crm_webhook")
    at = lab.addresses
    data["appliance"].update(host=at.appliance, ssh_port=lab.ssh_port, ssh_user="root",
                             ntp_servers=[at.router])  # nothing answers NTP there
    data["router"].update(host=at.router, api_port=lab.router_port, api_ssl=False,
                          username="admin")
    for index, line in enumerate(data["lines"]):
        line.update(host=at.provider(index), port=5060)
    return data


@pytest.fixture(scope="module", params=list(RELEASES))
def box(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Box]:
    reason = lab_unavailable()
    if reason:
        pytest.skip(reason)
    os_name: str = request.param
    lab = Lab.named(f"{os.environ.get('TAMAS_LAB') or 'test'}-{os_name}")
    lab.down(purge=True)  # a fresh box every session: the first apply is a first apply
    lab.up(os_name=os_name)
    folder = tmp_path_factory.mktemp(f"box-{os_name}")
    profile = folder / "office.yaml"
    profile.write_text(yaml.safe_dump(box_profile(lab), sort_keys=False))
    store = secrets_for(load_profile(profile), profile)
    store.router = lab.router_password
    save_secrets(secrets_path_for(profile), store)
    ssh = ("--ssh-key", str(lab.client_key), "--known-hosts", str(folder / "known_hosts"))
    public = lab.state / "ssh_host_ed25519_key.pub"
    fingerprint = subprocess.run(["ssh-keygen", "-lf", str(public)], capture_output=True,
                                 text=True, check=True).stdout.split()[1]
    center = CallCenter(lab, profile, load_secrets(secrets_path_for(profile)), folder)
    the_box = Box(os_name, lab, center, profile, ssh, fingerprint, None,  # type: ignore[arg-type]
                  False, {})
    try:
        the_box.refused = the_box.apply(check=False)
        the_box.python_before_trust = (lab.root / "usr/bin/python3").exists()
        done = the_box.apply("--host-key", fingerprint, "--json")
        the_box.first = json.loads(done.stdout)
        lab.asterisk_ready(timeout=120)
        center.log_mark, center.cdr_mark = len(center.queue_log()), len(center.cdrs())
        yield the_box
    finally:
        center.stop_all()
        lab.down()


def test_an_unknown_host_key_stops_before_anything_with_the_command_to_check_it(box: Box) -> None:
    assert box.refused.returncode == 1, box.refused.stdout + box.refused.stderr
    address = box.lab.addresses.appliance
    assert f"ssh-keyscan -p {box.lab.ssh_port} {address} | ssh-keygen -lf -" in box.refused.stderr
    assert "--host-key SHA256:" in box.refused.stderr
    assert "Traceback" not in box.refused.stderr
    assert not box.python_before_trust  # nothing ran on the box: a stock minimal install


def test_the_first_apply_leaves_every_phone_line_and_queue_live(box: Box) -> None:
    assert box.first["success"] and box.first["failed"] == 0, box.first["failures"]
    endpoints = box.center.rx("pjsip show endpoints")
    for name in ("101", "102", "103", "110", "city", "tiny"):
        assert re.search(rf"(?m)^\s*Endpoint:\s+{name}\b", endpoints), endpoints
    assert "support has 0 calls" in box.center.rx("queue show support")


def test_asterisk_is_tamass_build_for_this_release_and_the_base_stays_stable(box: Box) -> None:
    number = RELEASES[box.os_name]
    version = box.sh("dpkg-query -W -f='${Version}' asterisk").stdout
    assert version.endswith(f"~tamas{number}+1"), version
    assert box.center.rx("core show version").startswith("Asterisk 22.")
    installed = box.sh("apt list --installed 2>/dev/null").stdout
    local = [line for line in installed.splitlines() if "installed,local" in line]
    assert not local, local  # every package came from a source the box has
    versions = box.sh("dpkg-query -W -f='${Package} ${Version}\\n'").stdout.splitlines()
    foreign = [v for v in versions if re.search(r"~bpo|\+b\d+~|~exp", v)]
    assert not foreign, foreign
    sources = box.sh("cat /etc/apt/sources.list /etc/apt/sources.list.d/*").stdout
    assert not re.search(r"\b(sid|unstable|testing|forky)\b", sources), sources
    libc = box.sh("apt-cache policy libc6").stdout
    installed_libc = re.search(r"Installed:\s*(\S+)", libc)
    candidate = re.search(r"Candidate:\s*(\S+)", libc)
    assert installed_libc and candidate and installed_libc.group(1) == candidate.group(1), libc


def test_the_box_can_still_install_and_upgrade_debians_own_packages(box: Box) -> None:
    install = box.sh("apt-get -s install chrony msmtp openssh-server")
    assert install.returncode == 0, install.stdout[-2000:] + install.stderr
    upgrade = box.sh("apt-get -s -o Debug::NoLocking=1 upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    assert "asterisk" not in re.findall(r"(?m)^Remv (\S+)", upgrade.stdout)


def test_services_start_at_boot_and_the_host_name_resolves_locally(box: Box) -> None:
    wants = box.lab.root / "etc/systemd/system/multi-user.target.wants"
    for unit in ("asterisk.service", "chrony.service"):
        assert (wants / unit).is_symlink(), sorted(p.name for p in wants.iterdir())
    hostname = box.sh("hostname").stdout.strip()
    hosts = (box.lab.root / "etc/hosts").read_text()
    assert re.search(rf"(?m)^127\.0\.1\.1\s+{re.escape(hostname)}$", hosts), hosts
    # Stock Asterisk never served: no IAX2 on every address, only Tamas's listeners.
    listening = box.sh("ss -H -lun").stdout
    assert ":4569" not in listening, listening


def test_a_trunk_call_through_ivr_and_queue_is_answered_and_recorded(box: Box) -> None:
    caller = f"0912{RELEASES[box.os_name]}00001"
    with box.center.answering(101):
        result = box.center.call("caller_key.xml", caller, key="1", hold_ms=4000)
    assert result.successful == 1, result.output[-1500:]
    callid = box.center.callid_of(caller)
    wait_for(lambda: "COMPLETECALLER" in box.center.events_for(callid), 10, "COMPLETECALLER")
    connect = [r for r in box.center.queue_log() if r[1] == callid and r[4] == "CONNECT"]
    assert connect and connect[0][3] == "Sara"
    monitor = box.lab.root / "var/spool/asterisk/monitor/support"
    files = list(monitor.glob(f"*/*-{caller}-101-{callid}.wav"))
    assert len(files) == 1 and files[0].stat().st_size > 44, list(monitor.rglob("*"))


def test_a_second_apply_changes_nothing(box: Box) -> None:
    again = json.loads(box.apply("--json").stdout)
    assert again["success"] and again["changed"] == 0, again["changed_tasks"]


def test_tamas_from_its_wheel_applies_on_the_box_itself(box: Box, tmp_path: Path) -> None:
    """--target local: the installer's wheel installed on the box, run there."""
    wheels = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
                    str(REPO)], check=True, capture_output=True)
    wheel = next(wheels.glob("tamas-*.whl"))
    inside = box.lab.root / "root/tamas-local"
    shutil.rmtree(inside, ignore_errors=True)
    inside.mkdir()
    shutil.copy(wheel, inside / wheel.name)
    for path in (box.profile, secrets_path_for(box.profile)):
        shutil.copy(path, inside / path.name)
    bundle = tamas("packages", "bundle", "--release", box.os_name, "-o", str(inside), "--json")
    carried = Path(json.loads(bundle.stdout)[0]["bundle"]).name
    # The box installs from a wheelhouse carried with the wheel (as at a site without
    # internet), fetched here for the box's own Python.
    version = box.sh("python3 -c 'import sys; print(\"%d.%d\" % sys.version_info[:2])'")
    # asterisklint ships only as source: made into a (pure Python) wheel here first.
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(inside / "wheels"),
         "asterisklint>=0.4"], capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr[-2000:]
    fetched = subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "-d", str(inside / "wheels"),
         "--find-links", str(inside / "wheels"),
         "--only-binary=:all:", "--implementation", "cp", "--python-version",
         version.stdout.strip(), "--platform", "manylinux_2_28_x86_64",
         "--platform", "manylinux_2_17_x86_64", "--platform", "manylinux2014_x86_64",
         "--platform", "any", str(wheel)],
        capture_output=True, text=True, check=False)
    assert fetched.returncode == 0, fetched.stderr[-2000:]
    setup = box.sh(
        "apt-get -o DPkg::Lock::Timeout=300 install -y -q python3-venv >/dev/null"
        " && python3 -m venv /opt/tamas && /opt/tamas/bin/pip install -q --no-index"
        f" --find-links /root/tamas-local/wheels /root/tamas-local/{wheel.name}"
    )
    assert setup.returncode == 0, setup.stdout[-2000:] + setup.stderr[-2000:]
    env = "TAMAS_CACHE_DIR=/root/tamas-local/cache"
    imported = box.sh(f"{env} /opt/tamas/bin/tamas packages import /root/tamas-local/{carried}")
    assert imported.returncode == 0, imported.stderr
    done = box.sh(f"{env} /opt/tamas/bin/tamas apply /root/tamas-local/office.yaml"
                  " --target local --json")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    summary = json.loads(done.stdout)
    assert summary["success"] and summary["changed"] == 0, summary["changed_tasks"]
