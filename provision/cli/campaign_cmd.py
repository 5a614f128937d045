"""`tamas campaign start|status|stop`: progressive outbound campaigns into a queue."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from appliance.errors import InputError
from provision.campaign import service
from provision.campaign.model import State
from provision.cli.options import JsonOpt, ProfileArg
from provision.cli.output import console, print_json

NameOpt = Annotated[str, typer.Option("--name", help="The campaign's name (a-z, 0-9, - and _).")]
LabOpt = Annotated[
    str | None, typer.Option("--lab", help="Dial through this lab's Asterisk"
                             " (default: $TAMAS_LAB).")
]
AmiOpt = Annotated[
    str | None,
    typer.Option("--ami", help="AMI as HOST:PORT instead of a lab, e.g. 127.0.0.1:5038 on the"
                 " appliance itself."),
]


def _ami(lab: str | None, ami: str | None) -> tuple[str, int]:
    if ami:
        host, _, port = ami.rpartition(":")
        if not host or not port.isdigit():
            raise InputError(f"--ami {ami!r}: must be HOST:PORT, e.g. 127.0.0.1:5038")
        return host, int(port)
    from provision.lab import Lab  # only when dialing through a lab

    return Lab.named(lab).addresses.appliance, 5038


def _show(state: State, pid: int | None, as_json: bool) -> None:
    running = "running" if pid else ("finished" if state.finished else "stopped")
    if as_json:
        print_json({"name": state.spec.name, "queue": state.spec.queue, "state": running,
                    "counts": state.counts(), "last_error": state.last_error,
                    "numbers": [n.model_dump(mode="json") for n in state.numbers]})
        return
    counts = ", ".join(f"{k} {v}" for k, v in state.counts().items() if v)
    console.print(f"campaign {state.spec.name} -> queue {state.spec.queue}: {running}; {counts}")
    for item in state.numbers:
        console.print(f"  {item.number:<16} {item.outcome.value:<10} attempts {item.attempts}")
    if state.last_error:
        console.print(f"  last error: {state.last_error}")


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Outbound campaigns: numbers dialed when an agent is free.",
                        no_args_is_help=True)

    @group.command("start")
    def start(
        profile: ProfileArg,
        numbers: Annotated[Path, typer.Argument(help="CSV file, one number per row.")],
        queue: Annotated[str, typer.Option("--queue", help="Queue whose agents take the calls.")],
        name: NameOpt = "campaign",
        line: Annotated[str | None, typer.Option("--line", help="Line to dial out on.")] = None,
        pace: Annotated[int, typer.Option("--pace", help="Most calls started a minute.")] = 6,
        hours: Annotated[str, typer.Option("--hours", help="Calling hours, HH:MM-HH:MM,"
                                           " office time.")] = "09:00-18:00",
        retries: Annotated[int, typer.Option("--retries", help="Extra attempts after busy"
                                             " or no answer.")] = 2,
        retry_after: Annotated[int, typer.Option("--retry-after", help="Seconds before a"
                                                 " retry.")] = 600,
        lab: LabOpt = None, ami: AmiOpt = None, as_json: JsonOpt = False,
    ) -> None:
        """Start dialing NUMBERS into QUEUE in the background."""
        host, port = _ami(lab, ami)
        options = service.Options(name, numbers, queue, line, pace, hours, retries, retry_after)
        folder = service.start(profile, options, host, port)
        if as_json:
            print_json({"campaign": name, "state": str(folder / "state.json")})
            return
        console.print(f"campaign {name} started; results in {folder / 'state.json'}")

    @group.command("status")
    def status(profile: ProfileArg, name: NameOpt = "campaign", as_json: JsonOpt = False) -> None:
        """Results per number, and whether the dialer still runs."""
        state, pid = service.status(profile, name)
        _show(state, pid, as_json)

    @group.command("stop")
    def stop(profile: ProfileArg, name: NameOpt = "campaign", as_json: JsonOpt = False) -> None:
        """Stop dialing; calls under way finish."""
        _show(service.stop(profile, name), None, as_json)

    app.add_typer(group, name="campaign")
