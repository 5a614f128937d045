"""Render the whole appliance: every generator's files, as one tree of text.

Each generator module exposes `generate(inp: RenderInput) -> dict[str, str]` (path
relative to the tree -> content). The tree is the single source of truth that
`tamas render`, `tamas apply --diff` and the playbooks all use.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from appliance.catalogue import Catalogue, catalogue
from appliance.errors import RenderError
from appliance.files import write_atomic
from appliance.profile.model import Profile
from appliance.secrets import Secrets
from provision.render.site import Site, site_for

# One module per area; each owns the files under its top folder of the tree.
GENERATORS: tuple[str, ...] = (
    "provision.render.asterisk",
    "provision.render.phones",
    "provision.render.mikrotik",
)


@dataclass(frozen=True)
class RenderInput:
    profile: Profile
    secrets: Secrets
    site: Site
    catalogue: Catalogue
    today: date  # in the office's time zone: which official holidays lie ahead


def office_today(profile: Profile) -> date:
    return datetime.now(ZoneInfo(profile.office.timezone)).date()


def render_all(
    profile: Profile, secrets: Secrets, site: Site | None = None, today: date | None = None
) -> dict[str, str]:
    """Every file of the appliance; `today` (default: the office's today) dates the
    window of official holidays the dialplan closes on."""
    inp = RenderInput(profile, secrets, site or site_for(profile), catalogue(),
                      today or office_today(profile))
    tree: dict[str, str] = {}
    for name in GENERATORS:
        files = importlib.import_module(name).generate(inp)
        clash = tree.keys() & files.keys()
        if clash:
            raise RenderError(f"{name} renders files another generator owns: {sorted(clash)}")
        tree.update(files)
    return dict(sorted(tree.items()))


def write_tree(tree: dict[str, str], out: Path) -> list[Path]:
    """Write every file atomically; files are 0640 since configs hold secrets."""
    written = []
    for relative, content in tree.items():
        target = out / relative
        write_atomic(target, content, mode=0o640)
        written.append(target)
    return written
