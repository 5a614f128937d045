"""One SSH round trip before the playbook: trust the host key, read /etc/os-release."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from appliance.errors import ApplyError
from provision.ssh import hostkeys
from provision.ssh.advice import Reach, advice

Ask = Callable[[str], bool]


def ssh_argv(reach: Reach, command: str, *, batch: bool = True) -> list[str]:
    argv = ["ssh", "-p", str(reach.port), "-o", "StrictHostKeyChecking=yes",
            "-o", f"UserKnownHostsFile={reach.known_hosts}", "-o", "ConnectTimeout=15"]
    if batch:
        argv += ["-o", "BatchMode=yes"]
    if reach.key:
        argv += ["-i", reach.key, "-o", "IdentitiesOnly=yes"]
    return [*argv, f"{reach.user}@{reach.host}", command]


def trust_host(reach: Reach, fingerprint: str | None, ask: Ask | None) -> None:
    """Make sure the box's key is in known_hosts: a given fingerprint, or the person's yes."""
    path = Path(reach.known_hosts)
    if hostkeys.known(path, reach.host, reach.port):
        return
    if fingerprint is None and ask is None:
        return  # ssh itself will refuse, and advice() says what to run
    keys = hostkeys.scan(reach.host, reach.port)
    if fingerprint is not None:
        key = hostkeys.choose(keys, hostkeys.check_fingerprint(fingerprint))
    else:
        preferred = next((k for k in keys if k.kind == "ssh-ed25519"), keys[0])
        assert ask is not None
        question = (
            f"The box {reach.known_name} is new to this machine. Its {preferred.kind} key is\n"
            f"  {preferred.fingerprint}\n"
            "Compare it with the box's console (ssh-keygen -lf"
            " /etc/ssh/ssh_host_ed25519_key.pub). Trust it?"
        )
        if not ask(question):
            raise ApplyError("host key not trusted: nothing was changed on the box")
        key = preferred
    hostkeys.record(path, key)


def read_os_release(reach: Reach) -> str:
    """The box's /etc/os-release, or an error naming the fix."""
    try:
        done = subprocess.run(
            ssh_argv(reach, "cat /etc/os-release"), capture_output=True, text=True,
            check=False, timeout=60, stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise ApplyError(
            f"{reach.host}:{reach.port} did not finish the SSH login within 60 s"
        ) from None
    if done.returncode != 0:
        words = done.stderr.strip().splitlines()
        raise ApplyError(
            f"cannot reach the box over SSH ({reach.user}@{reach.host}:{reach.port}):"
            f" {words[-1] if words else 'ssh exited ' + str(done.returncode)}\n"
            f"  what to do: {advice(done.stderr, reach)}"
        )
    return done.stdout


def terminal_ask(question: str) -> bool:
    sys.stderr.write(question + " [y/N] ")
    sys.stderr.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes")
