"""A customer's stock Debian box: package build (cold), pbx role install, first apply.

Run as root:  .venv/bin/python bench/real_box_bench.py [--release trixie] [--cold]
Every figure times the user's command as a whole process (`tamas packages build`,
`tamas apply --target profile`), beside a yardstick measured in the same run: a fixed
single-core compression job (xz -6 of 48 MiB of fixed data), so a figure reads as
"N yardsticks" on a noisy machine. Prints figures; asserts nothing.

--cold builds into an empty cache (debootstrap of the build root included): about
15-20 minutes per release on 2 cores. Without it the cached build is reused and only the
apply figures are measured.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from appliance.assets import hardware_dir
from appliance.profile.load import load_profile
from appliance.secrets import save_secrets, secrets_for, secrets_path_for
from provision.lab import Lab

TAMAS = str(Path(sys.executable).with_name("tamas"))
GOALS = {"pbx role, cached packages": 120.0, "first apply, cached packages": 300.0}


def run(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    start = time.monotonic()
    done = subprocess.run(argv, capture_output=True, text=True, check=False, env=env)
    took = time.monotonic() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv[:3])} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return took, done.stdout


def yardstick() -> float:
    """xz -6 on one core over 48 MiB of fixed, moderately compressible bytes."""
    block = b"".join(hashlib.sha256(str(i).encode()).digest()[:16] + b"tamas " * 8
                     for i in range(4096))
    data = block * (48 * 2**20 // len(block))
    start = time.monotonic()
    subprocess.run(["xz", "-6", "-T1", "-c"], input=data, stdout=subprocess.DEVNULL, check=True)
    return time.monotonic() - start


def profile_for(lab: Lab, folder: Path) -> Path:
    data = yaml.safe_load((hardware_dir() / "examples/shop.yaml").read_text())
    at = lab.addresses
    data["appliance"].update(host=at.appliance, ssh_port=lab.ssh_port, ssh_user="root",
                             ntp_servers=[at.router])
    data["router"].update(host=at.router, api_port=lab.router_port, api_ssl=False,
                          username="admin")
    for index, line in enumerate(data["lines"]):
        line.update(host=at.provider(index), port=5060)
    path = folder / "shop.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    store = secrets_for(load_profile(path), path)
    store.router = lab.router_password
    save_secrets(secrets_path_for(path), store)
    return path


def role_seconds(output: str, role: str) -> float | None:
    match = re.search(rf"(?m)^\s+{role}\s+\S+\s+.*\((?:(\d+):)?(\d+):(\d+)\)\s*$", output)
    if not match:
        return None
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def show(label: str, seconds: float, stick: float) -> None:
    goal = GOALS.get(label)
    goal_text = f"   goal <= {goal:.0f} s" if goal else ""
    print(f"{label:<34} {seconds:8.1f} s  = {seconds / stick:6.1f} yardsticks{goal_text}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--release", default="trixie", choices=["trixie", "bookworm"])
    parser.add_argument("--cold", action="store_true", help="build into an empty cache")
    args = parser.parse_args()
    stick = yardstick()
    print(f"{'yardstick (xz -6, one core)':<34} {stick:8.1f} s")
    env = None
    with tempfile.TemporaryDirectory(prefix="tamas-bench-") as scratch:
        if args.cold:
            env = {**os.environ, "TAMAS_CACHE_DIR": str(Path(scratch) / "cache")}
            took, _ = run([TAMAS, "packages", "build", "--release", args.release], env)
            show(f"package build, cold ({args.release})", took, stick)
        else:
            run([TAMAS, "packages", "build", "--release", args.release])  # cached: instant
        lab = Lab.named(f"bench-{args.release}")
        lab.down(purge=True)
        lab.up(os_name=args.release)
        try:
            profile = profile_for(lab, Path(scratch))
            fingerprint = subprocess.run(
                ["ssh-keygen", "-lf", str(lab.state / "ssh_host_ed25519_key.pub")],
                capture_output=True, text=True, check=True).stdout.split()[1]
            argv = [TAMAS, "apply", str(profile), "--target", "profile", "--ssh-key",
                    str(lab.client_key), "--known-hosts", str(Path(scratch) / "known_hosts"),
                    "--host-key", fingerprint]
            took, out = run(argv, env)
            pbx = role_seconds(out, "pbx")
            if pbx is not None:
                show("pbx role, cached packages", pbx, stick)
            show("first apply, cached packages", took, stick)
            again, _ = run(argv, env)
            show("re-apply, no change", again, stick)
        finally:
            lab.down()
    print(f"{'yardstick again':<34} {yardstick():8.1f} s")


if __name__ == "__main__":
    main()
