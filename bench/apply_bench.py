"""Wall time of the lab: bring-up, first apply and a no-change re-apply of an example profile.

Run as root: .venv/bin/python bench/apply_bench.py [PROFILE] [--lab NAME]
Prints figures; asserts nothing. A fresh lab name measures the full first apply
(Asterisk installed from the shared package cache after the first run).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from appliance.assets import hardware_dir
from provision.apply import apply
from provision.lab import Lab


def timed(label: str, action):
    start = time.monotonic()
    result = action()
    print(f"{label:<28} {time.monotonic() - start:7.1f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("profile", nargs="?", default=str(hardware_dir() / "examples/shop.yaml"))
    parser.add_argument("--lab", default="bench")
    args = parser.parse_args()
    lab = Lab.named(args.lab)
    with tempfile.TemporaryDirectory() as folder:
        profile = Path(folder) / Path(args.profile).name
        shutil.copy(args.profile, profile)
        try:
            timed("lab down --purge (reset)", lambda: lab.down(purge=True))
            timed("lab up (fresh root)", lab.up)
            first = timed("first apply", lambda: apply(profile, "lab", lab_name=lab.name))
            print(f"{'  changed tasks':<28} {first.changed:7d}")
            again = timed("re-apply, no change", lambda: apply(profile, "lab", lab_name=lab.name))
            print(f"{'  changed tasks':<28} {again.changed:7d}")
        finally:
            timed("lab down", lab.down)


if __name__ == "__main__":
    main()
