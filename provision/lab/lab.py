"""One lab appliance: a Debian root with sshd on its own loopback address.

    lab = Lab.named("render")      # state in <lab home>/render/, block 127.N.0.0/24
    lab.up()                       # build or reuse the root, mount, start sshd (+ simulator)
    lab.up(os_name="trixie")       # the same, as a stock Debian 13 customer's box
    lab.exec(["asterisk", "-rx", "core show version"])
    lab.down()                     # stop what runs inside, unmount; the root stays for reuse

Everything that runs inside the root is found again by its /proc/PID/root, so `down`
stops exactly the lab's processes and no others.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from appliance.assets import asset_root
from appliance.errors import LabError
from appliance.secrets import generate_password
from provision.lab import base_image, mounts, processes, sshd
from provision.lab.addresses import ROUTER_API_PORT, SSH_PORT, LabAddresses
from provision.lab.registry import block_for, check_name

DEFAULT_NAME = "default"
ROUTER_USER = "admin"
_CHROOT_ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "HOME": "/root",
    "LANG": "C.UTF-8",
    "TERM": "dumb",
}


def lab_home() -> Path:
    """TAMAS_LAB_HOME, else `.lab/` at the top of the checkout."""
    env = os.environ.get("TAMAS_LAB_HOME")
    return Path(env).resolve() if env else asset_root() / ".lab"


def roots_cache() -> Path:
    """Debootstrapped root tarballs, shared by every lab and checkout on this machine."""
    from provision.packages.cache import cache_root

    return cache_root() / "roots"


def default_name() -> str:
    return os.environ.get("TAMAS_LAB") or DEFAULT_NAME


class LabNotPossible(LabError):
    """This machine cannot run a lab (not root, a tool missing)."""


def require_tools(*, building: bool) -> None:
    if os.geteuid() != 0:
        raise LabNotPossible(
            "the lab needs root (it mounts /proc and /dev into its root and chroots);"
            " run as root, e.g. sudo tamas lab up"
        )
    needed = ["chroot", "mount", "umount", "tar", "ssh-keygen"]
    if building:
        needed.append("debootstrap")
    missing = [tool for tool in needed if shutil.which(tool) is None]
    if missing:
        raise LabNotPossible(
            f"the lab needs {', '.join(missing)}: install it with"
            " apt-get install -y debootstrap openssh-client"
        )


@dataclass
class LabStatus:
    name: str
    os: str
    network: str
    appliance: str
    ssh_port: int
    built: bool
    sshd_pid: int | None
    router_sim_pid: int | None
    processes: dict[int, str] = field(default_factory=dict)  # PID -> command, inside the root
    mounts: list[str] = field(default_factory=list)
    traffic_pid: int | None = None  # `tamas lab traffic`, when it runs

    @property
    def running(self) -> bool:
        return self.sshd_pid is not None


class Lab:
    def __init__(self, name: str, home: Path) -> None:
        self.name = check_name(name)
        self.home = home
        self.dir = home / name
        self.root = self.dir / "root"
        self.state = self.dir / "state"
        self.addresses = LabAddresses(block_for(name, home))
        self.ssh_port = SSH_PORT
        self.router_port = ROUTER_API_PORT
        self.router_model = "hAP lite"
        self.routeros = 7

    @property
    def os_name(self) -> str:
        """Which Debian the lab's root is: chosen at its first `up`, kept until a purge."""
        path = self.state / "os"
        return path.read_text().strip() if path.exists() else base_image.DEFAULT_OS

    @classmethod
    def named(cls, name: str | None = None, home: Path | None = None) -> Lab:
        return cls(name or default_name(), home or lab_home())

    # -- what other code needs to reach the lab -------------------------------------
    @property
    def client_key(self) -> Path:
        return self.state / "id_ed25519"

    @property
    def known_hosts(self) -> Path:
        return self.state / "known_hosts"

    @property
    def router_password(self) -> str:
        """The simulator's admin password, generated once per lab (0600 in the state dir)."""
        path = self.state / "router.password"
        if not path.exists():
            self.state.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(generate_password())
        return path.read_text().strip()

    def record_profile(self, profile: Path) -> None:
        """Remember the profile last applied here (what `tamas lab traffic` plays)."""
        self.state.mkdir(parents=True, exist_ok=True)
        (self.state / "applied-profile").write_text(f"{profile.resolve()}\n")

    def applied_profile(self) -> Path | None:
        try:
            path = Path((self.state / "applied-profile").read_text().strip())
        except OSError:
            return None
        return path if path.is_file() else None

    # -- life cycle -----------------------------------------------------------------
    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.state.mkdir(parents=True, exist_ok=True)
        self.state.chmod(0o700)
        with open(self.state / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def up(self, os_name: str | None = None) -> LabStatus:
        built = (self.root / "etc/debian_version").exists()
        if os_name is not None and built and os_name != self.os_name:
            raise LabError(
                f"lab {self.name!r} is a {self.os_name} root, not {os_name}: take it down"
                f" with tamas lab --name {self.name} down --purge first, or use another --name"
            )
        spec = base_image.lab_root_spec(os_name or self.os_name)
        cache = self.home / "cache"
        roots = roots_cache()
        require_tools(building=not base_image.base_tarball(roots, spec).exists())
        with self._locked():
            if not built:
                tarball = base_image.ensure_base(roots, self.state / "build.log", spec)
                base_image.extract(tarball, self.root)
                (self.state / "os").write_text(spec.suite + "\n")
            self._configure_root(spec)
            archives = cache / "apt-archives"
            (archives / "partial").mkdir(parents=True, exist_ok=True)
            mounts.mount_all(self.root, mounts.lab_mounts(archives))
            self._start_sshd()
            self._start_router_sim()
        return self.status()

    def _configure_root(self, spec: base_image.RootSpec) -> None:
        app = self.addresses.appliance
        if spec.stock:
            # As a fresh install leaves it: the host's own name is not there (the base
            # role must add it), and apt has the release, its updates and security.
            hosts = "127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n"
            (self.root / "etc/apt/sources.list").write_text(
                base_image.stock_sources(spec.suite)
            )
        else:
            # Asterisk resolves our own host name on every call: without this line INVITEs stall.
            hosts = (
                "# Generated by tamas lab.\n127.0.0.1\tlocalhost\n"
                f"{app}\t{socket.gethostname()} tamas-lab-{self.name}\n"
            )
        if not spec.stock or not (self.state / "hosts-written").exists():
            (self.root / "etc/hosts").write_text(hosts)
            (self.state / "hosts-written").touch()
        resolv = Path("/etc/resolv.conf")
        if resolv.exists():  # apt inside the lab resolves the mirror like the host does
            target = self.root / "etc/resolv.conf"
            target.unlink(missing_ok=True)
            target.write_text(resolv.read_text())
        sshd.install_keys(self.root, self.state, app, self.ssh_port)

    def _start_sshd(self) -> None:
        pid_file = self.state / "sshd.pid"
        if processes.read_pid(pid_file) is not None:
            return
        (self.root / "run/sshd").mkdir(mode=0o755, exist_ok=True)
        done = self._chroot(["/usr/sbin/sshd", "-E", "/var/log/tamas-lab-sshd.log"])
        if done.returncode != 0:
            raise LabError(f"sshd did not start: {done.stderr.strip() or done.stdout.strip()}")
        sshd.wait_listening(self.addresses.appliance, self.ssh_port, timeout_s=10)
        pid = (self.root / "run/sshd.pid").read_text().strip()
        pid_file.write_text(pid + "\n")

    def _start_router_sim(self) -> None:
        """Start the RouterOS API simulator once its module exists (another part of the tool)."""
        main = Path(__file__).parent / "routeros_sim" / "__main__.py"
        pid_file = self.state / "router-sim.pid"
        if not main.exists() or processes.read_pid(pid_file) is not None:
            return
        password_file = self.state / "router.password"
        self.router_password  # noqa: B018 - creates the file on first use
        argv = [
            sys.executable, "-m", "provision.lab.routeros_sim",
            "--host", self.addresses.router, "--port", str(self.router_port),
            "--routeros", str(self.routeros), "--model", self.router_model,
            "--user", ROUTER_USER, "--password-file", str(password_file),
            "--state", str(self.state / "router-sim.json"),
        ]
        with open(self.state / "router-sim.log", "a") as log:
            proc = subprocess.Popen(
                argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True, cwd=str(asset_root()),
            )
        pid_file.write_text(f"{proc.pid}\n")
        try:
            sshd.wait_listening(self.addresses.router, self.router_port, timeout_s=10)
        except LabError:
            raise LabError(
                f"the RouterOS API simulator did not listen on {self.addresses.router}:"
                f"{self.router_port}; see {self.state / 'router-sim.log'}"
            ) from None

    def down(self, purge: bool = False) -> list[int]:
        """Stop what the lab started and unmount; `purge` also deletes the root."""
        require_tools(building=False)
        from provision.lab.traffic import control as traffic  # the traffic needs Lab itself

        with self._locked():
            stopped = traffic.stop(self)
            stopped += processes.stop(processes.pids_rooted_at(self.root))
            sim = processes.read_pid(self.state / "router-sim.pid")
            if sim is not None:
                stopped += processes.stop([sim])
            for pid_file in ("sshd.pid", "router-sim.pid"):
                (self.state / pid_file).unlink(missing_ok=True)
            left = mounts.unmount_all(self.root)
            if left:
                raise LabError(f"still mounted after unmounting: {', '.join(left)}")
            if purge and self.root.exists():
                # Only ever after the check above: a bind mount of /dev must not be deleted through.
                shutil.rmtree(self.root)
            if purge:
                for name in ("os", "hosts-written"):
                    (self.state / name).unlink(missing_ok=True)
        return stopped

    def status(self) -> LabStatus:
        inside = {pid: processes.command_of(pid) for pid in processes.pids_rooted_at(self.root)}
        return LabStatus(
            name=self.name,
            os=self.os_name,
            network=self.addresses.network,
            appliance=self.addresses.appliance,
            ssh_port=self.ssh_port,
            built=(self.root / "etc/debian_version").exists(),
            sshd_pid=processes.read_pid(self.state / "sshd.pid"),
            router_sim_pid=processes.read_pid(self.state / "router-sim.pid"),
            processes=inside,
            traffic_pid=processes.read_pid(self.state / "traffic.pid"),
            mounts=mounts.mounted_under(self.root) if self.root.exists() else [],
        )

    # -- running things inside ------------------------------------------------------
    def _chroot(
        self, argv: list[str], *, capture: bool = True, timeout: float | None = None,
        input: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        command = ["chroot", str(self.root), "/usr/bin/env", "-i"]
        command += [f"{k}={v}" for k, v in _CHROOT_ENV.items()]
        return subprocess.run(
            [*command, *argv], capture_output=capture, text=True, check=False,
            timeout=timeout, input=input, cwd="/",
        )

    def exec(
        self, argv: list[str], *, capture: bool = True, timeout: float | None = 120,
        input: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run a command inside the appliance (as root, in its root directory)."""
        if not (self.root / "proc/self").exists():
            raise LabError(f"lab {self.name!r} is not up: run tamas lab up --name {self.name}")
        return self._chroot(argv, capture=capture, timeout=timeout, input=input)

    def asterisk_ready(self, timeout: float = 60) -> None:
        """Wait until Asterisk inside the lab has fully booted (calls are safe to send)."""
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            done = self.exec(["asterisk", "-rx", "core waitfullybooted"], timeout=timeout)
            last = (done.stdout + done.stderr).strip()
            if done.returncode == 0 and "fully booted" in last:
                return
            time.sleep(0.5)
        raise LabError(f"Asterisk in lab {self.name!r} is not fully booted: {last}")
