"""Options and arguments shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ProfileArg = Annotated[
    Path,
    typer.Argument(
        help="The office's hardware profile (YAML); see hardware_profiles/examples/.",
        show_default=False,
    ),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print one JSON document instead of a table.")
]
TargetOpt = Annotated[
    str,
    typer.Option(
        "--target",
        help="Where the appliance runs: 'lab' (the local sandbox), 'local' (this machine),"
        " or a host name/address reached over SSH.",
    ),
]
