"""`tamas lab`: the local sandbox appliance (up, down, status, exec)."""

from __future__ import annotations

import sys
from dataclasses import asdict
from typing import Annotated

import typer

from provision.cli.options import JsonOpt
from provision.cli.output import console, print_json
from provision.lab import Lab, LabStatus

lab_app = typer.Typer(
    help="The lab: a local Debian appliance on loopback addresses (needs root).",
    no_args_is_help=True,
)

NameOpt = Annotated[
    str | None,
    typer.Option("--name", help="Which lab (default: $TAMAS_LAB, else 'default')."),
]


@lab_app.callback()
def choose(ctx: typer.Context, name: NameOpt = None) -> None:
    ctx.obj = name


def _lab(ctx: typer.Context) -> Lab:
    return Lab.named(ctx.obj)


def _show(status: LabStatus, as_json: bool) -> None:
    if as_json:
        print_json({**asdict(status), "running": status.running})
        return
    state = "running" if status.running else ("stopped" if status.built else "not built")
    console.print(f"lab {status.name}: {state}  ({status.network}, Debian {status.os})")
    console.print(f"  appliance  {status.appliance}  ssh port {status.ssh_port}")
    if status.sshd_pid:
        console.print(f"  sshd       pid {status.sshd_pid}")
    if status.router_sim_pid:
        console.print(f"  router sim pid {status.router_sim_pid}")
    if status.traffic_pid:
        console.print(f"  traffic    pid {status.traffic_pid} (tamas lab traffic --stop)")
    for pid, command in sorted(status.processes.items()):
        console.print(f"  inside     pid {pid} {command}")
    console.print(f"  mounts     {len(status.mounts)}")


OsOpt = Annotated[
    str | None,
    typer.Option(
        "--os",
        help="Which Debian the lab's root is, chosen when it is first built: sid (the fast"
        " default, Asterisk from sid's archive), trixie or bookworm (a stock customer's box:"
        " services start at install, no python3; reach it with --target HOST).",
    ),
]


@lab_app.command()
def up(ctx: typer.Context, os_name: OsOpt = None, as_json: JsonOpt = False) -> None:
    """Build (once) and start the lab: its root, mounts, sshd and router simulator.

    Examples: tamas lab up;  tamas lab --name box up --os trixie
    """
    lab = _lab(ctx)
    if not as_json:
        console.print(f"lab {lab.name}: bringing up {lab.addresses.network} ...")
    _show(lab.up(os_name), as_json)


@lab_app.command()
def down(
    ctx: typer.Context,
    purge: Annotated[bool, typer.Option("--purge", help="Also delete the lab's root.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Stop everything the lab started (its traffic too) and unmount what it mounted."""
    lab = _lab(ctx)
    stopped = lab.down(purge=purge)
    if as_json:
        print_json({"lab": lab.name, "stopped": stopped, "purged": purge})
        return
    console.print(f"lab {lab.name}: down ({len(stopped)} process(es) stopped)")


@lab_app.command()
def status(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """What runs in the lab."""
    _show(_lab(ctx).status(), as_json)


@lab_app.command(
    "exec", context_settings={"allow_extra_args": True, "ignore_unknown_options": True}
)
def exec_(
    ctx: typer.Context,
    argv: Annotated[list[str], typer.Argument(help="The command, after --.")],
) -> None:
    """Run a command inside the appliance, e.g. tamas lab exec -- asterisk -rx "queue show"."""
    done = _lab(ctx).exec(argv, capture=False, timeout=None)
    sys.exit(done.returncode)


def register(app: typer.Typer) -> None:
    from provision.cli import traffic_cmd

    traffic_cmd.register(lab_app)
    app.add_typer(lab_app, name="lab")
