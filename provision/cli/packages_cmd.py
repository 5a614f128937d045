"""`tamas packages`: Asterisk for Debian 12/13, built ahead of time or carried as a bundle."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from provision.cli.options import JsonOpt
from provision.cli.output import console, print_json
from provision.cli.progress import StepClock

if TYPE_CHECKING:  # the package code is imported only when a command runs
    from provision.packages.cache import CachedRepo
    from provision.packages.releases import Release

packages_app = typer.Typer(
    help="Asterisk packages for stable Debian: Debian's own packaging rebuilt per release,"
    " cached on this machine, shipped to the box by tamas apply.",
    no_args_is_help=True,
)

ReleaseOpt = Annotated[
    list[str] | None,
    typer.Option("--release", help="bookworm or trixie (repeat for both; default: both)."),
]


def _releases(names: list[str] | None) -> list[Release]:
    from provision.packages.releases import RELEASES, release_named

    return [release_named(n) for n in names] if names else list(RELEASES.values())


@packages_app.command()
def build(
    release: ReleaseOpt = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Build even if cached.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Build (or refresh) the packages from sid's newest Asterisk source.

    The first build of a release takes a while (about 30 minutes on 2 cores); later ones
    return at once unless Debian published a newer source (security fixes: run this
    again, then tamas apply). Examples: tamas packages build;
    tamas packages build --release trixie
    """
    from provision.packages.build import build as build_release

    results = []
    for one in _releases(release):
        clock = StepClock(f"Asterisk for Debian {one.number} ({one.codename})", quiet=as_json)
        with clock:
            repo = build_release(one, rebuild=rebuild, on_step=clock.step)
        results.append(_row(repo))
    if as_json:
        print_json(results)


def _row(repo: CachedRepo) -> dict[str, object]:
    return {
        "release": repo.release, "version": repo.version, "source_version": repo.source_version,
        "built_at": repo.manifest.get("built_at"),
        "build_seconds": repo.manifest.get("build_seconds"),
        "size_bytes": repo.size_bytes, "path": str(repo.folder),
    }


@packages_app.command("list")
def list_(as_json: JsonOpt = False) -> None:
    """The cached builds on this machine. Example: tamas packages list --json"""
    from provision.packages.cache import cached
    from provision.packages.releases import RELEASES

    rows = [_row(r) for rel in RELEASES.values() for r in cached(rel)]
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print("no packages cached: tamas packages build (or tamas apply builds them)")
    for row in rows:
        console.print(
            f"{row['release']!s:<9} {row['version']}  {int(str(row['size_bytes'])) >> 20} MiB"
            f"  built {row['built_at']} in {row['build_seconds']} s  {row['path']}"
        )


@packages_app.command()
def bundle(
    release: ReleaseOpt = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="File or folder.")] = Path("."),
    as_json: JsonOpt = False,
) -> None:
    """Pack the cached packages into one file to carry to a site without internet.

    Builds them first if needed. On the site's machine: tamas packages import FILE.
    Example: tamas packages bundle --release trixie -o /media/usb/
    """
    from provision.packages.build import ensure
    from provision.packages.bundle import pack

    written = []
    for one in _releases(release):
        clock = StepClock(f"Asterisk for Debian {one.number} ({one.codename})", quiet=as_json)
        with clock:
            repo = ensure(one, on_step=clock.step)
        if len(release or ()) != 1 and not output.is_dir():
            output.mkdir(parents=True, exist_ok=True)
        path = pack(repo, output)
        written.append({**_row(repo), "bundle": str(path)})
        if not as_json:
            console.print(f"wrote {path}")
    if as_json:
        print_json(written)


@packages_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A bundle made by tamas packages bundle.")],
    as_json: JsonOpt = False,
) -> None:
    """Put a carried bundle into this machine's cache (checksums checked first).

    Example: tamas packages import tamas-asterisk-trixie-22.10.1.tar
    """
    from provision.packages.bundle import unpack

    repo = unpack(file)
    if as_json:
        print_json(_row(repo))
    else:
        console.print(f"imported Asterisk {repo.version} for {repo.release} into {repo.folder}")


def register(app: typer.Typer) -> None:
    app.add_typer(packages_app, name="packages")
