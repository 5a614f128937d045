"""What to do about an SSH failure: ssh's own words in, one sentence and a command out (pure)."""

from __future__ import annotations

from dataclasses import dataclass

DOCS = "docs/real-office.md#reaching-the-box"


@dataclass(frozen=True)
class Reach:
    host: str
    port: int
    user: str
    key: str | None
    known_hosts: str

    @property
    def known_name(self) -> str:
        return self.host if self.port == 22 else f"[{self.host}]:{self.port}"


def advice(stderr: str, reach: Reach) -> str:
    """The fix for the first failure ssh names in `stderr`."""
    text = stderr.lower()
    port = f" -p {reach.port}" if reach.port != 22 else ""
    if "remote host identification has changed" in text:
        return (
            f"the box's host key differs from the one recorded in {reach.known_hosts}:"
            " either the box was reinstalled, or someone is in between. Check the key on the"
            " box's console (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub); if it matches,"
            f" run: ssh-keygen -f {reach.known_hosts} -R '{reach.known_name}'"
            " and apply again with --host-key SHA256:... (the fingerprint you checked)"
        )
    if "host key verification failed" in text or "no ed25519 host key is known" in text:
        return (
            f"the box's host key is not known yet. See its fingerprint with:"
            f" ssh-keyscan{port} {reach.host} | ssh-keygen -lf -"
            "  and compare it with the box's console (ssh-keygen -lf"
            " /etc/ssh/ssh_host_ed25519_key.pub); then apply again with --host-key SHA256:..."
            " (or run tamas apply on a terminal: it shows the fingerprint and asks)"
        )
    if "permission denied" in text:
        key = reach.key or "~/.ssh/id_ed25519"
        return (
            f"the box refused {reach.user}'s key. Install it once with:"
            f" ssh-copy-id -i {key}.pub{port} {reach.user}@{reach.host}"
            "  (or pass the right one with --ssh-key PATH; appliance.ssh_user names the user)"
        )
    if "connection refused" in text:
        return (
            f"nothing listens for SSH on {reach.host}:{reach.port}: is openssh-server installed"
            " and running on the box (apt-get install openssh-server), and is"
            " appliance.ssh_port right?"
        )
    if "could not resolve hostname" in text or "name or service not known" in text:
        return f"{reach.host} is not a name this machine can resolve: use the box's address"
    if "timed out" in text or "no route to host" in text or "network is unreachable" in text:
        return (
            f"{reach.host} did not answer on port {reach.port}: check the address"
            " (appliance.host or --target), that the box is on, and that this machine is on"
            " its network"
        )
    if "a password is required" in text or ("sudo:" in text and "password" in text):
        return (
            f"{reach.user} needs a password for sudo: apply again with --ask-become-pass,"
            f" or give {reach.user} passwordless sudo (or use appliance.ssh_user: root)"
        )
    return f"ssh failed; see {DOCS}"
