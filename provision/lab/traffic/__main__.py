"""`python -m provision.lab.traffic`: the traffic process (started by `tamas lab traffic`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from provision.lab.lab import Lab, lab_home
from provision.lab.traffic.driver import Driver, Options


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m provision.lab.traffic")
    parser.add_argument("--lab", required=True)
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--profile", type=Path, required=True)
    parser.add_argument("--calls-per-hour", type=float, default=120.0)
    parser.add_argument("--agents", type=int, default=None)
    parser.add_argument("--duration", type=float, default=60.0, help="minutes")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    lab = Lab.named(args.lab, args.home or lab_home())
    options = Options(calls_per_hour=args.calls_per_hour, agents=args.agents,
                      duration_min=args.duration, seed=args.seed)
    return Driver(lab, args.profile, options, lab.state / "traffic").run()


if __name__ == "__main__":
    sys.exit(main())
