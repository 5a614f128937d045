"""The lab itself: up, exec, status, a second lab beside it, down stops only its own."""

from __future__ import annotations

import socket
import subprocess

import pytest

from provision.lab import Lab

pytestmark = pytest.mark.lab


def test_sshd_listens_on_the_labs_loopback_address_only(lab: Lab) -> None:
    status = lab.status()
    assert status.running
    with socket.create_connection((lab.addresses.appliance, lab.ssh_port), timeout=5) as conn:
        assert conn.recv(64).startswith(b"SSH-2.0-")
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", lab.ssh_port), timeout=2).close()


def test_ssh_with_the_labs_key_and_known_hosts_reaches_the_root(lab: Lab) -> None:
    done = subprocess.run(
        [
            "ssh", "-i", str(lab.client_key), "-o", f"UserKnownHostsFile={lab.known_hosts}",
            "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-p", str(lab.ssh_port),
            f"root@{lab.addresses.appliance}", "cat /etc/debian_version; python3 -c 'print(1)'",
        ],
        capture_output=True, text=True, timeout=30, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "sid" in done.stdout or "forky" in done.stdout or "/" in done.stdout
    assert done.stdout.strip().endswith("1")


def test_exec_runs_inside_the_root_with_the_host_name_resolvable(lab: Lab) -> None:
    done = lab.exec(["sh", "-c", "getent hosts $(hostname)"])
    assert done.returncode == 0
    assert lab.addresses.appliance in done.stdout


def test_a_second_lab_runs_beside_and_down_stops_only_its_own(lab: Lab) -> None:
    other = Lab.named("test-second")
    assert other.addresses.network != lab.addresses.network
    try:
        other.up()
        sleeper = subprocess.Popen(["chroot", str(other.root), "sleep", "300"])
        assert other.status().running and lab.status().running
        stopped = other.down()
        assert sleeper.wait(timeout=10) is not None
        assert sleeper.pid in stopped
        assert other.status().mounts == []
        assert lab.status().running  # the first lab is untouched
        assert lab.exec(["true"]).returncode == 0
    finally:
        other.down(purge=True)
