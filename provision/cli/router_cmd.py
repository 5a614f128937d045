"""`tamas router plan|apply|export PROFILE`: the office router over the RouterOS API."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from appliance.catalogue import catalogue
from appliance.errors import InputError
from appliance.profile import load_profile
from appliance.router.desired import desired_state
from appliance.secrets import secrets_for
from provision.cli.options import JsonOpt, ProfileArg
from provision.cli.output import console, print_json
from provision.render.mikrotik import render_rsc
from provision.render.site import site_for
from provision.router.apply import ApplyResult
from provision.router.service import run

router_app = typer.Typer(help="The MikroTik router: see what would change, apply it, or"
                              " export a script to paste by hand.", no_args_is_help=True)

RollbackOpt = Annotated[str, typer.Option(
    "--rollback-after", help="RouterOS time after which the router undoes the change unless"
    " a fresh login proves it is still reachable, e.g. 5m.")]


def _show(result: ApplyResult, as_json: bool, verb: str) -> None:
    if as_json:
        print_json({
            "routeros": result.facts.version, "board": result.facts.board,
            "model": result.facts.code, "changed": result.plan.changed,
            "applied": result.applied, "changes": result.plan.lines() if result.plan.changed
            else [], "notes": result.plan.notes})
        return
    facts = result.facts
    console.print(f"router: {facts.board} ({facts.code}), RouterOS {facts.version}")
    for line in result.plan.lines():
        console.print(line, markup=False)
    for note in result.plan.notes:
        console.print(f"note: {note}", markup=False)
    if result.plan.changed:
        console.print(f"{len(result.plan.changes)} change(s) {verb}")


@router_app.command("plan")
def plan(profile: ProfileArg, as_json: JsonOpt = False) -> None:
    """Read the router and show what `apply` would change (changes nothing)."""
    loaded = load_profile(profile)
    _show(run(loaded, secrets_for(loaded, profile), change=False), as_json, "to apply")


@router_app.command("apply")
def apply(profile: ProfileArg, rollback_after: RollbackOpt = "5m",
          as_json: JsonOpt = False) -> None:
    """Bring the router to the profile's state, with a rollback armed on the router."""
    if not re.fullmatch(r"(\d+[wdhms])+", rollback_after):
        raise InputError(f"--rollback-after: {rollback_after!r} is not a RouterOS time;"
                         " use e.g. 5m or 90s")
    loaded = load_profile(profile)
    result = run(loaded, secrets_for(loaded, profile), change=True,
                 rollback_after=rollback_after)
    _show(result, as_json, "applied; rollback disarmed after a fresh login")


@router_app.command("export")
def export(
    profile: ProfileArg,
    routeros: Annotated[int, typer.Option("--routeros", min=6, max=7,
                                          help="RouterOS major version: 6 or 7")] = 7,
    out: Annotated[Path | None, typer.Option("--out", help="write here, not to stdout")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Write the `.rsc` script for an installer who must paste it by hand."""
    loaded = load_profile(profile)
    site = site_for(loaded)
    state = desired_state(loaded, site.address, site.provisioning_url, catalogue(), routeros)
    text = render_rsc(state, loaded.office.name, f"the profile of {loaded.office.name}")
    if as_json:
        if out is not None:
            out.write_text(text, encoding="utf-8")
        print_json({"routeros": routeros, "out": str(out) if out else None,
                    **({} if out else {"script": text})})
    elif out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"wrote {out} (RouterOS v{routeros})")


def register(app: typer.Typer) -> None:
    app.add_typer(router_app, name="router")
