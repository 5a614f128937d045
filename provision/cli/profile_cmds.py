"""`tamas validate`: read a profile and say what is wrong with it, field by field."""

from __future__ import annotations

import typer

from appliance.profile import load_profile
from provision.cli.options import JsonOpt, ProfileArg
from provision.cli.output import console, print_json


def validate(profile: ProfileArg, as_json: JsonOpt = False) -> None:
    """Check a hardware profile; exit 2 with one line per wrong field."""
    loaded = load_profile(profile)
    if as_json:
        print_json(loaded.model_dump(mode="json", by_alias=True))
        return
    console.print(
        f"{profile}: valid ({len(loaded.phones)} phones, {len(loaded.lines)} lines,"
        f" {len(loaded.queues)} queues)"
    )


def register(app: typer.Typer) -> None:
    app.command()(validate)
