"""The installer's package cache: one apt repository per (release, Asterisk source version).

    <cache>/packages/<codename>/<source version>/repo/      *.deb, Packages, Release
    <cache>/packages/<codename>/<source version>/manifest.json
    <cache>/packages/<codename>/<source version>/build.log

The cache is $TAMAS_CACHE_DIR, else $XDG_CACHE_HOME/tamas, else ~/.cache/tamas, so every
checkout and installed copy of tamas on a machine shares one build per version.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provision.packages.releases import Release


def cache_root() -> Path:
    env = os.environ.get("TAMAS_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "tamas"


@dataclass(frozen=True)
class CachedRepo:
    """One finished build: the repository folder and what the manifest says of it."""

    folder: Path  # <cache>/packages/<codename>/<version>
    manifest: dict[str, Any]

    @property
    def repo(self) -> Path:
        return self.folder / "repo"

    @property
    def release(self) -> str:
        return str(self.manifest["release"])

    @property
    def source_version(self) -> str:
        return str(self.manifest["source_version"])

    @property
    def version(self) -> str:
        return str(self.manifest["version"])

    @property
    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.repo.iterdir() if p.is_file())


def release_dir(release: Release, root: Path | None = None) -> Path:
    return (root or cache_root()) / "packages" / release.codename


def cached(release: Release, root: Path | None = None) -> list[CachedRepo]:
    """Finished builds for this release, newest build first (a build ends with its manifest)."""
    found = []
    folder = release_dir(release, root)
    for manifest in folder.glob("*/manifest.json") if folder.is_dir() else []:
        try:
            data = json.loads(manifest.read_text())
        except (OSError, ValueError):
            continue
        if (manifest.parent / "repo" / "Packages").is_file():
            found.append(CachedRepo(manifest.parent, data))
    return sorted(found, key=lambda c: str(c.manifest.get("built_at", "")), reverse=True)


def newest(release: Release, root: Path | None = None) -> CachedRepo | None:
    builds = cached(release, root)
    return builds[0] if builds else None
