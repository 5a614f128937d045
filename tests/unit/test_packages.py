"""Tamas's Asterisk backport: release classification, repository files, bundles (no build)."""

from __future__ import annotations

import hashlib
import json
import tarfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from appliance.errors import InputError
from provision.packages.build import (
    SKIP,
    changelog_entry,
    compat_sources,
    source_version_of,
    sources_list,
)
from provision.packages.bundle import pack, unpack
from provision.packages.cache import CachedRepo, cached, newest
from provision.packages.releases import (
    RELEASES,
    asterisk_source,
    release_named,
    rename_build_deps,
)
from provision.packages.repo import pin, release_file

TRIXIE = """PRETTY_NAME="Debian GNU/Linux 13 (trixie)"
NAME="Debian GNU/Linux"
VERSION_ID="13"
VERSION="13 (trixie)"
VERSION_CODENAME=trixie
ID=debian
"""
BOOKWORM = TRIXIE.replace("13 (trixie)", "12 (bookworm)").replace('"13"', '"12"').replace(
    "=trixie", "=bookworm"
)
SID = (
    'PRETTY_NAME="Debian GNU/Linux forky/sid"\nNAME="Debian GNU/Linux"\n'
    "VERSION_CODENAME=forky\nID=debian\n"
)


def test_stable_releases_get_the_backport_and_sid_the_archive() -> None:
    trixie = asterisk_source(TRIXIE)
    assert (trixie.kind, trixie.release) == ("backport", RELEASES["trixie"])
    assert asterisk_source(BOOKWORM).release == RELEASES["bookworm"]
    assert asterisk_source(SID).kind == "archive"
    noble = 'ID=ubuntu\nVERSION_ID="24.04"\nVERSION_CODENAME=noble\nPRETTY_NAME="Ubuntu 24.04"\n'
    assert asterisk_source(noble).kind == "archive"


@pytest.mark.parametrize("text", [
    TRIXIE.replace("trixie", "bullseye").replace('"13"', '"11"'),
    'ID=centos\nPRETTY_NAME="CentOS Stream 9"\n',
    "",
])
def test_other_systems_are_refused_with_what_is_supported(text: str) -> None:
    with pytest.raises(InputError, match=r"Debian 13 \(trixie\) or 12 \(bookworm\)"):
        asterisk_source(text)


def test_the_backport_version_sorts_below_debians_own() -> None:
    # dpkg: '~' sorts before anything, so 1:22.10.1-1~tamas13+1 < 1:22.10.1-1 (Debian's wins).
    assert RELEASES["trixie"].backport_version("1:22.10.1-1") == "1:22.10.1-1~tamas13+1"
    assert RELEASES["bookworm"].backport_version("1:22.10.1-1").endswith("~tamas12+1")


def test_unknown_release_names_say_which_exist() -> None:
    with pytest.raises(InputError, match="bookworm, trixie"):
        release_named("buster")


def test_build_dep_renames_touch_whole_names_only() -> None:
    control = " libjack-dev,\n libjack-devel-extra,\n xlibjack-dev,\n portaudio19-dev,\n"
    renamed = rename_build_deps(control, RELEASES["bookworm"].build_dep_renames)
    assert renamed == (
        " libjack-jackd2-dev,\n libjack-devel-extra,\n xlibjack-dev,\n portaudio19-dev,\n"
    )


def test_debhelper_compat_is_found_in_release_or_backports() -> None:
    show = (
        "Package: debhelper\nVersion: 14.5~bpo13+1\nProvides: debhelper-compat (= 13),"
        " debhelper-compat (= 14)\n\n"
        "Package: debhelper\nVersion: 13.24\nProvides: debhelper-compat (= 12),"
        " debhelper-compat (= 13)\n"
    )
    assert compat_sources(show, 14) == "backports"
    assert compat_sources(show, 13) == "release"
    assert compat_sources(show, 15) is None


def test_source_version_is_the_first_of_showsrc() -> None:
    showsrc = "Package: asterisk\nVersion: 1:22.10.1+dfsg-1\nBinary: asterisk\n\n"
    assert source_version_of(showsrc) == "1:22.10.1+dfsg-1"


def test_changelog_entry_has_debians_shape() -> None:
    when = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    entry = changelog_entry("asterisk", "1:22.10.1-1~tamas13+1", RELEASES["trixie"], when)
    first, *_, signature, _blank = entry.split("\n")[:-1]
    assert first == "asterisk (1:22.10.1-1~tamas13+1) trixie; urgency=medium"
    assert signature == (
        " -- Tamas package builder <tamas@localhost>  Wed, 02 Dec 2026 10:00:00 +0000"
    )


def test_build_sources_take_binaries_from_the_release_and_only_source_from_sid() -> None:
    text = sources_list(RELEASES["trixie"], "http://m/debian", "http://m/debian-security")
    debs = [line for line in text.splitlines() if line.startswith("deb ")]
    assert all("sid" not in line for line in debs)
    assert "deb-src http://m/debian sid main" in text
    assert "deb http://m/debian trixie-backports main" in text


def test_the_repository_skips_what_a_box_never_needs() -> None:
    assert SKIP.match("asterisk-dev_1_amd64.deb")
    assert SKIP.match("asterisk-modules-dbgsym_1_amd64.deb")
    assert not SKIP.match("asterisk-modules_1_amd64.deb")
    assert not SKIP.match("asterisk_1_amd64.deb")


def test_release_file_lists_the_index_checksum() -> None:
    packages = b"Package: asterisk\nVersion: 1\n"
    text = release_file({"Packages": packages}, "trixie", datetime(2026, 12, 2, tzinfo=UTC))
    assert "Origin: Tamas\n" in text
    digest = hashlib.sha256(packages).hexdigest()
    assert f" {digest} {len(packages)} Packages\n" in text


def test_the_pin_lifts_only_asterisk_above_debian() -> None:
    text = pin(["asterisk", "asterisk-modules"])
    blocks = text.split("\n\n")
    assert "Package: *" in blocks[0] and "Pin-Priority: 100" in blocks[0]
    assert "Package: asterisk asterisk-modules" in blocks[1] and "Pin-Priority: 990" in blocks[1]


def _fake_repo(root: Path, version: str = "1:22.10.1-1", built: str = "2026-12-02") -> CachedRepo:
    folder = root / "packages" / "trixie" / version
    (folder / "repo").mkdir(parents=True)
    deb = folder / "repo" / "asterisk_22_amd64.deb"
    deb.write_bytes(b"not really a deb, but bytes with a checksum")
    (folder / "repo" / "Packages").write_text("Package: asterisk\n")
    manifest = {
        "release": "trixie", "source_version": version, "version": version + "~tamas13+1",
        "built_at": built, "debs": {deb.name: hashlib.sha256(deb.read_bytes()).hexdigest()},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return CachedRepo(folder, manifest)


def test_the_newest_finished_build_is_used(tmp_path: Path) -> None:
    _fake_repo(tmp_path, "1:22.9-1", built="2026-11-01T00:00:00")
    _fake_repo(tmp_path, "1:22.10.1-1", built="2026-12-01T00:00:00")
    unfinished = tmp_path / "packages" / "trixie" / "1:22.11-1"
    unfinished.mkdir()  # no manifest: a build that stopped half-way
    found = newest(RELEASES["trixie"], tmp_path)
    assert found is not None and found.source_version == "1:22.10.1-1"
    assert len(cached(RELEASES["trixie"], tmp_path)) == 2


def test_a_bundle_round_trips_into_another_cache(tmp_path: Path) -> None:
    repo = _fake_repo(tmp_path / "here")
    bundle = pack(repo, tmp_path)
    assert bundle.name == "tamas-asterisk-trixie-1_22.10.1-1.tar"
    there = unpack(bundle, tmp_path / "site")
    assert there.source_version == "1:22.10.1-1"
    assert (there.repo / "asterisk_22_amd64.deb").read_bytes() == (
        repo.repo / "asterisk_22_amd64.deb"
    ).read_bytes()


def test_a_damaged_bundle_is_refused_and_nothing_is_cached(tmp_path: Path) -> None:
    repo = _fake_repo(tmp_path / "here")
    (repo.repo / "asterisk_22_amd64.deb").write_bytes(b"changed in transit")
    bundle = pack(repo, tmp_path)
    with pytest.raises(InputError, match=r"asterisk_22_amd64\.deb is missing or damaged"):
        unpack(bundle, tmp_path / "site")
    assert newest(RELEASES["trixie"], tmp_path / "site") is None


def test_a_file_that_is_no_bundle_is_an_input_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"\x00" * 10)
    with pytest.raises(InputError, match="not a usable tamas package bundle"):
        unpack(junk, tmp_path / "site")
    empty = tmp_path / "empty.tar"
    with tarfile.open(empty, "w"):
        pass
    with pytest.raises(InputError, match=r"manifest\.json"):
        unpack(empty, tmp_path / "site")
