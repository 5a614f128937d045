"""`python -m provision.lab.routeros_sim`: run the RouterOS API simulator (tests and lab)."""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import sys
from pathlib import Path

from provision.lab.routeros_sim.server import Simulator, SimulatorOptions


def _lease(text: str) -> tuple[str, str]:
    address, sep, mac = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError("use ADDRESS=MAC, e.g. 127.0.0.3=52:54:00:12:34:56")
    return address, mac


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m provision.lab.routeros_sim",
        description="RouterOS API simulator (no real router): for tests and the lab only.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8728)
    parser.add_argument("--routeros", type=int, choices=(6, 7), default=7)
    parser.add_argument("--model", default="hAP lite")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password-file", type=Path, required=True)
    parser.add_argument("--state", type=Path, required=True, help="JSON file; kept on restart")
    parser.add_argument("--clock-scale", type=float, default=1.0,
                        help="simulated seconds per real second for scheduler entries")
    parser.add_argument("--faults", type=Path, help="JSON faults file, re-read per command")
    parser.add_argument("--drop-after-writes", type=int)
    parser.add_argument("--refuse", action="append", default=[])
    parser.add_argument("--tls-cert", type=Path)
    parser.add_argument("--tls-key", type=Path)
    parser.add_argument("--lease", type=_lease, action="append", default=[],
                        help="a dynamic DHCP lease ADDRESS=MAC the router has handed out")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="routeros_sim: %(message)s")
    password = args.password_file.read_text(encoding="utf-8").strip()
    options = SimulatorOptions(
        host=args.host, port=args.port, routeros=args.routeros, model=args.model,
        user=args.user, password=password, state_file=args.state,
        clock_scale=args.clock_scale, faults_file=args.faults,
        drop_after_writes=args.drop_after_writes, refuse=args.refuse,
        tls_cert=args.tls_cert, tls_key=args.tls_key or args.tls_cert, leases=dict(args.lease))
    try:
        sim = Simulator(options)
    except ValueError as exc:
        print(f"routeros_sim: {exc}", file=sys.stderr)  # noqa: T201
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sim._stop.set())
    logging.getLogger("routeros_sim").info(
        "RouterOS %s simulator (%s) on %s:%s", args.routeros, args.model, args.host, args.port)
    with contextlib.suppress(KeyboardInterrupt):
        sim.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
