"""`tamas secrets`: set the passwords others chose; list which are set, never their values."""

from __future__ import annotations

from typing import Annotated

import typer

from appliance.errors import InputError
from appliance.profile import load_profile
from appliance.secrets import load_secrets, save_secrets, secrets_for, secrets_path_for
from provision.cli.options import JsonOpt, ProfileArg
from provision.cli.output import console, print_json

secrets_app = typer.Typer(help="Passwords kept beside the profile (mode 0600), never printed.")


@secrets_app.command("set")
def set_secret(
    profile: ProfileArg,
    key: Annotated[str, typer.Argument(help="'router', or 'lines.NAME' for a provider's password")],
    as_json: JsonOpt = False,
) -> None:
    """Store a password someone else chose (asked for without echo)."""
    loaded = load_profile(profile)
    store = secrets_for(loaded, profile)
    line_names = [line.name for line in loaded.lines]
    if key != "router" and not (key.startswith("lines.") and key[6:] in line_names):
        raise InputError(
            f"key {key!r} is not settable; use 'router' or one of: "
            + ", ".join(f"lines.{n}" for n in line_names)
        )
    value = typer.prompt(f"password for {key}", hide_input=True, confirmation_prompt=True)
    if key == "router":
        store.router = value
    else:
        store.lines[key[6:]] = value
    save_secrets(secrets_path_for(profile), store)
    if as_json:
        print_json({"key": key, "stored_in": str(secrets_path_for(profile))})
    else:
        console.print(f"{key}: stored in {secrets_path_for(profile)}")


@secrets_app.command("list")
def list_secrets(profile: ProfileArg, as_json: JsonOpt = False) -> None:
    """Which secrets exist for this profile (names only)."""
    store = load_secrets(secrets_path_for(profile))
    if as_json:  # names and whether each is set: never a value
        print_json({"ami": bool(store.ami), "router": bool(store.router),
                    "lines": sorted(store.lines), "phones": sorted(store.phones)})
        return
    console.print(f"ami: {'set' if store.ami else 'missing'}")
    console.print(f"router: {'set' if store.router else 'missing'}")
    for name in sorted(store.lines):
        console.print(f"lines.{name}: set")
    for ext in sorted(store.phones):
        console.print(f"phones.{ext}: set")


def register(app: typer.Typer) -> None:
    app.add_typer(secrets_app, name="secrets")
