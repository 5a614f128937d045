"""Small helpers every Asterisk context builder uses."""

from __future__ import annotations

from provision.render.environment import header
from provision.render.tree import RenderInput


def source(inp: RenderInput) -> str:
    return f"the profile of {inp.profile.office.name}"


def banner(inp: RenderInput, name: str) -> str:
    return header(f"asterisk/{name}.j2", source(inp), ";")
