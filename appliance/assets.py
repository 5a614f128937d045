"""Where the tool's data lives: templates, playbooks and the hardware catalogue.

In a source checkout (or an editable install) they are top-level folders of the
repository; an installed wheel carries them as the `tamas_assets` package.
"""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path


@cache
def asset_root() -> Path:
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "templates").is_dir() and (checkout / "hardware_profiles").is_dir():
        return checkout
    spec = find_spec("tamas_assets")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("tamas is installed without its data (tamas_assets); reinstall it")
    return Path(next(iter(spec.submodule_search_locations)))


def templates_dir() -> Path:
    return asset_root() / "templates"


def playbooks_dir() -> Path:
    return asset_root() / "playbooks"


def hardware_dir() -> Path:
    return asset_root() / "hardware_profiles"


def example_profiles() -> list[Path]:
    """The example offices shipped with the tool (not the secrets files kept beside them)."""
    folder = hardware_dir() / "examples"
    return sorted(p for p in folder.glob("*.yaml") if not p.name.endswith(".secrets.yaml"))
