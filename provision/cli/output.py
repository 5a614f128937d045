"""How the CLI shows things: errors on stderr, models as JSON or rich tables."""

from __future__ import annotations

import json
import sys
from typing import Any

from pydantic import BaseModel
from rich.console import Console

from appliance.errors import TamasError

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def print_error(exc: TamasError) -> None:
    lines = exc.lines()
    err_console.print(f"[bold red]{exc.title}:[/] {lines[0]}", markup=True)
    for line in lines[1:]:
        err_console.print(line, markup=False)


def print_json(value: BaseModel | dict[str, Any] | list[Any]) -> None:
    if isinstance(value, BaseModel):
        text = value.model_dump_json(indent=2)
    else:
        text = json.dumps(value, indent=2, default=str)
    sys.stdout.write(text + "\n")
