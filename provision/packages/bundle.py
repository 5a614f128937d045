"""One file an installer can carry: a cached repository, packed with its manifest.

    tamas-asterisk-<release>-<source version>.tar
        manifest.json          release, versions, sha256 of every .deb
        repo/*.deb, Packages, Release

`unpack` checks every .deb against the manifest before the repository enters the cache,
so a bundle damaged in transit is refused, never installed.
"""

from __future__ import annotations

import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from appliance.errors import InputError
from provision.packages.cache import CachedRepo, release_dir
from provision.packages.releases import release_named
from provision.packages.repo import sha256_of


def bundle_name(repo: CachedRepo) -> str:
    return f"tamas-asterisk-{repo.release}-{repo.source_version.replace(':', '_')}.tar"


def pack(repo: CachedRepo, output: Path) -> Path:
    if output.is_dir():
        output = output / bundle_name(repo)
    tmp = output.with_name(output.name + ".part")
    with tarfile.open(tmp, "w") as tar:
        tar.add(repo.folder / "manifest.json", arcname="manifest.json")
        for path in sorted(repo.repo.iterdir()):
            tar.add(path, arcname=f"repo/{path.name}")
    tmp.replace(output)
    return output


def _extract_plain_files(tar: tarfile.TarFile, where: Path) -> None:
    """Only regular files at safe relative paths (Python 3.11.2 on bookworm has no
    extraction filters, so the check is ours)."""
    for member in tar.getmembers():
        name = Path(member.name)
        if not member.isfile() or name.is_absolute() or ".." in name.parts:
            raise tarfile.TarError(f"unexpected member {member.name!r}")
        target = where / name
        target.parent.mkdir(parents=True, exist_ok=True)
        source = tar.extractfile(member)
        assert source is not None
        with source, target.open("wb") as out:
            shutil.copyfileobj(source, out)


def _bad(path: Path, why: str) -> InputError:
    return InputError(f"{path}: not a usable tamas package bundle: {why}")


def unpack(bundle: Path, root: Path | None = None) -> CachedRepo:
    if not bundle.is_file():
        raise InputError(f"{bundle}: no such file (a bundle made by tamas packages bundle)")
    with tempfile.TemporaryDirectory(prefix="tamas-bundle-") as scratch:
        where = Path(scratch)
        try:
            with tarfile.open(bundle) as tar:
                _extract_plain_files(tar, where)
        except (tarfile.TarError, OSError) as exc:
            raise _bad(bundle, f"cannot read it as tar ({exc})") from None
        try:
            manifest = json.loads((where / "manifest.json").read_text())
            release = release_named(str(manifest["release"]))
            debs: dict[str, str] = dict(manifest["debs"])
            source_version = str(manifest["source_version"])
        except (OSError, ValueError, KeyError, TypeError, InputError):
            raise _bad(bundle, "manifest.json is missing or incomplete") from None
        for name, digest in debs.items():
            deb = where / "repo" / Path(name).name
            if not deb.is_file() or sha256_of(deb) != digest:
                raise _bad(bundle, f"{name} is missing or damaged (checksum differs)")
        if not (where / "repo" / "Packages").is_file():
            raise _bad(bundle, "repo/Packages is missing")
        folder = release_dir(release, root) / source_version
        if folder.exists():
            shutil.rmtree(folder)
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(where, folder)
    return CachedRepo(folder, manifest)
