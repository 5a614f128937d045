"""Where the monitor looks for `--target lab|local|HOST`: AMI, host and router access.

Shared by `tamas status`, `tamas doctor` and `tamas monitor`. The AMI login is read from
the live manager.conf when we can read it (the lab's root, or this machine), else from
the profile's secrets store. A remote HOST keeps AMI on its own loopback, so the monitor
reaches it through an SSH tunnel (`ssh -L`), which this module starts and stops.
"""

from __future__ import annotations

import shlex
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from appliance.errors import AmiError, InputError, LabError
from appliance.monitor.host import HostProbe
from appliance.monitor.manager_conf import parse_manager_conf
from appliance.monitor.monitor import AmiAccess, Monitor
from appliance.monitor.router import RouterAccess
from appliance.monitor.today import queue_log_reader
from appliance.monitor.watch import Watch, watch_for
from appliance.profile import load_profile
from appliance.profile.model import Profile
from appliance.secrets import Secrets, load_secrets, secrets_path_for
from provision.lab import Lab
from provision.lab.overlay import overlay_profile
from provision.targets import check_host

AMI_USER = "tamas"  # the AMI user the render writes into manager.conf


@dataclass
class MonitorPlan:
    """Everything needed to watch one appliance, before anything connects."""

    target: str
    watch: Watch
    ami: AmiAccess | None
    router: RouterAccess | None
    host: HostProbe | None
    root: Path | None = None  # the appliance's / as a local path (lab, local)
    lab: Lab | None = None
    profile: Profile | None = None
    secrets: Secrets | None = None
    tunnel: subprocess.Popen[bytes] | None = None
    ssh: list[str] | None = None  # ssh arguments before the command, for a remote HOST
    notes: list[str] = field(default_factory=list)

    def monitor(self) -> Monitor:
        log = self.queue_log
        today = queue_log_reader(log, self.profile) if log is not None else None
        return Monitor(self.watch, self.ami, self.router, self.host, today=today)

    def run(self, argv: list[str]) -> tuple[int, str]:
        """Run a command on the appliance: in the lab's root, here, or over SSH."""
        try:
            if self.lab is not None:
                # Lab.exec decodes text strictly; stock configs hold Latin-1 bytes, so drop
                # invalid UTF-8 inside the lab first (iconv -c) and keep the exit code.
                clean = f"set -o pipefail; {shlex.join(argv)} | iconv -c -f utf-8 -t utf-8"
                done = self.lab.exec(["bash", "-c", clean], timeout=30)
                return done.returncode, done.stdout
            if self.ssh is None:
                local = subprocess.run(argv, capture_output=True, text=True, timeout=30,
                                       check=False)
                return local.returncode, local.stdout
            remote = subprocess.run(  # the command is quoted for the remote shell
                ["ssh", "-o", "BatchMode=yes", *self.ssh, shlex.join(argv)],
                capture_output=True, text=True, timeout=30, check=False)
            return remote.returncode, remote.stdout
        except (OSError, subprocess.TimeoutExpired) as exc:
            return 127, f"{type(exc).__name__}"

    def close(self) -> None:
        if self.tunnel is not None and self.tunnel.poll() is None:
            self.tunnel.terminate()  # our own ssh, by its Popen handle
            self.tunnel.wait(5)
        self.tunnel = None

    @property
    def queue_log(self) -> Path | None:
        if self.root is None:
            return None
        return self.root / "var/log/asterisk/queue_log"


def _ami_from(root: Path, secrets: Secrets | None, where: str) -> AmiAccess:
    conf = root / "etc/asterisk/manager.conf"
    try:
        login = parse_manager_conf(conf.read_text(encoding="utf-8"), prefer=AMI_USER)
    except OSError:
        login = None
    if login is not None:
        return AmiAccess(login.bind, login.port, login.username, login.secret,
                         reread=lambda: _ami_from(root, secrets, where))
    if secrets is not None and secrets.ami:
        return AmiAccess("127.0.0.1", 5038, AMI_USER, secrets.ami)
    raise AmiError(f"no AMI login found: {conf} is missing or has no user with a secret,"
                   f" and no profile secrets were given ({where}); run tamas apply first")


def _profile(path: Path | None) -> tuple[Profile | None, Secrets | None]:
    if path is None:
        return None, None
    profile = load_profile(path)
    return profile, load_secrets(secrets_path_for(path))


def plan_for(profile_path: Path | None, target: str, lab_name: str | None = None) -> MonitorPlan:
    profile, secrets = _profile(profile_path)
    if target == "lab":
        lab = Lab.named(lab_name)
        if not lab.status().running:
            raise LabError(f"lab {lab.name!r} is not running: run tamas lab up --name {lab.name}")
        if profile is not None:
            profile = overlay_profile(profile, lab.addresses)
        wan = profile.router.wan.interface if profile and profile.router else "ether1"
        return MonitorPlan(
            target=f"lab {lab.name}", watch=watch_for(profile) if profile else Watch(),
            ami=_ami_from(lab.root, secrets, f"lab {lab.name}"),
            router=RouterAccess(lab.addresses.router, lab.router_port, "admin",
                                lab.router_password, wan),
            host=HostProbe(root=lab.root), root=lab.root, lab=lab, profile=profile,
            secrets=secrets)
    if target == "local":
        return MonitorPlan(
            target="this machine", watch=watch_for(profile) if profile else Watch(),
            ami=_ami_from(Path("/"), secrets, "this machine"),
            router=_router(profile, secrets), host=HostProbe(root=Path("/")), root=Path("/"),
            profile=profile, secrets=secrets)
    if profile is None or secrets is None:
        raise InputError(f"--target {target}: a remote appliance needs its PROFILE (for the"
                         " SSH user and the AMI and router secrets)")
    host = profile.appliance.host if target == "profile" else check_host(target)
    if not secrets.ami:
        raise InputError(f"{secrets_path_for(profile_path or Path())}: no AMI secret; run"
                         " tamas apply first")
    port, tunnel = _tunnel(profile, host)
    return MonitorPlan(
        target=host, watch=watch_for(profile),
        ami=AmiAccess("127.0.0.1", port, AMI_USER, secrets.ami),
        router=_router(profile, secrets), host=None, profile=profile, secrets=secrets,
        tunnel=tunnel, ssh=["-p", str(profile.appliance.ssh_port),
                            f"{profile.appliance.ssh_user}@{host}"],
        notes=["host figures need the monitor on the appliance: tamas status --target local"])


def _router(profile: Profile | None, secrets: Secrets | None) -> RouterAccess | None:
    if profile is None or profile.router is None or secrets is None or not secrets.router:
        return None
    r = profile.router
    return RouterAccess(r.host, r.api_port, r.username, secrets.router, r.wan.interface)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tunnel(profile: Profile, host: str) -> tuple[int, subprocess.Popen[bytes]]:
    """ssh -L to the appliance's AMI on its loopback; our own process, stopped by close()."""
    port = _free_port()
    a = profile.appliance
    proc = subprocess.Popen(
        ["ssh", "-N", "-o", "BatchMode=yes", "-o", "ExitOnForwardFailure=yes",
         "-p", str(a.ssh_port), "-L", f"127.0.0.1:{port}:127.0.0.1:5038",
         f"{a.ssh_user}@{host}"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = (proc.stderr.read() if proc.stderr else b"").decode(errors="replace").strip()
            raise AmiError(f"SSH tunnel to {a.ssh_user}@{host}:{a.ssh_port} failed: {err}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return port, proc
        time.sleep(0.2)
    proc.terminate()
    proc.wait(5)
    raise AmiError(f"SSH tunnel to {a.ssh_user}@{host} did not come up in 10 s")
