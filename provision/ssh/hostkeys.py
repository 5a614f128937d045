"""Host keys on first contact: scan, show the fingerprint, record it once it is trusted."""

from __future__ import annotations

import base64
import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

from appliance.errors import ApplyError, InputError


@dataclass(frozen=True)
class HostKey:
    line: str  # a known_hosts line: "[host]:port type base64"
    kind: str
    fingerprint: str  # SHA256:..., as ssh-keygen -l prints it


def fingerprint_of(blob_b64: str) -> str:
    digest = hashlib.sha256(base64.b64decode(blob_b64)).digest()
    return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


def parse_scan(output: str) -> list[HostKey]:
    """ssh-keyscan's lines (comments skipped) as keys with their fingerprints."""
    keys = []
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 3 and not line.startswith("#"):
            try:
                keys.append(HostKey(" ".join(parts[:3]), parts[1], fingerprint_of(parts[2])))
            except (ValueError, TypeError):
                continue
    return keys


def check_fingerprint(value: str) -> str:
    if not value.startswith("SHA256:") or len(value) < 20:
        raise InputError(
            f"--host-key {value!r}: must be a SHA256 fingerprint as ssh-keygen -l prints it,"
            " e.g. SHA256:+Ew1aB3...; read it on the box: ssh-keygen -lf"
            " /etc/ssh/ssh_host_ed25519_key.pub"
        )
    return value


def scan(host: str, port: int, timeout_s: int = 10) -> list[HostKey]:
    done = subprocess.run(
        ["ssh-keyscan", "-T", str(timeout_s), "-p", str(port), host],
        capture_output=True, text=True, check=False, timeout=timeout_s + 10,
    )
    keys = parse_scan(done.stdout)
    if not keys:
        raise ApplyError(
            f"{host}:{port} showed no SSH host key (ssh-keyscan: "
            f"{done.stderr.strip() or 'no answer'}): is sshd running there?"
        )
    return keys


def known(known_hosts: Path, host: str, port: int) -> bool:
    name = host if port == 22 else f"[{host}]:{port}"
    if not known_hosts.exists():
        return False
    done = subprocess.run(["ssh-keygen", "-F", name, "-f", str(known_hosts)],
                          capture_output=True, text=True, check=False)
    return done.returncode == 0 and bool(done.stdout.strip())


def record(known_hosts: Path, key: HostKey) -> None:
    known_hosts.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with known_hosts.open("a") as handle:
        handle.write(key.line + "\n")
    known_hosts.chmod(0o600)


def choose(keys: list[HostKey], fingerprint: str) -> HostKey:
    """The scanned key with this fingerprint, or an error saying none matched."""
    for key in keys:
        if key.fingerprint == fingerprint:
            return key
    shown = ", ".join(f"{k.kind} {k.fingerprint}" for k in keys)
    raise ApplyError(
        f"the box's host keys ({shown}) do not include {fingerprint}: do not go on;"
        " check the address and the fingerprint on the box's console"
    )
