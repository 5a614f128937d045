"""`tamas render PROFILE --out DIR`: every config file of the appliance, from the templates.

The same rendering `tamas apply` sends; secrets are generated on first use, kept beside
the profile (0600) and written only into the files that need them, never printed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from appliance.errors import InputError
from appliance.profile.load import load_profile
from appliance.secrets import secrets_for
from provision.cli.options import JsonOpt, ProfileArg
from provision.cli.output import console, print_json
from provision.render import render_all, site_for, write_tree

OutOpt = Annotated[
    Path, typer.Option("--out", help="Folder to write the tree into (made if missing).")
]
LabOpt = Annotated[
    str | None,
    typer.Option("--lab", help="Render for this lab's loopback addresses, as `apply` would."),
]


def render(profile: ProfileArg, out: OutOpt, lab: LabOpt = None, as_json: JsonOpt = False) -> None:
    """Render every config file (Asterisk, phones, router) into a folder."""
    loaded = load_profile(profile)
    secrets = secrets_for(loaded, profile)
    if lab is not None:
        from provision.lab import Lab  # only with --lab: the lab's addresses
        from provision.lab.overlay import overlay_profile

        loaded = overlay_profile(loaded, Lab.named(lab).addresses)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out: {out} is a file; give a folder to write the configs into")
    tree = render_all(loaded, secrets, site_for(loaded))
    written = write_tree(tree, out)
    if as_json:
        print_json({"out": str(out), "files": {k: len(v.encode()) for k, v in tree.items()}})
        return
    for path in written:
        console.print(f"  {path.relative_to(out)}", markup=False)
    console.print(f"{len(written)} files written to {out}", markup=False)


def register(app: typer.Typer) -> None:
    app.command("render")(render)
