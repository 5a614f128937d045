"""Where `tamas apply` goes: `--target lab|local|HOST` -> how Ansible and the monitor reach it.

Pure apart from asking the lab for its keys: the result says which address, port, user
and key Ansible uses, whether it must become root, and where AMI answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from appliance.errors import InputError
from appliance.profile.fields import is_host
from appliance.profile.model import Profile
from provision.render.site import site_for
from provision.ssh.advice import Reach


@dataclass(frozen=True)
class Target:
    kind: Literal["lab", "local", "ssh"]
    host: str
    port: int
    user: str
    key: Path | None = None
    known_hosts: Path | None = None
    python: str | None = None
    lab_name: str | None = None
    ami_host: str = "127.0.0.1"
    ami_port: int = 5038
    # sudo's password for a non-root ssh_user; never shown (repr) and never logged.
    become_password: str | None = field(default=None, repr=False)

    @property
    def become(self) -> bool:
        return self.kind != "local" and self.user != "root"

    def reach(self) -> Reach:
        """How the pre-flight SSH probe reaches the box: the options Ansible will use."""
        known = self.known_hosts or Path.home() / ".ssh" / "known_hosts"
        return Reach(self.host, self.port, self.user, str(self.key) if self.key else None,
                     str(known))

    def host_vars(self) -> dict[str, Any]:
        """The inventory variables of the one host `appliance`."""
        if self.kind == "local":
            return {"ansible_connection": "local", "ansible_python_interpreter": self.python}
        args = ["-o StrictHostKeyChecking=yes"]
        if self.known_hosts is not None:
            args.append(f"-o UserKnownHostsFile={self.known_hosts}")
        found: dict[str, Any] = {
            "ansible_host": self.host,
            "ansible_port": self.port,
            "ansible_user": self.user,
            "ansible_ssh_common_args": " ".join(args),
            "ansible_become": self.become,
        }
        if self.key is not None:
            found["ansible_ssh_private_key_file"] = str(self.key)
            args.append("-o IdentitiesOnly=yes")
            found["ansible_ssh_common_args"] = " ".join(args)
        if self.python is not None:
            found["ansible_python_interpreter"] = self.python
        return found


def check_host(value: str) -> str:
    if not is_host(value):
        raise InputError(
            f"--target {value!r}: must be 'lab', 'local', or a host name or address"
            " reached over SSH, e.g. 192.168.88.10"
        )
    return value


def lab_target(profile: Profile, lab_name: str, key: Path, known_hosts: Path) -> Target:
    """`profile` is the lab-overlaid profile (see provision.lab.overlay)."""
    site = site_for(profile)
    return Target(
        kind="lab", host=profile.appliance.host, port=profile.appliance.ssh_port, user="root",
        key=key, known_hosts=known_hosts, python="/usr/bin/python3", lab_name=lab_name,
        ami_host=site.ami_bind, ami_port=site.ami_port,
    )


def local_target(python: str = "/usr/bin/python3") -> Target:
    return Target(kind="local", host="localhost", port=0, user="root", python=python)


@dataclass(frozen=True)
class SshOptions:
    """How the installer reaches a real box: `tamas apply --ssh-key/--known-hosts/...`."""

    key: Path | None = None
    known_hosts: Path | None = None
    host_key: str | None = None  # a SHA256 fingerprint to trust on first contact
    become_password: str | None = field(default=None, repr=False)


def ssh_target(profile: Profile, host: str | None = None,
               options: SshOptions | None = None) -> Target:
    """A real appliance: the profile's address (or the one given), user and port."""
    options = options or SshOptions()
    address = check_host(host) if host else profile.appliance.host
    site = site_for(profile)
    if options.key is not None and not options.key.is_file():
        raise InputError(f"--ssh-key {options.key}: no such file (a private key, e.g."
                         " ~/.ssh/id_ed25519)")
    return Target(
        kind="ssh", host=address, port=profile.appliance.ssh_port,
        # absolute: Ansible runs from the playbooks folder, not where the installer typed
        user=profile.appliance.ssh_user, key=options.key.resolve() if options.key else None,
        known_hosts=(options.known_hosts or Path.home() / ".ssh" / "known_hosts").resolve(),
        python="/usr/bin/python3", ami_host=site.ami_bind, ami_port=site.ami_port,
        become_password=options.become_password,
    )
